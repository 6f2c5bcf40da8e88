// WorkerTableColumns: how the worker table's columns share its width. The short columns (status,
// slots, tokens/s, last heartbeat, clock skew) get the width their header and longest value need;
// name, model, device and address share what is left and elide in the middle, so the table never
// needs a horizontal scroll bar to show a worker's state. The header's context menu hides and
// shows columns (address and clock skew start hidden). Recomputed on a language or font change.
#pragma once

#include <QObject>

class QTableView;

namespace rbee::gui {

class WorkerTableColumns : public QObject {
    Q_OBJECT
public:
    // Sets up `table` (whose model has WorkerTableModel's columns); a child of the table.
    static WorkerTableColumns *install(QTableView *table);

    // The width a short column needs for its header and its widest value.
    int fittedWidth(int column) const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit WorkerTableColumns(QTableView *table);
    void fit();
    void showHeaderMenu(const QPoint &pos);

    QTableView *m_table;
};

}  // namespace rbee::gui
