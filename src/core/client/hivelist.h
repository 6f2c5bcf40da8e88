// HiveList: the queen's hives as a view follows them: each hive's record (last report, online or
// offline and why), in the queen's order, with a signal per hive added, changed or removed.
// Filled by a QueenConnection (from the hosted queen's HiveRegistry, or from a remote queen's
// event stream); it never talks to anyone itself. Main thread only.
#pragma once

#include "../registry/hiverecord.h"

#include <QObject>

namespace rbee::core {

class HiveList : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const QList<HiveRecord> &hives() const { return m_hives; }
    const HiveRecord *hive(const QString &name) const;
    int indexOf(const QString &name) const;

    // The whole list as the queen has it: hives it does not list are removed, new ones appended,
    // the others replaced (a signal only where something changed).
    void replaceAll(const QList<HiveRecord> &hives);
    // One hive added or replaced.
    void upsert(const HiveRecord &hive);
    void remove(const QString &name);
    // The link to the queen is down: every hive is shown offline for `reason`, with its last report.
    void markAllOffline(const QString &reason);

Q_SIGNALS:
    void hiveAdded(const QString &name);
    void hiveChanged(const QString &name);
    void hiveRemoved(const QString &name);

private:
    QList<HiveRecord> m_hives;
};

}  // namespace rbee::core
