// TransferFollower (`rbee pull --wait`) against a scripted queen on loopback: a report the queen
// received before the pull was accepted is never taken for this transfer; progress is followed
// to the end, through a hive that goes offline and comes back; a failed transfer, a hive gone
// from the list and a queen gone each end it with their error class.
#include "app/transferfollower.h"

#include "core/http/httpserver.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/hivereport.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

using namespace rbee;
using namespace rbee::core;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

constexpr qint64 kTotal = 1000;

// GET /v1/hives answers the scripted bodies in turn, the last one again and again.
struct ScriptedQueen {
    HttpServer server;
    QList<QJsonObject> answers;
    int served = 0;

    ScriptedQueen()
    {
        server.route("GET", QLatin1String(Endpoint::kHives), [this](HttpRequest, HttpResponder r) {
            r.sendJson(200, answers.value(qMin(served, int(answers.size()) - 1)));
            ++served;
        });
        server.listen(QHostAddress::LocalHost, 0);
    }
    app::CliConnection connection() const
    {
        return {QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.serverPort())), QByteArrayLiteral("t")};
    }
};

// Hive B as the queen lists it: its transfer of "tiny" in `status` (none when empty), the model
// in its folder when `hasModel`, its report `ageMs` old.
QJsonObject hiveB(const QString &status, qint64 received, bool hasModel, qint64 ageMs, bool online = true)
{
    HiveReport r;
    r.name = s("B");
    r.url = s("http://127.0.0.3:7834");
    r.version = s("0.1.0");
    r.maxWorkers = 4;
    if (!status.isEmpty()) {
        HiveTransfer t;
        t.model = s("tiny");
        t.source = s("hive:A");
        t.receivedBytes = received;
        t.totalBytes = kTotal;
        t.status = status;
        if (status == QLatin1String("failed"))
            t.error = s("sha256 mismatch");
        r.transfers = {t};
    }
    if (hasModel) {
        HiveModel m;
        m.name = s("tiny");
        m.sizeBytes = kTotal;
        m.sha256 = QString(64, u'a');
        r.models = {m};
    }
    QJsonObject h = r.toJson();
    h.insert(s("online"), online);
    h.insert(s("status"), online ? s("ready") : s("offline"));
    h.insert(s("last_heartbeat_age_ms"), ageMs);
    return h;
}

QJsonObject list(const QJsonArray &hives)
{
    return {{s("hives"), hives}, {s("heartbeat_timeout_ms"), 15000}};
}

}  // namespace

class TestTransferFollower : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void run_reportFromBeforeThePull_isNotTakenForIt();
    void run_throughOfflineHive_followsToTheEnd();
    void run_transferFailed_endsWithItsReason();
    void run_hiveGoneFromTheList_isUnreachable();
    void run_queenGone_isQueenUnreachable();
};

void TestTransferFollower::run_reportFromBeforeThePull_isNotTakenForIt()
{
    ScriptedQueen queen;
    // An older transfer of the same model that failed, in a report from before the pull; then the new one.
    queen.answers = {list({hiveB(s("failed"), 10, false, 60000)}), list({hiveB(s("running"), 500, false, 0)}),
                     list({hiveB(s("done"), kTotal, true, 0)})};
    QNetworkAccessManager nam;
    app::TransferFollower follower(nam, queen.connection(), s("B"), s("tiny"));
    const auto result = follower.run();
    QVERIFY2(result, qPrintable(result.error().message));
    QCOMPARE(result.value(), s("tiny is on hive B: 1000 B, sha256 ") + QString(64, u'a'));
    QCOMPARE(queen.served, 3);
}

void TestTransferFollower::run_throughOfflineHive_followsToTheEnd()
{
    ScriptedQueen queen;
    // Killed mid-copy, restarted, pulled again: the transfer is gone from the new hive's report
    // once it ended, and only the model tells that it is done.
    queen.answers = {list({hiveB(s("running"), 300, false, 0)}), list({hiveB(s("running"), 300, false, 9000, false)}),
                     list({hiveB(s("running"), 600, false, 0)}), list({hiveB({}, 0, true, 0)})};
    QNetworkAccessManager nam;
    app::TransferFollower follower(nam, queen.connection(), s("B"), s("tiny"));
    const auto result = follower.run();
    QVERIFY2(result, qPrintable(result.error().message));
    QVERIFY(result->startsWith(s("tiny is on hive B")));
    QCOMPARE(queen.served, 4);
}

void TestTransferFollower::run_transferFailed_endsWithItsReason()
{
    ScriptedQueen queen;
    queen.answers = {list({hiveB(s("running"), 300, false, 0)}), list({hiveB(s("failed"), kTotal, false, 0)})};
    QNetworkAccessManager nam;
    app::TransferFollower follower(nam, queen.connection(), s("B"), s("tiny"));
    const auto result = follower.run();
    QVERIFY(!result);
    QVERIFY2(result.error().message.contains(s("sha256 mismatch")), qPrintable(result.error().message));
    QCOMPARE(cliExitCode(result.error().code), 1);
}

void TestTransferFollower::run_hiveGoneFromTheList_isUnreachable()
{
    ScriptedQueen queen;
    queen.answers = {list({hiveB(s("running"), 300, false, 0)}), list({})};
    QNetworkAccessManager nam;
    app::TransferFollower follower(nam, queen.connection(), s("B"), s("tiny"));
    const auto result = follower.run();
    QVERIFY(!result);
    QCOMPARE(cliExitCode(result.error().code), 5);
}

void TestTransferFollower::run_queenGone_isQueenUnreachable()
{
    auto queen = std::make_unique<ScriptedQueen>();
    queen->answers = {list({hiveB(s("running"), 300, false, 0)})};
    const app::CliConnection connection = queen->connection();
    QNetworkAccessManager nam;
    app::TransferFollower follower(nam, connection, s("B"), s("tiny"));
    queen.reset();  // nobody listens at its port any more
    const auto result = follower.run();
    QVERIFY(!result);
    QCOMPARE(result.error().code, ErrorCode::QueenUnreachable);
}

QTEST_GUILESS_MAIN(TestTransferFollower)
#include "tst_transferfollower.moc"
