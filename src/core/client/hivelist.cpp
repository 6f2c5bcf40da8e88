// The followed list of hives; see hivelist.h.
#include "hivelist.h"

#include <QSet>

namespace rbee::core {

const HiveRecord *HiveList::hive(const QString &name) const
{
    const int i = indexOf(name);
    return i < 0 ? nullptr : &m_hives.at(i);
}

int HiveList::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_hives.size(); ++i) {
        if (m_hives.at(i).last.name == name)
            return int(i);
    }
    return -1;
}

void HiveList::replaceAll(const QList<HiveRecord> &hives)
{
    QSet<QString> listed;
    for (const HiveRecord &h : hives)
        listed.insert(h.last.name);
    for (qsizetype i = m_hives.size() - 1; i >= 0; --i) {
        if (!listed.contains(m_hives.at(i).last.name))
            remove(m_hives.at(i).last.name);
    }
    for (const HiveRecord &h : hives)
        upsert(h);
}

void HiveList::upsert(const HiveRecord &hive)
{
    const int i = indexOf(hive.last.name);
    if (i < 0) {
        m_hives.append(hive);
        Q_EMIT hiveAdded(hive.last.name);
        return;
    }
    HiveRecord &known = m_hives[i];
    // The report's times change with every report; a view needs to hear of them only together
    // with something it shows.
    HiveReport report = hive.last;
    report.sentAtMs = known.last.sentAtMs;
    const bool changed =
        !(report == known.last) || hive.online != known.online || hive.offlineReason != known.offlineReason;
    known = hive;
    if (changed)
        Q_EMIT hiveChanged(hive.last.name);
}

void HiveList::remove(const QString &name)
{
    const int i = indexOf(name);
    if (i < 0)
        return;
    m_hives.removeAt(i);
    Q_EMIT hiveRemoved(name);
}

void HiveList::markAllOffline(const QString &reason)
{
    for (HiveRecord &h : m_hives) {
        if (!h.online)
            continue;
        h.online = false;
        h.offlineReason = reason;
        Q_EMIT hiveChanged(h.last.name);
    }
}

}  // namespace rbee::core
