// Rows, roles and the live LastHeartbeat tick of the worker table; see workertablemodel.h.
// Rows are ids only: data() looks the record up in the registry (one hash lookup), because the
// registry refreshes lastHeartbeatMs and clockSkewMs without emitting workerChanged.
#include "workertablemodel.h"

#include <QBrush>
#include <QGuiApplication>
#include <QLocale>
#include <QPalette>

#include "core/registry/workerrecord.h"
#include "core/registry/workerregistry.h"
#include "devicetext.h"

namespace rbee::gui {

namespace {

constexpr qint64 kSkewShownAboveMs = 1000;

bool isNumeric(int column)
{
    return column == WorkerTableModel::Slots || column == WorkerTableModel::TokensPerSecond
           || column == WorkerTableModel::LastHeartbeat || column == WorkerTableModel::ClockSkew;
}

// The status as users read it, translated.
QString statusText(core::DisplayStatus status)
{
    switch (status) {
    case core::DisplayStatus::Ready: return WorkerTableModel::tr("ready");
    case core::DisplayStatus::Busy: return WorkerTableModel::tr("busy");
    case core::DisplayStatus::Loading: return WorkerTableModel::tr("loading");
    case core::DisplayStatus::Stopping: return WorkerTableModel::tr("stopping");
    case core::DisplayStatus::Offline: return WorkerTableModel::tr("offline");
    }
    return WorkerTableModel::tr("offline");
}

// "0.8 s ago" under 10 s, "12 s ago" under a minute, then minutes and hours (always rounded down).
QString formatAge(qint64 ms)
{
    ms = qMax<qint64>(0, ms);
    if (ms < 10'000)
        return WorkerTableModel::tr("%1 s ago").arg(QLocale().toString(double(ms / 100) / 10.0, 'f', 1));
    if (ms < 60'000)
        return WorkerTableModel::tr("%1 s ago").arg(ms / 1000);
    if (ms < 3'600'000)
        return WorkerTableModel::tr("%1 min ago").arg(ms / 60'000);
    return WorkerTableModel::tr("%1 h ago").arg(ms / 3'600'000);
}

// "+2.4 s" / "-1.7 s"; empty while the clocks agree within a second.
QString formatSkew(qint64 ms)
{
    if (qAbs(ms) <= kSkewShownAboveMs)
        return QString();
    const QString number = QLocale().toString(double(ms) / 1000.0, 'f', 1);
    return WorkerTableModel::tr("%1 s").arg(ms > 0 ? QString(QLatin1Char('+') + number) : number);
}

// What the row shows: a worker that reports "ready" but runs a job (one this queen dispatched a
// moment ago, before its next heartbeat, or one of several slots) is shown busy; the worker's own
// "busy" means every slot is taken, which users do not tell apart from "working".
core::DisplayStatus shownStatus(const core::WorkerRecord &record)
{
    const core::DisplayStatus status = record.displayStatus();
    return status == core::DisplayStatus::Ready && record.busySlots() > 0 ? core::DisplayStatus::Busy : status;
}

// Tokens per second as measured over the last heartbeat interval. A worker that is running a job
// has not measured it yet when that figure is 0: a dash, not "0.0".
QString tokensPerSecondText(const core::WorkerRecord &record)
{
    if (record.online && record.busySlots() > 0 && record.last.tokensPerS <= 0.0)
        return QStringLiteral("\u2013");
    return QLocale().toString(record.last.tokensPerS, 'f', 1);
}

double busyRatio(const core::WorkerRecord &record)
{
    const int total = record.last.slotsTotal;
    if (total <= 0)
        return record.busySlots() > 0 ? 1.0 : 0.0;
    return double(record.busySlots()) / double(total);
}

}  // namespace

WorkerTableModel::WorkerTableModel(core::WorkerRegistry *registry, QObject *parent)
    : QAbstractTableModel(parent)
    , m_registry(registry)
{
    m_tick.setInterval(kTickIntervalMs);
    connect(&m_tick, &QTimer::timeout, this, &WorkerTableModel::onTick);
    if (!registry)
        return;

    const QList<core::WorkerRecord> records = registry->workers();
    m_ids.reserve(records.size());
    for (const core::WorkerRecord &r : records) {
        m_rowOf.insert(r.id(), int(m_ids.size()));
        m_ids.append(r.id());
    }
    connect(registry, &core::WorkerRegistry::workerAdded, this, &WorkerTableModel::onWorkerAdded);
    connect(registry, &core::WorkerRegistry::workerChanged, this, &WorkerTableModel::onWorkerChanged);
    connect(registry, &core::WorkerRegistry::workerRemoved, this, &WorkerTableModel::onWorkerRemoved);
    connect(registry, &QObject::destroyed, this, &WorkerTableModel::onRegistryDestroyed);
    updateTicking();
}

int WorkerTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

int WorkerTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant WorkerTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.model() != this || index.column() < 0 || index.column() >= ColumnCount)
        return {};
    const core::WorkerRecord *r = record(index.row());
    if (!r)
        return {};
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole: return displayData(*r, column);
    case Qt::ToolTipRole: {
        const QString tip = toolTip(*r, column);
        return tip.isEmpty() ? QVariant() : QVariant(tip);
    }
    case Qt::ForegroundRole:
        if (r->online)
            return {};
        return QBrush(QGuiApplication::palette().color(QPalette::Disabled, QPalette::Text));
    case Qt::TextAlignmentRole:
        return isNumeric(column) ? QVariant(int(Qt::AlignRight | Qt::AlignVCenter)) : QVariant();
    case WorkerIdRole: return r->id();
    case StatusRole: return int(shownStatus(*r));
    case SortRole: return sortData(*r, column);
    case OnlineRole: return r->online;
    case UrlRole: return r->last.url;
    case LocalRole: return m_localIds.contains(r->id());
    default: return {};
    }
}

QVariant WorkerTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole && section == ClockSkew)
        return tr("This machine's clock minus the worker's when a heartbeat arrives; shown when over 1 s");
    if (role == Qt::TextAlignmentRole)
        return int((isNumeric(section) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Name");
    case Model: return tr("Model");
    case Device: return tr("Device");
    case Address: return tr("Address");
    case Status: return tr("Status");
    case Slots: return tr("Slots");
    case TokensPerSecond: return tr("Tokens/s");
    case LastHeartbeat: return tr("Last heartbeat");
    case ClockSkew: return tr("Clock skew");
    default: return {};
    }
}

