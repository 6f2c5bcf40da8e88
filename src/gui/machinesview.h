// MachinesView: the Machines tab beside Workers: the queen's hives as a live tree (HiveTreeModel)
// and what can be done with them: Start worker here, Stop a hive's worker, Copy model to…,
// Download model to…. Each action asks the queen (QueenHiveClient) without waiting for it; its
// outcome, or the queen's own error message, shows in the line under the tree.
#pragma once

#include <QWidget>

class QAction;
class QLabel;
class QTreeView;

namespace rbee::core {
class QueenConnection;
class QueenHiveClient;
}  // namespace rbee::core

namespace rbee::gui {

class HiveTreeModel;

class MachinesView : public QWidget {
    Q_OBJECT
public:
    explicit MachinesView(core::QueenConnection *queen, QWidget *parent = nullptr);

    QTreeView *tree() const { return m_tree; }
    HiveTreeModel *model() const { return m_model; }

    void startWorkerHere();
    void stopWorker();
    void copyModel();
    void downloadModel();

private:
    // What is selected: its hive, and the device, model or worker id of an item row.
    QString selectedHive() const;
    QString selectedItem(int kind) const;
    void updateActions();
    void showMenu(const QPoint &pos);
    void showMessage(const QString &text, bool error);

    core::QueenConnection *m_queen;
    HiveTreeModel *m_model;
    QTreeView *m_tree;
    QLabel *m_empty;
    QLabel *m_message;
    QAction *m_start;
    QAction *m_stop;
    QAction *m_copy;
    QAction *m_download;
    core::QueenHiveClient *m_hiveClient;
};

}  // namespace rbee::gui
