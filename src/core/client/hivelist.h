// HiveList: the queen's hives as a view follows them: each hive's last report and freshness, in
// the queen's order, with a signal per hive added, changed or removed. Filled by a
// QueenConnection (from the hosted queen's registry, or from a remote queen's GET /v1/hives and
// event stream); it never talks to anyone itself. Main thread only.
#pragma once

#include "../protocol/listedhive.h"

#include <QObject>

namespace rbee::core {

class HiveList : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;

    const QList<ListedHive> &hives() const { return m_hives; }
    const ListedHive *hive(const QString &name) const;
    int indexOf(const QString &name) const;

    // The whole list as the queen has it: hives it does not list are removed, new ones appended,
    // the others replaced (a signal only where something changed).
    void replaceAll(const QList<ListedHive> &hives);
    // One hive added or replaced.
    void upsert(const ListedHive &hive);
    void remove(const QString &name);
    // The link to the queen is down: every hive is shown offline, with its last report.
    void markAllOffline();

Q_SIGNALS:
    void hiveAdded(const QString &name);
    void hiveChanged(const QString &name);
    void hiveRemoved(const QString &name);

private:
    QList<ListedHive> m_hives;
};

}  // namespace rbee::core