QHash<int, QByteArray> WorkerTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(WorkerIdRole, "workerId");
    names.insert(StatusRole, "status");
    names.insert(SortRole, "sortKey");
    names.insert(OnlineRole, "online");
    names.insert(UrlRole, "url");
    names.insert(LocalRole, "local");
    return names;
}

QString WorkerTableModel::workerId(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : QString();
}

int WorkerTableModel::rowOf(const QString &workerId) const
{
    return m_rowOf.value(workerId, -1);
}

void WorkerTableModel::setLocalWorkerIds(const QSet<QString> &workerIds)
{
    if (workerIds == m_localIds)
        return;
    const QSet<QString> changed = (workerIds - m_localIds) + (m_localIds - workerIds);
    m_localIds = workerIds;
    for (const QString &id : changed) {
        const int row = rowOf(id);
        if (row >= 0)
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1), {LocalRole, Qt::ToolTipRole});
    }
}

void WorkerTableModel::onWorkerAdded(const QString &workerId)
{
    if (m_rowOf.contains(workerId)) {
        onWorkerChanged(workerId);
        return;
    }
    // The registry numbers workers as they register, so a new one always belongs at the end.
    const int row = int(m_ids.size());
    beginInsertRows(QModelIndex(), row, row);
    m_ids.append(workerId);
    m_rowOf.insert(workerId, row);
    endInsertRows();
    updateTicking();
}

