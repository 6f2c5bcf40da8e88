// The desktop app's command line (rbee [--connect URL [--token T]]): both spellings, Qt's own
// options left alone, and every bad form (an unknown option too) refused with a message naming it.
#include "app/guioptions.h"

#include <QTest>

using namespace rbee;

class TestGuiOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noArguments_hostsAQueen()
    {
        const auto parsed = app::parseGuiOptions({QStringLiteral("rbee")});
        QVERIFY(parsed);
        QVERIFY(!parsed->connectUrl);
        QVERIFY(!parsed->token);
    }

    void connect_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("token");  // null: no --token
        QTest::newRow("separate") << QStringList{QStringLiteral("--connect"), QStringLiteral("http://127.0.0.1:7833")}
                                  << QStringLiteral("http://127.0.0.1:7833") << QString();
        QTest::newRow("equals") << QStringList{QStringLiteral("--connect=https://queen.lan")}
                                << QStringLiteral("https://queen.lan") << QString();
        QTest::newRow("token") << QStringList{QStringLiteral("--connect"), QStringLiteral("http://q:1"),
                                              QStringLiteral("--token"), QStringLiteral("t s")}
                               << QStringLiteral("http://q:1") << QStringLiteral("t s");
        QTest::newRow("token first, equals")
            << QStringList{QStringLiteral("--token=abc"), QStringLiteral("--connect=http://q:1")}
            << QStringLiteral("http://q:1") << QStringLiteral("abc");
        QTest::newRow("qt options around")
            << QStringList{QStringLiteral("-platform"),  QStringLiteral("offscreen"), QStringLiteral("--connect"),
                           QStringLiteral("http://q:1"), QStringLiteral("-style"),    QStringLiteral("fusion")}
            << QStringLiteral("http://q:1") << QString();
    }
    void connect()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, url);
        QFETCH(QString, token);
        args.prepend(QStringLiteral("rbee"));
        const auto parsed = app::parseGuiOptions(args);
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        QVERIFY(parsed->connectUrl);
        QCOMPARE(*parsed->connectUrl, QUrl(url));
        QCOMPARE(parsed->token.has_value(), !token.isNull());
        if (parsed->token)
            QCOMPARE(*parsed->token, token);
    }

    void badForms_refusedWithTheOption_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no scheme") << QStringList{QStringLiteral("--connect"), QStringLiteral("127.0.0.1:7833")}
                                   << QStringLiteral("--connect must be an http:// URL, got '127.0.0.1:7833'");
        QTest::newRow("ftp") << QStringList{QStringLiteral("--connect=ftp://q")}
                             << QStringLiteral("--connect must be an http:// URL, got 'ftp://q'");
        QTest::newRow("no host") << QStringList{QStringLiteral("--connect=http://")}
                                 << QStringLiteral("--connect must be an http:// URL, got 'http://'");
        QTest::newRow("missing value") << QStringList{QStringLiteral("--connect")}
                                       << QStringLiteral("--connect needs a value");
        QTest::newRow("token alone") << QStringList{QStringLiteral("--token"), QStringLiteral("t")}
                                     << QStringLiteral("--token goes with --connect");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--foo")}
                                        << QStringLiteral("unknown option '--foo'");
        QTest::newRow("unknown option after connect")
            << QStringList{QStringLiteral("--connect=http://q:1"), QStringLiteral("--verbose")}
            << QStringLiteral("unknown option '--verbose'");
        QTest::newRow("version after another option")
            << QStringList{QStringLiteral("--connect=http://q:1"), QStringLiteral("--version")}
            << QStringLiteral("unknown option '--version'");
        QTest::newRow("single-dash connect") << QStringList{QStringLiteral("-connect"), QStringLiteral("http://q:1")}
                                             << QStringLiteral("unknown option '-connect'");
        QTest::newRow("stray argument") << QStringList{QStringLiteral("--connect=http://q:1"), QStringLiteral("x")}
                                        << QStringLiteral("unexpected argument 'x'");
        QTest::newRow("qt option missing its value")
            << QStringList{QStringLiteral("-platform")} << QStringLiteral("-platform needs a value");
    }
    void qtOptions_passThrough_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("one dash, value apart") << QStringList{QStringLiteral("-platform"), QStringLiteral("offscreen")};
        QTest::newRow("two dashes") << QStringList{QStringLiteral("--platform"), QStringLiteral("offscreen")};
        QTest::newRow("inline value") << QStringList{QStringLiteral("-style=fusion")};
        QTest::newRow("flag") << QStringList{QStringLiteral("-reverse")};
        QTest::newRow("geometry and title")
            << QStringList{QStringLiteral("-qwindowgeometry"), QStringLiteral("800x600+0+0"),
                           QStringLiteral("-qwindowtitle"), QStringLiteral("--connect")};
    }
    void qtOptions_passThrough()
    {
        QFETCH(QStringList, args);
        args.prepend(QStringLiteral("rbee"));
        const auto parsed = app::parseGuiOptions(args);
        QVERIFY2(parsed, qPrintable(parsed.error().message));
        QVERIFY(!parsed->connectUrl);  // a value of Qt's option is never read as ours
    }

    void badForms_refusedWithTheOption()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        args.prepend(QStringLiteral("rbee"));
        const auto parsed = app::parseGuiOptions(args);
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.startsWith(message), qPrintable(parsed.error().message));
    }
};

QTEST_APPLESS_MAIN(TestGuiOptions)
#include "tst_guioptions.moc"
