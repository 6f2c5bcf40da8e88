// DeviceListing with the real rbee-worker (it lists at least the CPU) and with stand-ins that hang:
// a listing that does not answer in time fails with a timeout and its process is killed, and a
// listing abandoned by its owner (the dialog closed) leaves no process behind and says nothing.
#include "serverprocess.h"

#include "core/client/devicelisting.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>

using namespace rbee;
using core::DeviceListing;

namespace {

// A stand-in rbee-worker that writes its pid into `pidFile` and then hangs.
QString hangingWorker(const QTemporaryDir &dir, const QString &pidFile)
{
    const QString path = dir.filePath(QStringLiteral("rbee-worker"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    f.write("#!/bin/sh\necho $$ > '" + QFile::encodeName(pidFile) + "'\nexec sleep 60\n");
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

qint64 readPid(const QString &pidFile)
{
    QFile f(pidFile);
    return f.open(QIODevice::ReadOnly) ? f.readAll().trimmed().toLongLong() : 0;
}

bool processGone(qint64 pid)
{
    return ::kill(pid_t(pid), 0) != 0;
}

}  // namespace

class TestDeviceListing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void start_realWorker_listsTheCpu();
    void start_workerThatHangs_failsWithTimeoutAndIsKilled();
    void destroyed_whileListing_killsTheProcessSilently();
};

void TestDeviceListing::start_realWorker_listsTheCpu()
{
    DeviceListing listing;
    QSignalSpy listed(&listing, &DeviceListing::listed);
    QSignalSpy failed(&listing, &DeviceListing::failed);
    listing.start(test::workerBinary());
    QVERIFY(listing.isRunning());
    QVERIFY2(listed.wait(60000),
             failed.isEmpty() ? "no answer" : qPrintable(failed.at(0).at(0).value<core::Error>().message));
    QVERIFY(!listing.isRunning());
    const auto devices = listed.at(0).at(0).value<QList<core::ListedDevice>>();
    bool cpu = false;
    int defaults = 0;
    for (const auto &d : devices) {
        cpu = cpu || (d.name == QLatin1String("CPU") && d.backend == QLatin1String("CPU") && d.memoryTotalBytes > 0);
        defaults += d.isDefault ? 1 : 0;
    }
    QVERIFY(cpu);
    QCOMPARE(defaults, 1);
    QVERIFY(failed.isEmpty());
}

void TestDeviceListing::start_workerThatHangs_failsWithTimeoutAndIsKilled()
{
    QTemporaryDir dir;
    const QString pidFile = dir.filePath(QStringLiteral("pid"));
    DeviceListing listing;
    listing.setTimeout(1000);
    QSignalSpy listed(&listing, &DeviceListing::listed);
    QSignalSpy failed(&listing, &DeviceListing::failed);
    listing.start(hangingWorker(dir, pidFile));
    QTRY_VERIFY_WITH_TIMEOUT(readPid(pidFile) > 0, 10000);
    const qint64 pid = readPid(pidFile);
    QVERIFY2(failed.wait(20000), "the listing never gave up");
    const auto error = failed.at(0).at(0).value<core::Error>();
    QCOMPARE(error.code, core::ErrorCode::Timeout);
    QCOMPARE(error.message, QStringLiteral("rbee-worker --list-devices did not answer within 1 s"));
    QVERIFY(!listing.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 10000);
    QVERIFY(listed.isEmpty());
}

void TestDeviceListing::destroyed_whileListing_killsTheProcessSilently()
{
    QTemporaryDir dir;
    const QString pidFile = dir.filePath(QStringLiteral("pid"));
    auto listing = std::make_unique<DeviceListing>();
    int signals = 0;
    connect(listing.get(), &DeviceListing::listed, this, [&signals] { ++signals; });
    connect(listing.get(), &DeviceListing::failed, this, [&signals] { ++signals; });
    listing->start(hangingWorker(dir, pidFile));
    QTRY_VERIFY_WITH_TIMEOUT(readPid(pidFile) > 0, 10000);
    const qint64 pid = readPid(pidFile);
    listing.reset();
    QTRY_VERIFY_WITH_TIMEOUT(processGone(pid), 10000);
    QCOMPARE(signals, 0);
}

QTEST_GUILESS_MAIN(TestDeviceListing)
#include "tst_devicelisting.moc"
