// WorkerFilterProxy: sorting and filtering in front of a WorkerTableModel. Sorts by
// WorkerTableModel::SortRole (numbers where the column is numeric), filters by text and by online state.
// Knows nothing of the registry; it reads only the model's roles.
#pragma once

#include <QSortFilterProxyModel>
#include <QString>

namespace rbee::gui {

class WorkerFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit WorkerFilterProxy(QObject *parent = nullptr);

    // Rows whose worker id, model or url contains text (case-insensitive); empty shows all.
    void setFilterText(const QString &text);
    QString filterText() const { return m_filterText; }

    // Whether offline (and stopping) workers are listed; true by default.
    void setShowOffline(bool show);
    bool showOffline() const { return m_showOffline; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_filterText;
    bool m_showOffline = true;
};

}  // namespace rbee::gui
