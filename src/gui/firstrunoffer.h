// FirstRunOffer: at start, offers what is missing, and only when it is missing: "No worker is
// running. Start one on <model>?" when no worker is online (or starting here) but a model is in
// the models folders; "There is no model … Get one now?" when there is neither. It waits one
// heartbeat interval first, so workers already running elsewhere have reported. The answer's
// action (start a worker, get a model) is the window's.
#pragma once

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <functional>

class QWidget;

namespace rbee::core {
class WorkerRegistry;
}

namespace rbee::gui {

class FirstRunOffer : public QObject {
    Q_OBJECT
public:
    enum class Offer { None, StartWorker, GetModel };
    // Workers send a heartbeat every 5 s by default; one interval and a margin.
    static constexpr int kDefaultGraceMs = 6000;

    static Offer decide(int onlineWorkers, bool workerStartingHere, bool modelFound);
    // The first *.gguf file in `folders`, in order; empty if none.
    static QString firstModel(const QStringList &folders);

    struct Actions {
        std::function<bool()> workerStartingHere;  // a local worker was started and has not exited
        std::function<void(const QString &modelPath)> startWorker;
        std::function<void()> getModel;
    };
    // Asks over `window` after `graceMs`; deletes itself when done.
    FirstRunOffer(QWidget *window, core::WorkerRegistry *registry, const QStringList &folders, Actions actions,
                  int graceMs = kDefaultGraceMs);

private:
    void offer();

    QWidget *m_window;
    core::WorkerRegistry *m_registry;
    QStringList m_folders;
    Actions m_actions;
    QTimer m_timer;
};

}  // namespace rbee::gui
