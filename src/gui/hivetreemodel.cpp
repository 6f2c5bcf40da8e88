// The Machines view's tree; see hivetreemodel.h. Index ids: 0 for a hive row; a hive's serial
// shifted left by 3 for its section rows; that | (section + 1) for the section's items.
#include "hivetreemodel.h"

#include "devicetext.h"

#include "core/client/hivelist.h"
#include "core/protocol/displaystatus.h"

#include <QLocale>

namespace rbee::gui {

using namespace rbee::core;

namespace {
constexpr int kSerialShift = 3;
constexpr quintptr kSectionMask = (quintptr(1) << kSerialShift) - 1;

QString joined(const QStringList &parts)
{
    QStringList shown;
    for (const QString &p : parts) {
        if (!p.isEmpty())
            shown.append(p);
    }
    return shown.join(QStringLiteral(" · "));
}

DisplayStatus workerDisplayStatus(const QString &status)
{
    if (status == QLatin1String("running"))
        return DisplayStatus::Ready;
    if (status == QLatin1String("starting"))
        return DisplayStatus::Loading;
    if (status == QLatin1String("stopping"))
        return DisplayStatus::Stopping;
    return DisplayStatus::Offline;
}

// The wire's worker and transfer statuses, as the user reads them.
QString statusText(const QString &status)
{
    if (status == QLatin1String("starting"))
        return HiveTreeModel::tr("starting");
    if (status == QLatin1String("running"))
        return HiveTreeModel::tr("running");
    if (status == QLatin1String("stopping"))
        return HiveTreeModel::tr("stopping");
    if (status == QLatin1String("exited"))
        return HiveTreeModel::tr("exited");
    if (status == QLatin1String("failed"))
        return HiveTreeModel::tr("failed");
    if (status == QLatin1String("done"))
        return HiveTreeModel::tr("done");
    return status;
}

DisplayStatus transferDisplayStatus(const QString &status)
{
    if (status == QLatin1String("running"))
        return DisplayStatus::Loading;
    if (status == QLatin1String("done"))
        return DisplayStatus::Ready;
    return DisplayStatus::Offline;
}
}  // namespace

HiveTreeModel::HiveTreeModel(HiveList *hives, QObject *parent) : QAbstractItemModel(parent), m_hives(hives)
{
    for (const HiveRecord &hive : hives->hives())
        m_rows.append(Row{m_nextSerial++, hive, countsOf(hive)});
    connect(hives, &HiveList::hiveAdded, this, &HiveTreeModel::onAdded);
    connect(hives, &HiveList::hiveChanged, this, &HiveTreeModel::onChanged);
    connect(hives, &HiveList::hiveRemoved, this, &HiveTreeModel::onRemoved);
}

std::array<int, HiveTreeModel::SectionCount> HiveTreeModel::countsOf(const HiveRecord &hive)
{
    return {int(hive.last.devices.size()), int(hive.last.models.size()), int(hive.last.workers.size()),
            int(hive.last.transfers.size())};
}

int HiveTreeModel::sectionsShown(const std::array<int, SectionCount> &counts)
{
    return counts[Transfers] > 0 ? SectionCount : Transfers;
}

int HiveTreeModel::rowOfSerial(quint32 serial) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).serial == serial)
            return int(i);
    }
    return -1;
}

int HiveTreeModel::rowOfName(const QString &name) const
{
    for (qsizetype i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).hive.last.name == name)
            return int(i);
    }
    return -1;
}

QModelIndex HiveTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    if (!parent.isValid())
        return createIndex(row, column, quintptr(0));
    const quintptr id = parent.internalId();
    if (id == 0)
        return createIndex(row, column, quintptr(m_rows.at(parent.row()).serial) << kSerialShift);
    return createIndex(row, column, id | quintptr(parent.row() + 1));
}

QModelIndex HiveTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid() || child.internalId() == 0)
        return {};
    const quintptr id = child.internalId();
    const int hiveRow = rowOfSerial(quint32(id >> kSerialShift));
    if (hiveRow < 0)
        return {};
    const quintptr section = id & kSectionMask;
    if (section == 0)
        return createIndex(hiveRow, 0, quintptr(0));
    return createIndex(int(section - 1), 0, id & ~kSectionMask);
}

int HiveTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_rows.size());
    if (parent.column() != 0)
        return 0;
    const quintptr id = parent.internalId();
    if (id == 0)
        return sectionsShown(m_rows.at(parent.row()).counts);
    if ((id & kSectionMask) != 0)
        return 0;
    const int hiveRow = rowOfSerial(quint32(id >> kSerialShift));
    return hiveRow < 0 ? 0 : m_rows.at(hiveRow).counts[parent.row()];
}

int HiveTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QModelIndex HiveTreeModel::hiveIndex(const QString &hive) const
{
    const int row = rowOfName(hive);
    return row < 0 ? QModelIndex() : index(row, 0);
}

QModelIndex HiveTreeModel::itemIndex(const QString &hive, Section section, const QString &name) const
{
    const int row = rowOfName(hive);
    if (row < 0 || section >= sectionsShown(m_rows.at(row).counts))
        return {};
    const HiveReport &r = m_rows.at(row).hive.last;
    QStringList names;
    switch (section) {
    case Devices:
        for (const ListedDevice &d : r.devices)
            names.append(d.name);
        break;
    case Models:
        for (const HiveModel &m : r.models)
            names.append(m.name);
        break;
    case Workers:
        for (const HiveWorker &w : r.workers)
            names.append(w.workerId);
        break;
    case Transfers:
        for (const HiveTransfer &t : r.transfers)
            names.append(t.model);
        break;
    case SectionCount: break;
    }
    const qsizetype at = names.indexOf(name);
    if (at < 0 || at >= m_rows.at(row).counts[section])
        return {};
    return index(int(at), 0, index(section, 0, index(row, 0)));
}

void HiveTreeModel::onAdded(const QString &name)
{
    const HiveRecord *hive = m_hives->hive(name);
    if (!hive || rowOfName(name) >= 0)
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(Row{m_nextSerial++, *hive, countsOf(*hive)});
    endInsertRows();
}

void HiveTreeModel::onRemoved(const QString &name)
{
    const int row = rowOfName(name);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_rows.removeAt(row);
    endRemoveRows();
}

void HiveTreeModel::onChanged(const QString &name)
{
    const HiveRecord *hive = m_hives->hive(name);
    const int row = rowOfName(name);
    if (!hive || row < 0)
        return;
    // The new report first (item data is read within bounds), then the rows each section shows
    // grow or shrink at their end, then every shown row is repainted.
    m_rows[row].hive = *hive;
    const auto counts = countsOf(*hive);
    const QModelIndex hiveIdx = index(row, 0);
    auto resize = [&](int section, int to) {
        const int from = m_rows.at(row).counts[section];
        const QModelIndex sectionIdx = index(section, 0, hiveIdx);
        if (to > from) {
            beginInsertRows(sectionIdx, from, to - 1);
            m_rows[row].counts[section] = to;
            endInsertRows();
        } else if (to < from) {
            beginRemoveRows(sectionIdx, to, from - 1);
            m_rows[row].counts[section] = to;
            endRemoveRows();
        }
    };
    for (int section : {Devices, Models, Workers})
        resize(section, counts[section]);
    const bool hadTransfers = m_rows.at(row).counts[Transfers] > 0;
    if (hadTransfers && counts[Transfers] > 0) {
        resize(Transfers, counts[Transfers]);
    } else if (hadTransfers) {
        beginRemoveRows(hiveIdx, Transfers, Transfers);
        m_rows[row].counts[Transfers] = 0;
        endRemoveRows();
    } else if (counts[Transfers] > 0) {
        beginInsertRows(hiveIdx, Transfers, Transfers);
        m_rows[row].counts[Transfers] = counts[Transfers];
        endInsertRows();
    }
    Q_EMIT dataChanged(hiveIdx, index(row, ColumnCount - 1));
    for (int section = 0; section < sectionsShown(m_rows.at(row).counts); ++section) {
        const QModelIndex sectionIdx = index(section, 0, hiveIdx);
        Q_EMIT dataChanged(sectionIdx, index(section, ColumnCount - 1, hiveIdx));
        const int n = m_rows.at(row).counts[section];
        if (n > 0)
            Q_EMIT dataChanged(index(0, 0, sectionIdx), index(n - 1, ColumnCount - 1, sectionIdx));
    }
}

