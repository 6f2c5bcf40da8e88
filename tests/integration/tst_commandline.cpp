// The installed programs' command lines, run as real processes without a display: an unknown
// option or command of `rbee` is one error line and the usage (exit 2) and never a window,
// --version prints "NAME VERSION" on every program, --help names the desktop app and every mode,
// and a CLI client that finds no queen says how to start one.
#include "core/error.h"

#include <QProcess>
#include <QTest>

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}

struct Run {
    int code = -1;
    QByteArray out;
    QByteArray err;
};

// Runs `program` with no display at all: were a QApplication made, it could not start.
Run run(const QString &program, const QStringList &args)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY", "RBEE_QUEEN_URL"})
        env.remove(s(name));
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished(5000);
        qWarning("%s did not finish within 60 s", qPrintable(program));
        return {};
    }
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
}  // namespace

class TestCommandLine : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rbee_unknownOptionOrCommand_oneErrorLineThenUsage_exit2_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("errorLine");
        QTest::newRow("unknown option") << QStringList{s("--foo")} << s("rbee: error: unknown option '--foo'");
        QTest::newRow("unknown single-dash option") << QStringList{s("-x")} << s("rbee: error: unknown option '-x'");
        QTest::newRow("unknown command") << QStringList{s("serve")} << s("rbee: error: unknown command 'serve'");
        QTest::newRow("unknown option after --connect")
            << QStringList{s("--connect"), s("http://127.0.0.1:1"), s("--verbose")}
            << s("rbee: error: unknown option '--verbose'");
    }
    void rbee_unknownOptionOrCommand_oneErrorLineThenUsage_exit2()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, errorLine);
        const Run help = run(s(RBEE_BIN), {s("--help")});
        QCOMPARE(help.code, 0);
        const Run r = run(s(RBEE_BIN), args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        // Exactly the error line, then exactly the usage: no second message, no Qt platform warning.
        QCOMPARE(QString::fromUtf8(r.err), errorLine + u'\n' + QString::fromUtf8(help.out));
    }

    void rbee_help_namesTheDesktopAppAndEveryMode()
    {
        const Run r = run(s(RBEE_BIN), {s("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QVERIFY2(r.out.contains("rbee                              open the desktop app"), r.out.constData());
        for (const char *mode : {"rbee --serve", "rbee infer", "rbee status", "rbee hives", "rbee run", "rbee stop",
                                 "rbee pull", "rbee --version"})
            QVERIFY2(r.out.contains(mode), mode);
    }

    void version_everyProgram_printsNameAndVersion_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("name");
        QTest::newRow("rbee") << s(RBEE_BIN) << s("rbee");
        QTest::newRow("rbee-worker") << s(RBEE_WORKER_BIN) << s("rbee-worker");
        QTest::newRow("rbee-hive") << s(RBEE_HIVE_BIN) << s("rbee-hive");
        QTest::newRow("rbee-gen-test-model") << s(RBEE_GEN_TEST_MODEL_BIN) << s("rbee-gen-test-model");
    }
    void version_everyProgram_printsNameAndVersion()
    {
        QFETCH(QString, program);
        QFETCH(QString, name);
        const Run r = run(program, {s("--version")});
        QCOMPARE(r.code, 0);
        QCOMPARE(QString::fromUtf8(r.out), name + u' ' + s(RBEE_VERSION) + u'\n');
        QVERIFY2(r.err.isEmpty(), r.err.constData());
    }

    void workerAndHive_unknownOption_exit2_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("name");
        QTest::newRow("rbee-worker") << s(RBEE_WORKER_BIN) << s("rbee-worker");
        QTest::newRow("rbee-hive") << s(RBEE_HIVE_BIN) << s("rbee-hive");
    }
    void workerAndHive_unknownOption_exit2()
    {
        QFETCH(QString, program);
        QFETCH(QString, name);
        const Run r = run(program, {s("--foo")});
        QCOMPARE(r.code, 2);
        const QList<QByteArray> lines = r.err.trimmed().split('\n');
        QVERIFY2(lines.first().startsWith((name + QStringLiteral(": error: ")).toUtf8()), r.err.constData());
        QVERIFY2(lines.first().contains("foo"), r.err.constData());
    }

    void client_noQueenListening_suggestsServe()
    {
        // Port 1 on loopback: nothing listens there, the connection is refused at once.
        const Run r = run(s(RBEE_BIN), {s("status"), s("--queen"), s("http://127.0.0.1:1")});
        QCOMPARE(r.code, rbee::core::cliExitCode(rbee::core::ErrorCode::QueenUnreachable));
        QVERIFY2(r.err.startsWith("rbee: cannot reach the queen at http://127.0.0.1:1"), r.err.constData());
        QVERIFY2(r.err.contains("Start one with 'rbee --serve'"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
