// The desktop app attached to a remote queen: the real MainWindow (offscreen) on a
// RemoteQueenConnection to a real `rbee --serve` with a real rbee-worker. The worker row follows
// the queen's /v1/events, a chat streams an answer with the scheduler's narration, the status bar
// names the queen; the queen is SIGKILLed (Reconnecting, the reason in the tooltip) and started
// again on the same port, and the app recovers by itself. Also the real `rbee --connect`: it opens
// no listening port (hosting, the same check finds one), the token it sends (--token, RBEE_TOKEN,
// Settings for that URL only), Settings' connect mode without --connect, and a bad URL exits 2.
#include "serverprocess.h"

#include "gui/chatview.h"
#include "gui/mainwindow.h"
#include "gui/workertablemodel.h"

#include "core/client/remotequeenconnection.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

using namespace rbee;
using namespace rbee::test;

namespace {

QString rowText(gui::MainWindow &w, int row, int column)
{
    return w.workerModel()->index(row, column).data().toString();
}

bool rowReady(gui::MainWindow &w)
{
    return w.workerModel()->rowCount() == 1 && rowText(w, 0, gui::WorkerTableModel::Status) == QLatin1String("ready");
}

QString narration(gui::MainWindow &w)
{
    return w.findChild<QLabel *>(QStringLiteral("narrationLabel"))->text();
}

// Socket inodes of a process's open files.
QSet<QString> socketInodes(qint64 pid)
{
    QSet<QString> inodes;
    const QDir fds(QStringLiteral("/proc/%1/fd").arg(pid));
    static const QRegularExpression socket(QStringLiteral("^socket:\\[(\\d+)\\]$"));
    for (const QString &fd : fds.entryList(QDir::NoDotAndDotDot | QDir::AllEntries | QDir::System)) {
        const auto match = socket.match(QFile::symLinkTarget(fds.filePath(fd)).section(u'/', -1));
        if (match.hasMatch())
            inodes.insert(match.captured(1));
    }
    return inodes;
}

// TCP sockets of `pid` in state `state` (hex, as in /proc/net/tcp: 0A listen, 01 established),
// as "local -> remote" port pairs.
QStringList tcpSockets(qint64 pid, const QString &state)
{
    const QSet<QString> inodes = socketInodes(pid);
    QStringList found;
    for (const QString &table : {QStringLiteral("tcp"), QStringLiteral("tcp6")}) {
        QFile file(QStringLiteral("/proc/%1/net/%2").arg(pid).arg(table));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QList<QByteArray> lines = file.readAll().split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> f = lines.at(i).simplified().split(' ');
            if (f.size() < 10 || QString::fromLatin1(f.at(3)) != state
                || !inodes.contains(QString::fromLatin1(f.at(9))))
                continue;
            const auto port = [](const QByteArray &address) {
                return address.mid(address.lastIndexOf(':') + 1).toUInt(nullptr, 16);
            };
            found << QStringLiteral("%1 -> %2").arg(port(f.at(1))).arg(port(f.at(2)));
        }
    }
    return found;
}

}  // namespace