QVariant HiveTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const quintptr id = index.internalId();
    if (id == 0) {
        const HiveRecord &hive = m_rows.at(index.row()).hive;
        if (role == KindRole)
            return int(Kind::Hive);
        return hiveData(hive, index.column(), role);
    }
    const int hiveRow = rowOfSerial(quint32(id >> kSerialShift));
    if (hiveRow < 0)
        return {};
    const Row &row = m_rows.at(hiveRow);
    if (role == HiveNameRole)
        return row.hive.last.name;
    if (role == OnlineRole)
        return row.hive.online;
    const quintptr section = id & kSectionMask;
    if (section == 0) {
        if (role == KindRole)
            return int(Kind::Section);
        return sectionData(row.hive, Section(index.row()), row.counts[index.row()], index.column(), role);
    }
    return itemData(row.hive, Section(section - 1), index.row(), index.column(), role);
}

QVariant HiveTreeModel::hiveData(const HiveRecord &hive, int column, int role) const
{
    const HiveReport &r = hive.last;
    switch (role) {
    case HiveNameRole: return r.name;
    case OnlineRole: return hive.online;
    case StatusRole:
        return column == Status ? QVariant(int(hive.online ? DisplayStatus::Ready : DisplayStatus::Offline))
                                : QVariant();
    case BarRole:
        if (column == Usage && r.ramTotalBytes > 0)
            return double(r.ramTotalBytes - r.ramFreeBytes) / double(r.ramTotalBytes);
        return {};
    case Qt::ToolTipRole:
        if (!hive.online && !hive.offlineReason.isEmpty())
            return tr("rbee-hive %1 at %2\nOffline: %3").arg(r.version, r.url, hive.offlineReason);
        return tr("rbee-hive %1 at %2").arg(r.version, r.url);
    case Qt::DisplayRole:
        switch (column) {
        case Name: return r.name;
        case Status: return hive.online ? tr("online") : tr("offline");
        case Usage:
            if (r.ramTotalBytes <= 0)
                return {};
            return tr("RAM: %1 used, %2 free of %3")
                .arg(DeviceText::gib(r.ramTotalBytes - r.ramFreeBytes), DeviceText::gib(r.ramFreeBytes),
                     DeviceText::gib(r.ramTotalBytes));
        case Details:
            return joined({r.url, tr("%1 CPU cores").arg(QLocale().toString(r.cpuCores)),
                           tr("%1 free disk").arg(DeviceText::gib(r.diskFreeBytes))});
        }
        return {};
    }
    return {};
}

QVariant HiveTreeModel::sectionData(const HiveRecord &, Section section, int count, int column, int role) const
{
    if (role != Qt::DisplayRole || column != Name)
        return {};
    switch (section) {
    case Devices: return tr("Devices (%1)").arg(count);
    case Models: return tr("Models (%1)").arg(count);
    case Workers: return tr("Workers (%1)").arg(count);
    case Transfers: return tr("Transfers (%1)").arg(count);
    case SectionCount: break;
    }
    return {};
}

namespace {
QString parametersText(qint64 n)
{
    const QLocale locale;
    if (n >= 1000000000)
        return HiveTreeModel::tr("%1 B parameters").arg(locale.toString(n / 1e9, 'f', 1));
    if (n >= 1000000)
        return HiveTreeModel::tr("%1 M parameters").arg(locale.toString(n / 1e6, 'f', 0));
    if (n > 0)
        return HiveTreeModel::tr("%1 K parameters").arg(locale.toString(n / 1e3, 'f', 0));
    return {};
}

QString memoryText(qint64 total, qint64 free)
{
    if (total <= 0)
        return {};
    return HiveTreeModel::tr("%1 used, %2 free of %3")
        .arg(DeviceText::gib(total - free), DeviceText::gib(free), DeviceText::gib(total));
}
}  // namespace

