// The desktop app's command line (rbee [--connect URL [--token T]]): both spellings, Qt's own
// options left alone, and every bad form refused with a message naming the option.
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
