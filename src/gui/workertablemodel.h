// WorkerTableModel: the worker table of the desktop app, one row per worker of a core::WorkerRegistry in
// registration order. Follows the registry's signals row by row (never a reset for one change) and reads
// records live, so heartbeat age and clock skew are always current. Owns no worker state of its own.
#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QList>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QTimer>

namespace rbee::core {
class WorkerRegistry;
struct WorkerRecord;
}  // namespace rbee::core

namespace rbee::gui {

class WorkerTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Model, Device, Address, Status, Slots, TokensPerSecond, LastHeartbeat, ClockSkew, ColumnCount };
    Q_ENUM(Column)

    enum Role {
        WorkerIdRole = Qt::UserRole + 1,
        StatusRole,  // int: a core::DisplayStatus
        SortRole,    // numbers for numeric columns (age in ms, tokens/s, busy ratio), text otherwise
        OnlineRole,  // bool
        UrlRole,     // QString
        LocalRole,   // bool: this app started the worker
    };
    Q_ENUM(Role)

    // How often the LastHeartbeat column is refreshed while there are rows.
    static constexpr int kTickIntervalMs = 250;

    explicit WorkerTableModel(core::WorkerRegistry *registry, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The worker id shown in row, or an empty string when row is out of range.
    QString workerId(int row) const;
    // The row of workerId, or -1.
    int rowOf(const QString &workerId) const;

    void setLocalWorkerIds(const QSet<QString> &workerIds);
    QSet<QString> localWorkerIds() const { return m_localIds; }

    // True while the LastHeartbeat column is being refreshed (only while there are rows).
    bool isTicking() const { return m_tick.isActive(); }

private:
    void onWorkerAdded(const QString &workerId);
    void onWorkerChanged(const QString &workerId);
    void onWorkerRemoved(const QString &workerId);
    void onRegistryDestroyed();
    void onTick();
    void updateTicking();
    void reindexFrom(int row);
    const core::WorkerRecord *record(int row) const;

    QVariant displayData(const core::WorkerRecord &record, int column) const;
    QVariant sortData(const core::WorkerRecord &record, int column) const;
    QString toolTip(const core::WorkerRecord &record, int column) const;
    qint64 ageMs(const core::WorkerRecord &record) const;

    QPointer<core::WorkerRegistry> m_registry;
    QList<QString> m_ids;         // row -> worker id, in registration order
    QHash<QString, int> m_rowOf;  // worker id -> row
    QSet<QString> m_localIds;
    QTimer m_tick;
};

}  // namespace rbee::gui
