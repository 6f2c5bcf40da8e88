// HiveTreeModel: the Machines view's tree over a core::HiveList: each hive (name, online or
// offline, RAM bar, address, cores, free disk), under it its devices (memory bars), its models
// (size, architecture, quantization, parameters, context), its workers and, while there are any,
// its transfers (progress bars). Updated hive by hive as the list changes; reads only.
#pragma once

#include "core/registry/hiverecord.h"

#include <QAbstractItemModel>
#include <QList>

#include <array>

namespace rbee::core {
class HiveList;
}  // namespace rbee::core

namespace rbee::gui {

class HiveTreeModel : public QAbstractItemModel {
    Q_OBJECT
public:
    enum Column { Name, Status, Usage, Details, ColumnCount };
    enum class Kind { Hive, Section, Device, Model, Worker, Transfer };
    Q_ENUM(Kind)
    // Sections under a hive, in this order; Transfers only while the hive has any.
    enum Section { Devices, Models, Workers, Transfers, SectionCount };
    enum Role {
        // The same role as WorkerTableModel::StatusRole: an int core::DisplayStatus, for StatusTagDelegate.
        StatusRole = Qt::UserRole + 2,
        KindRole = Qt::UserRole + 20,  // int: a Kind
        HiveNameRole,                  // QString: the hive the row belongs to
        ItemNameRole,                  // QString: the device, model or worker id of an item row
        BarRole,                       // double 0..1 in the Usage column where a bar is drawn
        OnlineRole,                    // bool: the hive is online
    };
    Q_ENUM(Role)

    explicit HiveTreeModel(core::HiveList *hives, QObject *parent = nullptr);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // The row of a hive, and of one of its items; invalid when not shown.
    QModelIndex hiveIndex(const QString &hive) const;
    QModelIndex itemIndex(const QString &hive, Section section, const QString &name) const;

private:
    struct Row {
        quint32 serial = 0;                      // stable across rows moving: what the index ids carry
        core::HiveRecord hive;                   // the model's own copy, consistent with counts
        std::array<int, SectionCount> counts{};  // the rows shown under each section
    };
    static std::array<int, SectionCount> countsOf(const core::HiveRecord &hive);
    static int sectionsShown(const std::array<int, SectionCount> &counts);
    int rowOfSerial(quint32 serial) const;
    int rowOfName(const QString &name) const;
    void onAdded(const QString &name);
    void onChanged(const QString &name);
    void onRemoved(const QString &name);
    QVariant hiveData(const core::HiveRecord &hive, int column, int role) const;
    QVariant sectionData(const core::HiveRecord &hive, Section section, int count, int column, int role) const;
    QVariant itemData(const core::HiveRecord &hive, Section section, int row, int column, int role) const;

    core::HiveList *m_hives;
    QList<Row> m_rows;  // in the list's order
    quint32 m_nextSerial = 1;
};

}  // namespace rbee::gui
