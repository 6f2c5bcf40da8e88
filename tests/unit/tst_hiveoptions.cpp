// HiveOptions: rbee-hive's defaults, the environment fallbacks, what is refused, and the host
// name turned into a valid hive name.
#include "hiveoptions.h"

#include "core/protocol/hivereport.h"

#include <QTest>

using rbee::hive::HiveOptions;

namespace {
QStringList args(std::initializer_list<const char *> list)
{
    QStringList out{QStringLiteral("rbee-hive")};
    for (const char *a : list)
        out << QString::fromUtf8(a);
    return out;
}
}  // namespace

class TestHiveOptions : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_defaults()
    {
        const auto o = HiveOptions::parse(args({"--queen", "http://127.0.0.1:7833"}), QProcessEnvironment());
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        QCOMPARE(o->port, quint16(7834));
        QCOMPARE(o->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(o->maxWorkers, 4);
        QVERIFY(o->modelsDir.endsWith(QLatin1String("/rbee/models")));
        QVERIFY(!o->name.isEmpty());
        QVERIFY(!rbee::core::HiveModel::validateName(o->name));
        QCOMPARE(o->workerHost(), QStringLiteral("127.0.0.1"));
    }

    void parse_environmentFallbacks()
    {
        QProcessEnvironment env;
        env.insert(QStringLiteral("RBEE_QUEEN_URL"), QStringLiteral("http://10.0.0.1:7833"));
        env.insert(QStringLiteral("RBEE_TOKEN"), QStringLiteral("t"));
        env.insert(QStringLiteral("RBEE_HIVE_NAME"), QStringLiteral("attic"));
        env.insert(QStringLiteral("RBEE_PORT"), QStringLiteral("0"));
        env.insert(QStringLiteral("RBEE_MODELS_DIR"), QStringLiteral("/srv/models/"));
        env.insert(QStringLiteral("RBEE_MAX_WORKERS"), QStringLiteral("2"));
        env.insert(QStringLiteral("RBEE_HOST"), QStringLiteral("0.0.0.0"));
        env.insert(QStringLiteral("RBEE_ADVERTISE_URL"), QStringLiteral("http://192.168.1.20:7834"));
        const auto o = HiveOptions::parse(args({"--max-workers", "3"}), env);
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        QCOMPARE(o->queenUrl, QUrl(QStringLiteral("http://10.0.0.1:7833")));
        QCOMPARE(o->token, QStringLiteral("t"));
        QCOMPARE(o->name, QStringLiteral("attic"));
        QCOMPARE(o->port, quint16(0));
        QCOMPARE(o->modelsDir, QStringLiteral("/srv/models"));
        QCOMPARE(o->maxWorkers, 3);                                 // the command line wins
        QCOMPARE(o->workerHost(), QStringLiteral("192.168.1.20"));  // workers listen where the hive is reached
    }

    void parse_version_showsVersionWithoutQueen()
    {
        const auto o = HiveOptions::parse(args({"--version"}), QProcessEnvironment());
        QVERIFY2(o.ok(), o.ok() ? "" : qPrintable(o.error().message));
        QCOMPARE(o->outcome, HiveOptions::Outcome::ShowVersion);
    }

    void parse_refused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::newRow("no queen") << args({});
        QTest::newRow("unknown flag") << args({"--queen", "http://q:1", "--bogus"});
        QTest::newRow("bad name") << args({"--queen", "http://q:1", "--name", "a/b"});
        QTest::newRow("dotdot name") << args({"--queen", "http://q:1", "--name", ".."});
        QTest::newRow("zero workers") << args({"--queen", "http://q:1", "--max-workers", "0"});
        QTest::newRow("ftp queen") << args({"--queen", "ftp://q:1"});
        QTest::newRow("bad port") << args({"--queen", "http://q:1", "--port", "70000"});
    }

    void parse_refused()
    {
        QFETCH(QStringList, arguments);
        const auto o = HiveOptions::parse(arguments, QProcessEnvironment());
        QVERIFY(!o.ok());
        QVERIFY(!o.error().message.isEmpty());
    }

    void nameFromHostName_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("name");
        QTest::newRow("plain") << QStringLiteral("attic") << QStringLiteral("attic");
        QTest::newRow("dotted") << QStringLiteral("attic.local") << QStringLiteral("attic.local");
        QTest::newRow("spaces") << QStringLiteral("Anna's PC") << QStringLiteral("Anna-s-PC");
        QTest::newRow("non-ascii") << QStringLiteral("küche") << QStringLiteral("k-che");
        QTest::newRow("empty") << QString() << QStringLiteral("hive");
        QTest::newRow("dots only") << QStringLiteral("..") << QStringLiteral("hive");
        QTest::newRow("long") << QString(300, u'a') << QString(128, u'a');
    }

    void nameFromHostName()
    {
        QFETCH(QString, host);
        QFETCH(QString, name);
        QCOMPARE(HiveOptions::nameFromHostName(host), name);
    }
};

QTEST_APPLESS_MAIN(TestHiveOptions)
#include "tst_hiveoptions.moc"