class TestRemoteAttach : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    static QStringList workerArgs(const QUrl &queen)
    {
        return {
            QStringLiteral("--model"),         tinyModelPath(),         QStringLiteral("--queen"), queen.toString(),
            QStringLiteral("--heartbeat-ms"),  QStringLiteral("200"),   QStringLiteral("--slots"), QStringLiteral("1"),
            QStringLiteral("--chat-template"), QStringLiteral("chatml")};
    }
    static bool answer(gui::MainWindow &window, const QString &prompt)
    {
        window.sendPrompt(prompt);
        return QTest::qWaitFor([&] { return !window.isAnswering(); }, 60000);
    }
    // The model picker follows the registry at most every 100 ms.
    static bool modelShown(gui::MainWindow &window)
    {
        return QTest::qWaitFor(
            [&] { return window.findChild<QComboBox *>(QStringLiteral("modelCombo"))->count() == 1; }, 5000);
    }
    static QString lastError(gui::MainWindow &window) { return window.currentConversation().turns.last().error; }

    // The desktop app as a process, with its own empty settings and no keyring.
    QProcessEnvironment appEnvironment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("RBEE_KEYRING"), QStringLiteral("off"));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_dir.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
        env.insert(QStringLiteral("RBEE_CONVERSATIONS_DIR"), m_dir.filePath(QStringLiteral("conversations")));
        env.remove(QStringLiteral("RBEE_TOKEN"));
        env.remove(QStringLiteral("RBEE_MODEL"));
        return env;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void attached_followsTheQueen_chats_andRecoversWhenTheQueenRestarts()
    {
        QueenProcess queen;
        QVERIFY2(queen.start(), qPrintable(queen.errorString()));
        const int port = queen.url().port();
        const QUrl queenUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        WorkerProcess worker;
        QVERIFY2(worker.start(workerArgs(queenUrl)), qPrintable(worker.errorString()));

        core::RemoteQueenConnection connection(queenUrl, QString());
        gui::MainWindow window(&connection, m_dir.filePath(QStringLiteral("conversations")));
        window.show();
        connection.start();

        // The row appears from the queen's events and turns ready.
        QVERIFY2(QTest::qWaitFor([&] { return rowReady(window); }, 30000), qPrintable(window.statusSummary()));
        const QString connected = QStringLiteral("Connected to 127.0.0.1:%1").arg(port);
        QVERIFY2(window.statusSummary().startsWith(connected), qPrintable(window.statusSummary()));
        QVERIFY(window.statusBar()->currentMessage().startsWith(connected));
        QVERIFY(window.statusBar()->toolTip().isEmpty());

        // A chat through the queen's job API streams an answer, with the scheduler's narration.
        window.newConversation();
        QVERIFY(modelShown(window));
        QVERIFY(answer(window, QStringLiteral("Once upon a time")));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QVERIFY(!window.chatView()->lastAnswer().isEmpty());
        QVERIFY2(narration(window).startsWith(QStringLiteral("Selected worker ")), qPrintable(narration(window)));

        // The queen dies: the link says so, and why.
        queen.kill();
        QVERIFY2(QTest::qWaitFor([&] { return connection.link() == core::QueenConnection::Link::Reconnecting; }, 15000),
                 qPrintable(window.statusSummary()));
        QVERIFY(QTest::qWaitFor([&] { return !connection.lastError().isEmpty(); }, 15000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return window.statusBar()->currentMessage().startsWith(
                    QStringLiteral("Reconnecting to 127.0.0.1:%1").arg(port));
            },
            5000));
        QVERIFY2(window.statusBar()->toolTip().contains(connection.lastError()),
                 qPrintable(window.statusBar()->toolTip()));

        // A new queen on the same port: the app finds it, the worker reports to it, chats work again.
        QueenProcess again;
        QVERIFY2(again.start({QStringLiteral("--port"), QString::number(port)}), qPrintable(again.errorString()));
        QVERIFY2(
            QTest::qWaitFor(
                [&] { return connection.link() == core::QueenConnection::Link::Connected && rowReady(window); }, 60000),
            qPrintable(window.statusSummary()));
        QVERIFY(QTest::qWaitFor([&] { return window.statusBar()->currentMessage().startsWith(connected); }, 5000));
        QVERIFY(window.statusBar()->toolTip().isEmpty());
        QVERIFY(modelShown(window));
        QVERIFY(answer(window, QStringLiteral("Then the little dog")));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QVERIFY2(narration(window).startsWith(QStringLiteral("Selected worker ")), qPrintable(narration(window)));
    }

    void attached_localWorkerReportsToThatQueen_andAnswersThroughIt()
    {
        QueenProcess queen;
        QVERIFY2(queen.start(), qPrintable(queen.errorString()));
        const QUrl queenUrl(QStringLiteral("http://127.0.0.1:%1").arg(queen.url().port()));
        core::RemoteQueenConnection connection(queenUrl, QString());
        gui::MainWindow window(&connection, m_dir.filePath(QStringLiteral("conversations")));
        window.setWorkerBinary(workerBinary());
        connection.start();
        QVERIFY(QTest::qWaitFor([&] { return connection.link() == core::QueenConnection::Link::Connected; }, 15000));
        QCOMPARE(connection.workerHost(), QStringLiteral("127.0.0.1"));

        // File › Start a local worker: it reports to the remote queen, not to this app (which has no port).
        auto settings = core::LocalWorker::Settings::forModel(tinyModelPath());
        settings.slots = 1;
        settings.threads = 1;
        settings.ctx = 2048;
        window.startLocalWorker(settings);
        QVERIFY2(QTest::qWaitFor([&] { return rowReady(window); }, 30000), qPrintable(window.statusSummary()));
        const auto listed = httpRequest("GET", queen.url(QStringLiteral("/v1/workers")));
        const QJsonArray workers = listed.json.value(QStringLiteral("workers")).toArray();
        QCOMPARE(workers.size(), 1);
        QVERIFY2(workers.first()
                     .toObject()
                     .value(QStringLiteral("url"))
                     .toString()
                     .startsWith(QStringLiteral("http://127.0.0.1:")),
                 listed.body.constData());
        window.newConversation();
        QVERIFY(modelShown(window));
        QVERIFY(answer(window, QStringLiteral("Once upon a time")));
        QVERIFY2(lastError(window).isEmpty(), qPrintable(lastError(window)));
        QCOMPARE(window.currentConversation().turns.last().workerId,
                 workers.first().toObject().value(QStringLiteral("worker_id")).toString());
    }

    void connectProcess_opensNoListeningPort_hostingDoes()
    {
        QueenProcess queen;
        QVERIFY2(queen.start(), qPrintable(queen.errorString()));
        const uint queenPort = uint(queen.url().port());

        QProcess attached;
        attached.setProcessEnvironment(appEnvironment());
        attached.start(rbeeBinary(), {QStringLiteral("--connect"), queen.url().toString()});
        QVERIFY2(attached.waitForStarted(10000), qPrintable(attached.errorString()));
        // Attached: a connection to the queen (its /v1/events), and nothing listening.
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         const QStringList open = tcpSockets(attached.processId(), QStringLiteral("01"));
                         return std::any_of(open.begin(), open.end(), [&](const QString &s) {
                             return s.endsWith(QStringLiteral(" -> %1").arg(queenPort));
                         });
                     },
                     30000),
                 attached.readAllStandardError().constData());
        QCOMPARE(tcpSockets(attached.processId(), QStringLiteral("0A")), QStringList());
        attached.kill();
        QVERIFY(attached.waitForFinished(10000));

        // The same check on the hosting app finds its port (so the check above can fail).
        QProcess hosting;
        QProcessEnvironment env = appEnvironment();
        env.insert(QStringLiteral("RBEE_PORT"), QStringLiteral("0"));
        hosting.setProcessEnvironment(env);
        hosting.start(rbeeBinary(), {});
        QVERIFY2(hosting.waitForStarted(10000), qPrintable(hosting.errorString()));
        QVERIFY2(
            QTest::qWaitFor([&] { return !tcpSockets(hosting.processId(), QStringLiteral("0A")).isEmpty(); }, 30000),
            hosting.readAllStandardError().constData());
        hosting.kill();
        QVERIFY(hosting.waitForFinished(10000));
    }

    // Which token the app sends: --token, else RBEE_TOKEN, else the one Settings keep for that same
    // URL (here in the settings file, as where no keyring runs); never one saved for another queen.
    void connectProcess_token_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("--token") << QStringLiteral("option") << true;
        QTest::newRow("RBEE_TOKEN") << QStringLiteral("env") << true;
        QTest::newRow("settings, connect mode") << QStringLiteral("settings") << true;
        QTest::newRow("settings, same URL as --connect") << QStringLiteral("settings+connect") << true;
        QTest::newRow("settings for another queen") << QStringLiteral("other") << false;
        QTest::newRow("none") << QStringLiteral("none") << false;
    }
    void connectProcess_token()
    {
        QFETCH(QString, source);
        QFETCH(bool, accepted);
        QueenProcess queen;
        QVERIFY2(queen.start({QStringLiteral("--token"), QStringLiteral("s3cret")}), qPrintable(queen.errorString()));
        const QString url = QStringLiteral("http://127.0.0.1:%1").arg(queen.url().port());

        QTemporaryDir config;
        QProcessEnvironment env = appEnvironment();
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), config.path());
        QStringList args{QStringLiteral("--connect"), url};
        if (source == QLatin1String("option"))
            args << QStringLiteral("--token") << QStringLiteral("s3cret");
        if (source == QLatin1String("env"))
            env.insert(QStringLiteral("RBEE_TOKEN"), QStringLiteral("s3cret"));
        if (source.startsWith(QLatin1String("settings")) || source == QLatin1String("other")) {
            QDir(config.path()).mkpath(QStringLiteral("rbee"));
            QSettings settings(config.filePath(QStringLiteral("rbee/rbee.conf")), QSettings::IniFormat);
            settings.setValue(QStringLiteral("queen/mode"), QStringLiteral("connect"));
            settings.setValue(QStringLiteral("queen/url"),
                              source == QLatin1String("other") ? QStringLiteral("http://127.0.0.1:9") : url);
            settings.setValue(QStringLiteral("queen/remoteToken"), QStringLiteral("s3cret"));
        }
        if (source == QLatin1String("settings"))
            args.clear();  // the mode saved in Settings
        QProcess app;
        app.setProcessEnvironment(env);
        app.start(rbeeBinary(), args);
        QVERIFY2(app.waitForStarted(10000), qPrintable(app.errorString()));
        QByteArray log;
        QVERIFY2(QTest::qWaitFor(
                     [&] {
                         log += app.readAllStandardError();
                         return log.contains("connected to the queen at")
                                || log.contains("401");  // the link-down line names the 401
                     },
                     30000),
                 log.constData());
        app.kill();
        QVERIFY(app.waitForFinished(10000));
        const QByteArray connected = QByteArray("connected to the queen at ").append(url.toUtf8());
        QVERIFY2(log.contains(connected) == accepted, log.constData());
        if (!accepted)
            QVERIFY2(log.contains("401"), log.constData());
    }

    void connectProcess_badUrl_exits2WithAMessage()
    {
        QProcess app;
        app.setProcessEnvironment(appEnvironment());
        app.start(rbeeBinary(), {QStringLiteral("--connect"), QStringLiteral("127.0.0.1:7833")});
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 2);
        const QString err = QString::fromLocal8Bit(app.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("--connect must be an http:// URL, got '127.0.0.1:7833'")),
                 qPrintable(err));
    }

    void help_listsConnect()
    {
        QProcess app;
        app.start(rbeeBinary(), {QStringLiteral("--help")});
        QVERIFY(app.waitForFinished(30000));
        QCOMPARE(app.exitCode(), 0);
        const QString out = QString::fromLocal8Bit(app.readAllStandardOutput());
        QVERIFY2(out.contains(QStringLiteral("rbee --connect URL [--token T]")), qPrintable(out));
    }
};

QTEST_MAIN(TestRemoteAttach)
#include "tst_remoteattach.moc"
