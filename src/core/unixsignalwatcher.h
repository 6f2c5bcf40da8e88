// UnixSignalWatcher: delivers SIGINT/SIGTERM to the event loop as a Qt signal (self-pipe), so
// shutdown runs as ordinary code on the main thread instead of inside a signal handler.
#pragma once

#include <QObject>

#include <initializer_list>

class QSocketNotifier;

namespace rbee::core {

class UnixSignalWatcher : public QObject {
    Q_OBJECT
public:
    explicit UnixSignalWatcher(std::initializer_list<int> signals, QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void signalReceived(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

}  // namespace rbee::core
