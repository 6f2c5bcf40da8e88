// The models folders' GGUF files as a table; see modellibrary.h.
#include "modellibrary.h"

#include "devicetext.h"

#include "core/client/hivelist.h"
#include "core/registry/workerregistry.h"

#include <QDir>
#include <QFileInfo>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>

namespace rbee::gui {

namespace {
constexpr int kRescanDelayMs = 300;
constexpr int kLoadedRefreshMs = 200;

// 1.2 B, 135 M, 293 K: as model cards name sizes.
QString parameterText(qint64 n)
{
    if (n <= 0)
        return {};
    if (n >= 1'000'000'000)
        return QCoreApplication::translate("rbee::gui::ModelLibrary", "%1 B")
            .arg(QLocale().toString(double(n) / 1e9, 'f', 1));
    if (n >= 1'000'000)
        return QCoreApplication::translate("rbee::gui::ModelLibrary", "%1 M")
            .arg(QLocale().toString(double(n) / 1e6, 'f', 0));
    if (n >= 1'000)
        return QCoreApplication::translate("rbee::gui::ModelLibrary", "%1 K")
            .arg(QLocale().toString(double(n) / 1e3, 'f', 0));
    return QLocale().toString(n);
}
}  // namespace

ModelLibrary::ModelLibrary(core::WorkerRegistry *registry, core::HiveList *hives, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
    , m_hives(hives)
{
    connect(&m_watcher, &QFutureWatcher<QList<Entry>>::finished, this, &ModelLibrary::onScanned);
    m_rescanTimer.setSingleShot(true);
    m_rescanTimer.setInterval(kRescanDelayMs);
    connect(&m_rescanTimer, &QTimer::timeout, this, &ModelLibrary::rescan);
    connect(&m_folderWatcher, &QFileSystemWatcher::directoryChanged, &m_rescanTimer, qOverload<>(&QTimer::start));
    m_loadedTimer.setSingleShot(true);
    m_loadedTimer.setInterval(kLoadedRefreshMs);
    connect(&m_loadedTimer, &QTimer::timeout, this, &ModelLibrary::loadedOnChanged);
    auto later = [this] {
        if (!m_loadedTimer.isActive())
            m_loadedTimer.start();
    };
    for (auto signal : {&core::WorkerRegistry::workerAdded, &core::WorkerRegistry::workerChanged,
                        &core::WorkerRegistry::workerRemoved})
        connect(m_registry, signal, this, later);
    if (m_hives) {
        for (auto signal : {&core::HiveList::hiveAdded, &core::HiveList::hiveChanged, &core::HiveList::hiveRemoved})
            connect(m_hives, signal, this, later);
    }
}

ModelLibrary::~ModelLibrary()
{
    // The pool thread only reads files; its result is dropped.
    m_watcher.disconnect(this);
}

void ModelLibrary::setFolders(const QStringList &folders)
{
    QStringList cleaned;
    for (const QString &f : folders) {
        const QString path = QDir::cleanPath(QDir(f).absolutePath());
        if (!f.isEmpty() && !cleaned.contains(path))
            cleaned << path;
    }
    if (cleaned == m_folders && !m_entries.isEmpty())
        return;
    m_folders = cleaned;
    watchFolders();
    rescan();
}

void ModelLibrary::watchFolders()
{
    if (!m_folderWatcher.directories().isEmpty())
        m_folderWatcher.removePaths(m_folderWatcher.directories());
    for (const QString &f : std::as_const(m_folders)) {
        if (QFileInfo(f).isDir())
            m_folderWatcher.addPath(f);
    }
}

void ModelLibrary::rescan()
{
    if (m_watcher.isRunning()) {
        m_rescanPending = true;  // the folder changed while it was read: read it again after
        return;
    }
    m_rescanPending = false;
    m_watcher.setFuture(QtConcurrent::run(&ModelLibrary::scan, m_folders));
}

QList<ModelLibrary::Entry> ModelLibrary::scan(const QStringList &folders)
{
    QList<Entry> found;
    QSet<QString> seen;
    for (const QString &folder : folders) {
        const QFileInfoList files =
            QDir(folder).entryInfoList({QStringLiteral("*.gguf")}, QDir::Files | QDir::Readable, QDir::Name);
        for (const QFileInfo &file : files) {
            const QString path = file.canonicalFilePath();
            if (path.isEmpty() || seen.contains(path))
                continue;
            seen.insert(path);
            Entry e;
            e.path = file.absoluteFilePath();
            e.sizeBytes = file.size();
            auto info = core::GgufInfo::read(e.path);
            if (info)
                e.info = info.value();
            else
                e.error = info.error().message;
            found << e;
        }
    }
    return found;
}

void ModelLibrary::onScanned()
{
    QList<Entry> found = m_watcher.result();
    QStringList before, after;
    for (const Entry &e : std::as_const(m_entries))
        before << e.path;
    for (const Entry &e : std::as_const(found))
        after << e.path;
    if (before == after) {
        m_entries = found;
        if (!m_entries.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    } else {
        beginResetModel();
        m_entries = found;
        endResetModel();
    }
    watchFolders();  // a folder created since is watched now
    if (m_rescanPending)
        rescan();
    else
        Q_EMIT scanned();
}

void ModelLibrary::setLocalWorkerUrls(const QSet<QString> &urls)
{
    if (urls == m_localUrls)
        return;
    m_localUrls = urls;
    loadedOnChanged();
}

void ModelLibrary::loadedOnChanged()
{
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, LoadedOn), index(rowCount() - 1, LoadedOn));
}

QString ModelLibrary::modelName(const QString &path)
{
    QString name = QFileInfo(path).fileName();
    if (name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive) && name.size() > 5)
        name.chop(5);
    return name;
}

int ModelLibrary::rowOfPath(const QString &path) const
{
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).path == wanted)
            return int(i);
    }
    return -1;
}

