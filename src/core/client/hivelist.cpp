// The followed list of hives; see hivelist.h.
#include "hivelist.h"

#include <QSet>

namespace rbee::core {

const ListedHive *HiveList::hive(const QString &name) const
{
    const int i = indexOf(name);
    return i < 0 ? nullptr : &m_hives.at(i);
}

int HiveList::indexOf(const QString &name) const
{
    for (qsizetype i = 0; i < m_hives.size(); ++i) {
        if (m_hives.at(i).report.name == name)
            return int(i);
    }
    return -1;
}

void HiveList::replaceAll(const QList<ListedHive> &hives)
{
    QSet<QString> listed;
    for (const ListedHive &h : hives)
        listed.insert(h.report.name);
    for (qsizetype i = m_hives.size() - 1; i >= 0; --i) {
        if (!listed.contains(m_hives.at(i).report.name))
            remove(m_hives.at(i).report.name);
    }
    for (const ListedHive &h : hives)
        upsert(h);
}

void HiveList::upsert(const ListedHive &hive)
{
    const int i = indexOf(hive.report.name);
    if (i < 0) {
        m_hives.append(hive);
        Q_EMIT hiveAdded(hive.report.name);
        return;
    }
    ListedHive &known = m_hives[i];
    // The age and the send time change with every report; a view needs to hear of them only
    // together with something it shows.
    ListedHive compared = hive;
    compared.lastHeartbeatAgeMs = known.lastHeartbeatAgeMs;
    compared.report.sentAtMs = known.report.sentAtMs;
    const bool changed = !(compared == known);
    known = hive;
    if (changed)
        Q_EMIT hiveChanged(hive.report.name);
}

void HiveList::remove(const QString &name)
{
    const int i = indexOf(name);
    if (i < 0)
        return;
    m_hives.removeAt(i);
    Q_EMIT hiveRemoved(name);
}

void HiveList::markAllOffline()
{
    for (ListedHive &h : m_hives) {
        if (!h.online)
            continue;
        h.online = false;
        h.status = QStringLiteral("offline");
        Q_EMIT hiveChanged(h.report.name);
    }
}

}  // namespace rbee::core
