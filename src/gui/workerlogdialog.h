// WorkerLogDialog: the output of a worker this app started, its last lines and then each new one
// as it comes (the worker table's "Show log"). Deletes itself when closed.
#pragma once

#include <QDialog>

namespace rbee::core {
class LocalWorker;
}  // namespace rbee::core

namespace rbee::gui {

class WorkerLogDialog : public QDialog {
    Q_OBJECT
public:
    static constexpr int kMaxLines = 2000;

    explicit WorkerLogDialog(core::LocalWorker *worker, QWidget *parent = nullptr);

protected:
    void changeEvent(QEvent *event) override;
};

}  // namespace rbee::gui
