// The Machines tab; see machinesview.h.
#include "machinesview.h"

#include "hivetreemodel.h"
#include "modelloadsettings.h"
#include "modelpulldialog.h"
#include "starthiveworkerdialog.h"
#include "statustagdelegate.h"
#include "usagebardelegate.h"

#include "core/client/hivelist.h"
#include "core/client/queenconnection.h"
#include "core/client/queenhiveclient.h"

#include <QAction>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

namespace rbee::gui {

using namespace rbee::core;

MachinesView::MachinesView(QueenConnection *queen, QWidget *parent)
    : QWidget(parent)
    , m_queen(queen)
    , m_model(new HiveTreeModel(queen->hives(), this))
    , m_tree(new QTreeView(this))
    , m_empty(new QLabel(this))
    , m_message(new QLabel(this))
    , m_hiveClient(new QueenHiveClient(queen, this))
{
    setObjectName(QStringLiteral("machinesView"));
    auto *toolbar = new QToolBar(this);
    toolbar->setObjectName(QStringLiteral("machinesToolBar"));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto action = [this, toolbar](const char *name, const QString &text, void (MachinesView::*slot)()) {
        auto *a = new QAction(text, this);
        a->setObjectName(QLatin1String(name));
        connect(a, &QAction::triggered, this, slot);
        toolbar->addAction(a);
        return a;
    };
    m_start = action("actionStartWorkerHere", tr("Start worker here…"), &MachinesView::startWorkerHere);
    m_stop = action("actionStopHiveWorker", tr("Stop"), &MachinesView::stopWorker);
    m_copy = action("actionCopyModel", tr("Copy model to…"), &MachinesView::copyModel);
    m_download = action("actionDownloadModel", tr("Download model to…"), &MachinesView::downloadModel);

    m_tree->setObjectName(QStringLiteral("machinesTree"));
    m_tree->setModel(m_model);
    m_tree->setItemDelegateForColumn(HiveTreeModel::Status, new StatusTagDelegate(m_tree));
    m_tree->setItemDelegateForColumn(HiveTreeModel::Usage, new UsageBarDelegate(m_tree));
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setAllColumnsShowFocus(true);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setStretchLastSection(true);
    // A hive that appears, and a section that appears under it, are shown open.
    connect(m_model, &QAbstractItemModel::rowsInserted, m_tree, [this](const QModelIndex &parent, int first, int last) {
        if (!parent.isValid() || !parent.parent().isValid()) {  // hives and sections, not items
            for (int row = first; row <= last; ++row) {
                const QModelIndex index = m_model->index(row, 0, parent);
                m_tree->expand(index);
                for (int section = 0; section < m_model->rowCount(index); ++section)
                    m_tree->expand(m_model->index(section, 0, index));
            }
        }
        for (int column = 0; column < HiveTreeModel::Details; ++column)
            m_tree->resizeColumnToContents(column);
        // Worker statuses arrive after their hive's row: room for the longest tag from the start.
        const int statusWidth = QFontMetrics(m_tree->font()).horizontalAdvance(tr("stopping")) + 40;
        if (m_tree->columnWidth(HiveTreeModel::Status) < statusWidth)
            m_tree->setColumnWidth(HiveTreeModel::Status, statusWidth);
    });
    connect(m_tree, &QWidget::customContextMenuRequested, this, &MachinesView::showMenu);
    connect(m_tree->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MachinesView::updateActions);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_model, signal, this, &MachinesView::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &MachinesView::updateActions);