void ModelLibrary::setLoading(const QString &path)
{
    m_attempts.insert(QFileInfo(path).absoluteFilePath(), LoadAttempt{});
    loadStateChanged(path);
}

void ModelLibrary::setLoadFailed(const QString &path, const QString &reason, const QString &message)
{
    m_attempts.insert(QFileInfo(path).absoluteFilePath(), LoadAttempt{true, reason, message});
    loadStateChanged(path);
}

void ModelLibrary::clearLoadState(const QString &path)
{
    if (m_attempts.remove(QFileInfo(path).absoluteFilePath()) > 0)
        loadStateChanged(path);
}

bool ModelLibrary::isLoading(const QString &path) const
{
    const auto it = m_attempts.constFind(QFileInfo(path).absoluteFilePath());
    return it != m_attempts.constEnd() && !it->failed;
}

QStringList ModelLibrary::loadingPaths() const
{
    QStringList paths;
    for (auto it = m_attempts.constBegin(); it != m_attempts.constEnd(); ++it) {
        if (!it->failed)
            paths << it.key();
    }
    return paths;
}

void ModelLibrary::loadStateChanged(const QString &path)
{
    const int row = rowOfPath(path);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, LoadedOn), index(row, LoadedOn));
}

QStringList ModelLibrary::workersServing(const QString &name) const
{
    QStringList ids;
    for (const core::WorkerRecord &w : m_registry->workers()) {
        if (w.online && w.last.model == name)
            ids << w.id();
    }
    return ids;
}

QString ModelLibrary::loadedOnText(const QString &name) const
{
    QStringList places;
    for (const core::WorkerRecord &w : m_registry->workers()) {
        if (!w.online || w.last.model != name)
            continue;
        QString place;
        if (m_localUrls.contains(w.last.url)) {
            place = tr("this computer");
        } else if (m_hives) {
            for (const core::HiveRecord &h : m_hives->hives()) {
                if (h.last.worker(w.id()))
                    place = h.name();
            }
        }
        if (place.isEmpty())
            place = QUrl(w.last.url).authority();
        if (w.last.status == core::WorkerStatus::Loading)
            place = tr("%1 (loading)").arg(place);
        if (!places.contains(place))
            places << place;
    }
    return places.join(QStringLiteral(", "));
}

int ModelLibrary::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int ModelLibrary::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ModelLibrary::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries.at(index.row());
    const QString name = modelName(e.path);
    switch (role) {
    case PathRole: return e.path;
    case ModelNameRole: return name;
    case WorkerIdsRole: return workersServing(name);
    case Qt::ToolTipRole:
        if (index.column() == LoadedOn) {
            const QStringList ids = workersServing(name);
            const auto attempt = m_attempts.constFind(e.path);
            if (ids.isEmpty() && attempt != m_attempts.constEnd() && attempt->failed)
                return attempt->message;
            return ids.join(u'\n');
        }
        return e.error.isEmpty()
                   ? QDir::toNativeSeparators(e.path)
                   : tr("%1\nThe GGUF header could not be read: %2").arg(QDir::toNativeSeparators(e.path), e.error);
    case Qt::TextAlignmentRole:
        if (index.column() == Size || index.column() == Parameters || index.column() == Context)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole: break;
    default: return {};
    }
    switch (index.column()) {
    case Name: return name;
    case Size: return DeviceText::fileSize(e.sizeBytes);
    case Architecture: return e.info ? e.info->architecture : tr("unreadable");
    case Parameters: return e.info ? parameterText(e.info->parameters) : QString();
    case Quantization: return e.info ? e.info->quantization() : QString();
    case Context: return e.info && e.info->contextLength > 0 ? QLocale().toString(e.info->contextLength) : QString();
    case LoadedOn: {
        const QString where = loadedOnText(name);
        const auto attempt = m_attempts.constFind(e.path);
        if (!where.isEmpty() || attempt == m_attempts.constEnd())
            return where;
        return attempt->failed ? tr("failed: %1").arg(attempt->reason) : tr("Loading…");
    }
    default: return {};
    }
}

QVariant ModelLibrary::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Model");
    case Size: return tr("Size");
    case Architecture: return tr("Architecture");
    case Parameters: return tr("Parameters");
    case Quantization: return tr("Quantization");
    case Context: return tr("Trained context");
    case LoadedOn: return tr("Loaded on");
    default: return {};
    }
}

}  // namespace rbee::gui
