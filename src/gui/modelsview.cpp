// The Models tab; see modelsview.h.
#include "modelsview.h"

#include "modellibrary.h"
#include "modelloadsettings.h"
#include "starthiveworkerdialog.h"
#include "startworkerdialog.h"

#include "core/client/hivelist.h"
#include "core/client/queenconnection.h"
#include "core/client/queenhiveclient.h"
#include "core/protocol/workerstartrequest.h"
#include "core/registry/workerregistry.h"

#include <algorithm>

#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace rbee::gui {

using namespace rbee::core;

ModelsView::ModelsView(QueenConnection *queen, QWidget *parent)
    : QWidget(parent)
    , m_queen(queen)
    , m_library(new ModelLibrary(queen->registry(), queen->hives(), this))
    , m_table(new QTableView(this))
    , m_load(new QPushButton(tr("&Load…"), this))
    , m_loadOnMachine(new QToolButton(this))
    , m_unload(new QPushButton(tr("&Unload"), this))
    , m_removeFolder(new QPushButton(tr("Remove folder"), this))
    , m_message(new QLabel(this))
    , m_hiveClient(new QueenHiveClient(queen, this))
{
    setObjectName(QStringLiteral("modelsView"));
    m_table->setObjectName(QStringLiteral("modelTable"));
    m_load->setObjectName(QStringLiteral("loadModelButton"));
    m_loadOnMachine->setObjectName(QStringLiteral("loadOnMachineButton"));
    m_unload->setObjectName(QStringLiteral("unloadModelButton"));
    m_removeFolder->setObjectName(QStringLiteral("removeFolderButton"));
    m_message->setObjectName(QStringLiteral("modelsMessage"));
    m_table->setModel(m_library);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    // What a user looks for first stays in view in a narrow pane: the name, where the model is
    // loaded and its size; the GGUF facts follow, architecture last (stretched).
    QHeaderView *header = m_table->horizontalHeader();
    header->moveSection(header->visualIndex(ModelLibrary::LoadedOn), 1);
    header->moveSection(header->visualIndex(ModelLibrary::Architecture), ModelLibrary::ColumnCount - 1);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(ModelLibrary::Name, QHeaderView::Interactive);
    header->resizeSection(ModelLibrary::Name, fontMetrics().horizontalAdvance(QLatin1Char('M')) * 12);
    header->setStretchLastSection(true);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->setWordWrap(false);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);

    auto *addFolder = new QPushButton(tr("Add folder…"), this);
    addFolder->setObjectName(QStringLiteral("addFolderButton"));
    auto *refresh = new QPushButton(tr("Refresh"), this);
    refresh->setObjectName(QStringLiteral("refreshModelsButton"));
    m_loadOnMachine->setText(tr("Load on a machine"));
    m_loadOnMachine->setPopupMode(QToolButton::InstantPopup);
    m_loadOnMachine->setMenu(new QMenu(m_loadOnMachine));
    m_loadOnMachine->setToolTip(tr("Start a worker on this model on a machine of the cluster (a hive that has "
                                   "the file in its models folder)"));

    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_load);
    buttons->addWidget(m_loadOnMachine);
    buttons->addWidget(m_unload);
    buttons->addStretch(1);
    buttons->addWidget(addFolder);
    buttons->addWidget(m_removeFolder);
    buttons->addWidget(refresh);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(m_load, &QPushButton::clicked, this, [this] { load(selectedPath()); });
    connect(m_unload, &QPushButton::clicked, this, [this] { unload(selectedPath()); });
    connect(addFolder, &QPushButton::clicked, this, &ModelsView::addFolder);
    connect(m_removeFolder, &QPushButton::clicked, this, &ModelsView::removeFolder);
    connect(refresh, &QPushButton::clicked, m_library, &ModelLibrary::rescan);
    connect(m_loadOnMachine->menu(), &QMenu::aboutToShow, this, [this] {
        QMenu *menu = m_loadOnMachine->menu();
        menu->clear();
        const QString path = selectedPath();
        for (const HiveRecord &h : m_queen->hives()->hives()) {
            if (h.online)
                menu->addAction(h.name(), this, [this, name = h.name(), path] { loadOnMachine(name, path); });
        }
        if (menu->isEmpty())
            menu->addAction(tr("No machine of the cluster is online"))->setEnabled(false);
    });
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        const QModelIndex index = m_table->indexAt(pos);
        if (!index.isValid())
            return;
        const QString path = index.data(ModelLibrary::PathRole).toString();
        QMenu menu(this);
        menu.addAction(tr("Load…"), this, [this, path] { load(path); });
        menu.addAction(tr("Unload"), this, [this, path] { unload(path); })
            ->setEnabled(!index.data(ModelLibrary::WorkerIdsRole).toStringList().isEmpty());
        menu.exec(m_table->viewport()->mapToGlobal(pos));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ModelsView::updateButtons);
    connect(m_library, &QAbstractItemModel::dataChanged, this, [this] {
        updateButtons();
        followPending();
    });
    for (auto signal : {&HiveList::hiveAdded, &HiveList::hiveChanged, &HiveList::hiveRemoved})
        connect(m_queen->hives(), signal, this, &ModelsView::updateButtons);
    connect(m_library, &QAbstractItemModel::modelReset, this, &ModelsView::updateButtons);
    connect(m_library, &ModelLibrary::scanned, m_table, [this] {
        m_table->resizeColumnsToContents();
        updateButtons();
    });
    updateButtons();
}