    m_empty->setObjectName(QStringLiteral("machinesEmpty"));
    m_empty->setWordWrap(true);
    m_empty->setText(tr("No machine has joined yet. On each machine, run:\nrbee-hive --queen %1 --token …")
                         .arg(m_queen->workerQueenUrl().toString()));
    m_message->setObjectName(QStringLiteral("machinesMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(toolbar);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_empty);
    layout->addWidget(m_message);
    for (int row = 0; row < m_model->rowCount(); ++row)
        m_tree->expandRecursively(m_model->index(row, 0), 1);
    updateActions();
}

QString MachinesView::selectedHive() const
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(HiveTreeModel::HiveNameRole).toString();
}

QString MachinesView::selectedItem(int kind) const
{
    const QModelIndexList rows = m_tree->selectionModel()->selectedRows();
    if (rows.isEmpty() || rows.first().data(HiveTreeModel::KindRole).toInt() != kind)
        return {};
    return rows.first().data(HiveTreeModel::ItemNameRole).toString();
}

void MachinesView::updateActions()
{
    const HiveRecord *hive = m_queen->hives()->hive(selectedHive());
    const bool online = hive && hive->online;
    int otherOnline = 0;
    for (const HiveRecord &h : m_queen->hives()->hives())
        otherOnline += h.online && (!hive || h.last.name != hive->last.name) ? 1 : 0;
    m_start->setEnabled(online && !hive->last.models.isEmpty());
    m_stop->setEnabled(online && !selectedItem(int(HiveTreeModel::Kind::Worker)).isEmpty());
    m_copy->setEnabled(online && otherOnline > 0 && !selectedItem(int(HiveTreeModel::Kind::Model)).isEmpty());
    m_download->setEnabled(online);
    m_empty->setVisible(m_model->rowCount() == 0);
}

void MachinesView::showMenu(const QPoint &pos)
{
    if (!m_tree->indexAt(pos).isValid())
        return;
    QMenu menu(this);
    menu.addActions({m_start, m_stop, m_copy, m_download});
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

void MachinesView::showMessage(const QString &text, bool error)
{
    QPalette palette = this->palette();
    if (error)
        palette.setColor(QPalette::WindowText, StatusTagDelegate::accentColor(DisplayStatus::Offline, palette));
    m_message->setPalette(palette);
    m_message->setText(text);
}

void MachinesView::startWorkerHere()
{
    const HiveRecord *hive = m_queen->hives()->hive(selectedHive());
    if (!hive)
        return;
    StartHiveWorkerDialog dialog(hive->last, selectedItem(int(HiveTreeModel::Kind::Model)), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const WorkerStartRequest request = dialog.request();
    showMessage(tr("Starting a worker of %1 on %2…").arg(request.model, request.hive), false);
    m_hiveClient->startWorker(request, this, [this, request](const Result<QJsonObject> &answer) {
        if (!answer) {
            showMessage(
                tr("Could not start a worker of %1 on %2: %3").arg(request.model, request.hive, answer.error().message),
                true);
            return;
        }
        ModelLoadSettings::rememberOnMachine(request);
        const auto started = WorkerStarted::fromJson(answer.value());
        showMessage(started ? tr("Started worker %1 on %2.").arg(started->workerId, started->hive)
                            : tr("Started a worker of %1 on %2.").arg(request.model, request.hive),
                    false);
    });
}

void MachinesView::stopWorker()
{
    const QString workerId = selectedItem(int(HiveTreeModel::Kind::Worker));
    if (workerId.isEmpty())
        return;
    showMessage(tr("Stopping worker %1…").arg(workerId), false);
    m_hiveClient->stopWorker(workerId, this, [this, workerId](const Result<QJsonObject> &answer) {
        showMessage(answer ? tr("Stopped worker %1.").arg(workerId)
                           : tr("Could not stop worker %1: %2").arg(workerId, answer.error().message),
                    !answer);
    });
}

void MachinesView::copyModel()
{
    const QString from = selectedHive();
    const QString model = selectedItem(int(HiveTreeModel::Kind::Model));
    if (from.isEmpty() || model.isEmpty())
        return;
    QStringList targets;
    for (const HiveRecord &h : m_queen->hives()->hives()) {
        if (h.online && h.last.name != from)
            targets.append(h.last.name);
    }
    std::unique_ptr<ModelPullDialog> dialog(ModelPullDialog::copy(model, from, targets, this));
    if (dialog->exec() != QDialog::Accepted)
        return;
    const QString target = dialog->targetHive();
    const ModelPullRequest request = dialog->request();
    showMessage(tr("Asking %1 to copy %2 from %3…").arg(target, model, from), false);
    m_hiveClient->pullModel(target, request, this, [this, target, model](const Result<QJsonObject> &answer) {
        showMessage(answer ? tr("%1 is copying %2; the progress shows under Transfers.").arg(target, model)
                           : tr("Could not copy %1 to %2: %3").arg(model, target, answer.error().message),
                    !answer);
    });
}

void MachinesView::downloadModel()
{
    const QString target = selectedHive();
    if (target.isEmpty())
        return;
    std::unique_ptr<ModelPullDialog> dialog(ModelPullDialog::download(target, this));
    if (dialog->exec() != QDialog::Accepted)
        return;
    const ModelPullRequest request = dialog->request();
    showMessage(tr("Asking %1 to download %2…").arg(target, request.model), false);
    m_hiveClient->pullModel(target, request, this, [this, target, request](const Result<QJsonObject> &answer) {
        showMessage(answer ? tr("%1 is downloading %2; the progress shows under Transfers.").arg(target, request.model)
                           : tr("Could not download %1 to %2: %3").arg(request.model, target, answer.error().message),
                    !answer);
    });
}

}  // namespace rbee::gui
