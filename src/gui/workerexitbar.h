// WorkerExitBar: a non-modal bar that says how a worker this app started ended ("stopped by signal
// 9 (killed)") and offers Restart (the same settings) and Show log. It keeps the ended LocalWorker
// for those two actions and deletes it when dismissed or replaced by the next one.
#pragma once

#include <QFrame>
#include <QPointer>

class QLabel;
class QPushButton;
class QToolButton;

namespace rbee::core {
class LocalWorker;
}  // namespace rbee::core

namespace rbee::gui {

class WorkerExitBar : public QFrame {
    Q_OBJECT
public:
    explicit WorkerExitBar(QWidget *parent = nullptr);
    ~WorkerExitBar() override;

    // Shows the bar for a worker that has ended (its exitDescription()); takes it over.
    void showExit(core::LocalWorker *worker);

Q_SIGNALS:
    // Restart was pressed and the worker is starting again (the caller keeps track of it again).
    void restarted(rbee::core::LocalWorker *worker);

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();
    void release();
    void restart();
    void showLog();

    QLabel *m_message;
    QPushButton *m_restart;
    QPushButton *m_log;
    QToolButton *m_close;
    QPointer<core::LocalWorker> m_worker;
};

}  // namespace rbee::gui