void WorkerTableModel::onWorkerChanged(const QString &workerId)
{
    const int row = rowOf(workerId);
    if (row < 0) {
        if (m_registry && m_registry->find(workerId))
            onWorkerAdded(workerId);
        return;
    }
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void WorkerTableModel::onWorkerRemoved(const QString &workerId)
{
    const int row = rowOf(workerId);
    if (row < 0)
        return;
    beginRemoveRows(QModelIndex(), row, row);
    m_ids.removeAt(row);
    m_rowOf.remove(workerId);
    reindexFrom(row);
    endRemoveRows();
    updateTicking();
}

void WorkerTableModel::onRegistryDestroyed()
{
    // The registry is gone as a whole, so this is the one place a reset is right.
    m_tick.stop();
    beginResetModel();
    m_ids.clear();
    m_rowOf.clear();
    endResetModel();
}

void WorkerTableModel::onTick()
{
    if (m_ids.isEmpty())
        return;
    Q_EMIT dataChanged(index(0, LastHeartbeat), index(int(m_ids.size()) - 1, LastHeartbeat),
                       {Qt::DisplayRole, SortRole});
}

void WorkerTableModel::updateTicking()
{
    if (m_ids.isEmpty())
        m_tick.stop();
    else if (!m_tick.isActive())
        m_tick.start();
}

void WorkerTableModel::reindexFrom(int row)
{
    for (int i = row; i < m_ids.size(); ++i)
        m_rowOf[m_ids.at(i)] = i;
}

const core::WorkerRecord *WorkerTableModel::record(int row) const
{
    if (!m_registry || row < 0 || row >= m_ids.size())
        return nullptr;
    return m_registry->find(m_ids.at(row));
}

qint64 WorkerTableModel::ageMs(const core::WorkerRecord &record) const
{
    return qMax<qint64>(0, m_registry->clock().nowMs() - record.lastHeartbeatMs);
}

QVariant WorkerTableModel::displayData(const core::WorkerRecord &record, int column) const
{
    const core::Heartbeat &hb = record.last;
    switch (column) {
    case Name: return hb.workerId;
    case Model: return hb.model;
    case Device: return DeviceText::shortText(hb.device);
    case Address: return hb.url;
    case Status: return statusText(shownStatus(record));
    case Slots: return QStringLiteral("%1/%2").arg(record.busySlots()).arg(hb.slotsTotal);
    case TokensPerSecond: return tokensPerSecondText(record);
    case LastHeartbeat: return formatAge(ageMs(record));
    case ClockSkew: return formatSkew(record.clockSkewMs);
    default: return {};
    }
}

QVariant WorkerTableModel::sortData(const core::WorkerRecord &record, int column) const
{
    const core::Heartbeat &hb = record.last;
    switch (column) {
    case Name: return hb.workerId;
    case Model: return hb.model;
    case Device: return DeviceText::shortText(hb.device);
    case Address: return hb.url;
    case Status: return int(shownStatus(record));  // the enum's order: usable workers first
    case Slots: return busyRatio(record);
    case TokensPerSecond: return hb.tokensPerS;
    case LastHeartbeat: return ageMs(record);
    case ClockSkew: return record.clockSkewMs;
    default: return {};
    }
}

QString WorkerTableModel::toolTip(const core::WorkerRecord &record, int column) const
{
    switch (column) {
    case Name: {
        const QString id =
            m_localIds.contains(record.id()) ? tr("%1 (started by this app)").arg(record.id()) : record.id();
        const qint64 sinceMs = qMax<qint64>(0, m_registry->clock().nowMs() - record.firstSeenMs);
        return tr("%1\nrbee-worker %2, first heartbeat %3").arg(id, record.last.version, formatAge(sinceMs));
    }
    case Model: {
        const qint64 cached = record.last.promptTokensCached;
        const qint64 total = cached + record.last.promptTokensDecoded;
        const QString context = tr("Context: %1 tokens per slot").arg(record.last.ctxSize);
        if (total <= 0)
            return context;
        return context + QLatin1Char('\n')
               + tr("Prompt cache: %1% of %2 prompt tokens reused")
                     .arg(qRound(100.0 * double(cached) / double(total)))
                     .arg(total);
    }
    case Slots: {
        const QString slots = tr("%1 of %2 slots busy").arg(record.busySlots()).arg(record.last.slotsTotal);
        return record.last.queueDepth > 0
                   ? slots + QLatin1Char('\n') + tr("Jobs waiting on the worker: %1").arg(record.last.queueDepth)
                   : slots;
    }
    case TokensPerSecond:
        return record.online && record.busySlots() > 0 && record.last.tokensPerS <= 0.0
                   ? tr("Running a job; the rate is measured at the worker's next heartbeat")
                   : QString();
    case Status: {
        const core::DisplayStatus status = shownStatus(record);
        if (status == core::DisplayStatus::Offline)
            return record.offlineReason.isEmpty() ? tr("offline") : tr("offline: %1").arg(record.offlineReason);
        if (status == core::DisplayStatus::Busy)
            return tr("busy %1/%2").arg(record.busySlots()).arg(record.last.slotsTotal);
        return statusText(status);
    }
    case Device: return DeviceText::toolTip(record.last.device);
    case Address: return record.last.url;
    case ClockSkew:
        return qAbs(record.clockSkewMs) > kSkewShownAboveMs
                   ? tr("Heartbeats arrive %1 off the worker's clock: the clocks disagree or the network is slow")
                         .arg(formatSkew(record.clockSkewMs))
                   : QString();
    default: return QString();
    }
}

}  // namespace rbee::gui