void ModelsView::setFolders(const QString &modelsFolder, const QStringList &added)
{
    m_modelsFolder = modelsFolder;
    m_added = added;
    m_library->setFolders(QStringList{modelsFolder} + added);
    updateButtons();
}

void ModelsView::setLocalWorkerUrls(const QSet<QString> &urls)
{
    m_localUrls = urls;
    m_library->setLocalWorkerUrls(urls);
}

QString ModelsView::selectedPath() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(ModelLibrary::PathRole).toString();
}

void ModelsView::updateButtons()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const bool selected = !rows.isEmpty();
    m_load->setEnabled(selected);
    const QList<HiveRecord> &hives = m_queen->hives()->hives();
    m_loadOnMachine->setEnabled(
        selected && std::any_of(hives.begin(), hives.end(), [](const HiveRecord &h) { return h.online; }));
    m_unload->setEnabled(selected && !rows.first().data(ModelLibrary::WorkerIdsRole).toStringList().isEmpty());
    m_removeFolder->setEnabled(!m_added.isEmpty());
}

void ModelsView::showMessage(const QString &text, bool error)
{
    m_message->setStyleSheet(error ? QStringLiteral("color: #c62828;") : QString());
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void ModelsView::followPending()
{
    auto servedBy = [this](const QString &path) {
        const int row = m_library->rowOfPath(path);
        return row < 0 ? QStringList() : m_library->index(row, 0).data(ModelLibrary::WorkerIdsRole).toStringList();
    };
    // A load is over when a worker serves the model, not when one still loading it has sent a
    // heartbeat: one that exits while loading is a failed load (localWorkerExited), with its reason.
    auto ready = [this, &servedBy](const QString &path) {
        const QStringList ids = servedBy(path);
        return std::any_of(ids.begin(), ids.end(), [this](const QString &id) {
            const WorkerRecord *w = m_queen->registry()->find(id);
            return w && w->last.status != WorkerStatus::Loading;
        });
    };
    for (const QString &path : m_library->loadingPaths()) {
        if (ready(path))
            m_library->clearLoadState(path);
    }
    if (!m_loading.isEmpty() && ready(m_loading)) {
        showMessage(tr("%1 is loaded.").arg(ModelLibrary::modelName(m_loading)), false);
        m_loading.clear();
    }
    if (!m_unloading.isEmpty() && servedBy(m_unloading).isEmpty()) {
        showMessage(tr("%1 is unloaded.").arg(ModelLibrary::modelName(m_unloading)), false);
        m_unloading.clear();
    }
}

void ModelsView::load(const QString &path)
{
    if (path.isEmpty())
        return;
    StartWorkerDialog dialog(QFileInfo(path).absolutePath(), m_workerBinary, this);
    dialog.setWindowTitle(tr("Load %1").arg(ModelLibrary::modelName(path)));
    dialog.setSettings(ModelLoadSettings::remembered(path));
    dialog.offerLoadAtStart(ModelLoadSettings::loadsAtStart(path));
    if (dialog.exec() != QDialog::Accepted)
        return;
    const LocalWorker::Settings settings = dialog.settings();
    ModelLoadSettings::remember(settings);
    ModelLoadSettings::setLoadsAtStart(settings.modelPath, dialog.loadAtStart());
    showMessage(tr("Loading %1 on this computer…").arg(ModelLibrary::modelName(settings.modelPath)), false);
    m_loading = settings.modelPath;
    m_unloading.clear();
    m_library->setLoading(settings.modelPath);
    Q_EMIT loadRequested(settings);
}

void ModelsView::localWorkerExited(const QString &path, const QString &reason, const QString &description)
{
    if (!m_library->isLoading(path))
        return;  // it served (an exit after that is the exit bar's to show), or was unloaded
    m_library->setLoadFailed(path, reason.isEmpty() ? description : reason, description);
    if (QFileInfo(m_loading).absoluteFilePath() == QFileInfo(path).absoluteFilePath())
        m_loading.clear();
    showMessage(tr("Could not load %1: %2").arg(ModelLibrary::modelName(path), description), true);
}

void ModelsView::unload(const QString &path)
{
    const int row = m_library->rowOfPath(path);
    if (row < 0)
        return;
    const QStringList ids = m_library->index(row, 0).data(ModelLibrary::WorkerIdsRole).toStringList();
    // Unloading on purpose: it is not loaded again at the next start.
    ModelLoadSettings::setLoadsAtStart(path, false);
    for (const QString &id : ids) {
        const WorkerRecord *w = m_queen->registry()->find(id);
        if (!w)
            continue;
        if (m_localUrls.contains(w->last.url)) {
            Q_EMIT stopLocalWorkerRequested(w->last.url);
            continue;
        }
        m_hiveClient->stopWorker(id, this, [this, id](const Result<QJsonObject> &answer) {
            if (!answer)
                showMessage(tr("Could not stop worker %1: %2").arg(id, answer.error().message), true);
        });
    }
    showMessage(tr("Unloading %1…").arg(ModelLibrary::modelName(path)), false);
    m_unloading = path;
    m_loading.clear();
    m_library->clearLoadState(path);
}

void ModelsView::loadOnMachine(const QString &hive, const QString &path)
{
    const HiveRecord *record = m_queen->hives()->hive(hive);
    if (!record)
        return;
    StartHiveWorkerDialog dialog(record->last, ModelLibrary::modelName(path), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const WorkerStartRequest request = dialog.request();
    showMessage(tr("Starting a worker of %1 on %2…").arg(request.model, request.hive), false);
    m_library->setLoading(path);
    m_hiveClient->startWorker(request, this, [this, request, path](const Result<QJsonObject> &answer) {
        if (!answer) {
            const QString message =
                tr("Could not start a worker of %1 on %2: %3").arg(request.model, request.hive, answer.error().message);
            m_library->setLoadFailed(path, answer.error().message, message);
            showMessage(message, true);
            return;
        }
        // The queen started it: the row follows the registry from here ("attic (loading)", "attic").
        ModelLoadSettings::rememberOnMachine(request);
        m_library->clearLoadState(path);
        showMessage(tr("Started a worker of %1 on %2.").arg(request.model, request.hive), false);
    });
}

void ModelsView::addFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Add a models folder"), QDir::homePath());
    if (folder.isEmpty() || folder == m_modelsFolder || m_added.contains(folder))
        return;
    m_added << folder;
    setFolders(m_modelsFolder, m_added);
    Q_EMIT addedFoldersChanged(m_added);
}

void ModelsView::removeFolder()
{
    if (m_added.isEmpty())
        return;
    // The folder of the selected model when it is one the user added, else which one to remove.
    QString folder;
    for (const QString &f : std::as_const(m_added)) {
        if (selectedPath().startsWith(QDir(f).absolutePath() + u'/'))
            folder = f;
    }
    if (folder.isEmpty()) {
        bool ok = false;
        folder = QInputDialog::getItem(this, tr("Remove a models folder"), tr("Folder:"), m_added, 0, false, &ok);
        if (!ok)
            return;
    }
    m_added.removeAll(folder);
    setFolders(m_modelsFolder, m_added);
    Q_EMIT addedFoldersChanged(m_added);
}

}  // namespace rbee::gui