QVariant HiveTreeModel::itemData(const HiveRecord &hive, Section section, int row, int column, int role) const
{
    const HiveReport &r = hive.last;
    if (role == KindRole) {
        switch (section) {
        case Devices: return int(Kind::Device);
        case Models: return int(Kind::Model);
        case Workers: return int(Kind::Worker);
        default: return int(Kind::Transfer);
        }
    }
    switch (section) {
    case Devices: {
        if (row >= r.devices.size())
            return {};
        const ListedDevice &d = r.devices.at(row);
        if (role == ItemNameRole)
            return d.name;
        if (role == BarRole)
            return column == Usage && d.memoryTotalBytes > 0
                       ? QVariant(double(d.memoryTotalBytes - d.memoryFreeBytes) / double(d.memoryTotalBytes))
                       : QVariant();
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case Name: return d.label();
        case Usage: return memoryText(d.memoryTotalBytes, d.memoryFreeBytes);
        case Details:
            return joined({d.backend, d.gpu ? tr("GPU") : QString(), d.software ? tr("software") : QString(),
                           d.isDefault ? tr("default") : QString()});
        }
        return {};
    }
    case Models: {
        if (row >= r.models.size())
            return {};
        const HiveModel &m = r.models.at(row);
        if (role == ItemNameRole)
            return m.name;
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case Name: return m.name;
        case Usage: return DeviceText::fileSize(m.sizeBytes);
        case Details:
            return joined(
                {m.architecture, m.quantization, parametersText(m.parameters),
                 m.contextLength > 0 ? tr("context %1").arg(QLocale().toString(m.contextLength)) : QString()});
        }
        return {};
    }
    case Workers: {
        if (row >= r.workers.size())
            return {};
        const HiveWorker &w = r.workers.at(row);
        if (role == ItemNameRole)
            return w.workerId;
        if (role == StatusRole)
            return column == Status
                       ? QVariant(int(hive.online ? workerDisplayStatus(w.status) : DisplayStatus::Offline))
                       : QVariant();
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case Name: return w.workerId;
        case Status: return hive.online ? statusText(w.status) : tr("offline");
        case Usage: return w.model;
        case Details: return joined({w.device, w.url, w.exitText});
        }
        return {};
    }
    case Transfers: {
        if (row >= r.transfers.size())
            return {};
        const HiveTransfer &t = r.transfers.at(row);
        if (role == ItemNameRole)
            return t.model;
        if (role == StatusRole)
            return column == Status ? QVariant(int(transferDisplayStatus(t.status))) : QVariant();
        if (role == BarRole)
            return column == Usage && t.totalBytes > 0
                       ? QVariant(qBound(0.0, double(t.receivedBytes) / double(t.totalBytes), 1.0))
                       : QVariant();
        if (role != Qt::DisplayRole)
            return {};
        switch (column) {
        case Name: return t.model;
        case Status: return statusText(t.status);
        case Usage:
            if (t.totalBytes <= 0)
                return tr("%1 received").arg(DeviceText::fileSize(t.receivedBytes));
            return tr("%1 % (%2 of %3)")
                .arg(QLocale().toString(int(100 * t.receivedBytes / t.totalBytes)),
                     DeviceText::fileSize(t.receivedBytes), DeviceText::fileSize(t.totalBytes));
        case Details:
            return joined(
                {t.source.startsWith(QLatin1String("hive:")) ? tr("from hive %1").arg(t.source.mid(5)) : t.source,
                 t.error});
        }
        return {};
    }
    case SectionCount: break;
    }
    return {};
}

QVariant HiveTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Name: return tr("Machine");
    case Status: return tr("Status");
    case Usage: return tr("Memory / progress");
    case Details: return tr("Details");
    }
    return {};
}

}  // namespace rbee::gui
