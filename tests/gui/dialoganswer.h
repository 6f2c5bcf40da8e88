// The GUI suites' way to answer a modal dialog that a click is about to open (as KeePassXC's tests
// do): a poll that waits for the dialog, fills it and accepts it.
#pragma once

#include <QApplication>
#include <QDialog>
#include <QTimer>

#include <functional>

namespace rbee::test {

// Answers the next modal dialog with `fill`, then accepts it. The poll belongs to the application,
// so one that never finds a dialog goes with it.
inline void answerNextDialog(const std::function<void(QDialog &)> &fill)
{
    auto *poll = new QTimer(QCoreApplication::instance());
    poll->setInterval(10);
    QObject::connect(poll, &QTimer::timeout, poll, [poll, fill] {
        auto *dialog = qobject_cast<QDialog *>(QApplication::activeModalWidget());
        if (!dialog)
            return;
        poll->stop();
        poll->deleteLater();
        fill(*dialog);
        dialog->accept();
    });
    poll->start();
}

}  // namespace rbee::test
