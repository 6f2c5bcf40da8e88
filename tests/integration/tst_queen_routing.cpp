// Queen routing end to end: a real `rbee --serve` and real rbee-workers on the tiny model. A job
// the queen saw finish frees its worker's slot at once (not at the next heartbeat), and the
// cache-aware policy sends a conversation's next turn to the worker that served the turn before,
// through the job API and through /v1/chat/completions.
#include "serverprocess.h"

#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/inferencerequest.h"
#include "core/scheduler/promptprefixindex.h"
#include "core/scheduler/scheduler.h"

#include <QDateTime>
#include <QJsonArray>
#include <QProcessEnvironment>
#include <QTest>

using namespace rbee;
using namespace rbee::test;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList narrations(const StreamResult &r)
{
    QStringList out;
    for (const auto &e : r.named(s("narration")))
        out << core::parseJsonObject(e.data.toUtf8())->value(s("message")).toString();
    return out;
}

QJsonArray toJson(const QList<core::ChatMessage> &messages)
{
    return core::ChatMessage::listToJson(messages);
}

// A conversation's opening: long enough to fill several 64-character blocks.
QList<core::ChatMessage> opening(const QString &topic)
{
    return {{s("system"), s("You are a storyteller for children. Keep every story short, kind and simple, "
                            "and end it with a happy line.")},
            {s("user"), QStringLiteral("Tell me a story about %1 who lives by the sea and finds a shell.").arg(topic)}};
}

QList<core::ChatMessage> nextTurn(QList<core::ChatMessage> messages, const QString &reply, const QString &question)
{
    messages << core::ChatMessage{s("assistant"), reply} << core::ChatMessage{s("user"), question};
    return messages;
}

QString routingText(const QList<core::ChatMessage> &messages)
{
    core::InferenceRequest r;
    r.messages = messages;
    return r.routingText();
}

// What the narration says when the worker was sent `before` and is now asked `after`.
QString cachedClause(const QList<core::ChatMessage> &before, const QList<core::ChatMessage> &after)
{
    constexpr int kBlock = core::PromptPrefixIndex::kBlockChars;
    const qint64 cached = routingText(before).size() / kBlock * kBlock;
    return QStringLiteral(" by cache-aware: %1 of %2 prompt characters cached there")
        .arg(core::Scheduler::groupedNumber(cached), core::Scheduler::groupedNumber(routingText(after).size()));
}

}  // namespace

class TestQueenRouting : public QObject {
    Q_OBJECT

private:
    QUrl submit(QueenProcess &queen, const QJsonObject &fields)
    {
        QJsonObject body = fields;
        body.insert(s("operation"), s("infer"));
        body.insert(s("model"), s("tiny"));
        body.insert(s("temperature"), 0);
        const auto r = postJson(queen.url(s("/v1/jobs")), body);
        if (r.status != 200) {
            qWarning("job refused: %s", r.body.constData());
            return {};
        }
        return queen.url(r.json.value(s("sse_url")).toString());
    }
    QJsonObject worker(QueenProcess &queen, const QString &id)
    {
        const auto r = httpRequest("GET", queen.url(s("/v1/workers")));
        for (const QJsonValue &w : r.json.value(s("workers")).toArray()) {
            if (w.toObject().value(s("worker_id")).toString() == id)
                return w.toObject();
        }
        return {};
    }
    static QString workerIdOf(WorkerProcess &w)
    {
        return httpRequest("GET", w.url(s("/health"))).json.value(s("worker_id")).toString();
    }
    bool idleInQueen(QueenProcess &queen, const QString &id)
    {
        const QJsonObject w = worker(queen, id);
        return w.value(s("status")).toString() == s("ready") && w.value(s("slots_busy")).toInt(-1) == 0
               && w.value(s("jobs_dispatched")).toInt(-1) == 0;
    }

private Q_SLOTS:
    void finishedJob_freesItsSlotAtOnce_withoutWaitingForTheNextHeartbeat();
    void cacheAware_nextTurnGoesToTheWorkerThatServedTheTurnBefore();
};

void TestQueenRouting::finishedJob_freesItsSlotAtOnce_withoutWaitingForTheNextHeartbeat()
{
    // The worker is started without --queen: the test sends its heartbeats, as its heartbeat
    // sender would, and then none until the end (a worker whose --heartbeat-ms is long and
    // whose next heartbeat is still to come). Waiting for a heartbeat would then time out.
    QueenProcess queen;
    QVERIFY2(queen.start({s("--heartbeat-timeout-ms"), s("600000"), s("--queue-timeout-ms"), s("5000")}),
             qPrintable(queen.errorString()));
    WorkerProcess w;
    QVERIFY2(w.start({s("--model"), tinyModelPath(), s("--model-name"), s("tiny"), s("--slots"), s("1"), s("--queue"),
                      s("0"), s("--ctx"), s("8192")}),
             qPrintable(w.errorString()));
    QVERIFY2(w.waitReady(), qPrintable(w.errorString()));

    core::Heartbeat hb;
    hb.workerId = workerIdOf(w);
    hb.model = s("tiny");
    hb.url = w.url().toString();
    hb.status = core::WorkerStatus::Ready;
    hb.slotsTotal = 1;
    hb.ctxSize = 8192;
    hb.version = s("test");
    auto beat = [&](core::WorkerStatus status, int busy) {
        hb.status = status;
        hb.slotsBusy = busy;
        hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        return postJson(queen.url(s("/v1/worker-heartbeat")), hb.toJson()).status;
    };
    QCOMPARE(beat(core::WorkerStatus::Ready, 0), 200);

    const QUrl first = submit(queen, {{s("prompt"), s("Once upon a time")}, {s("max_tokens"), 1500}});
    QVERIFY(!first.isEmpty());
    // The heartbeat the worker sends when the job takes its only slot.
    QCOMPARE(beat(core::WorkerStatus::Busy, 1), 200);
    const QJsonObject during = worker(queen, hb.workerId);
    QVERIFY2(during.value(s("jobs_dispatched")).toInt() == 1,
             "the first job ended before its heartbeat arrived; the check below would prove nothing");
    QCOMPARE(during.value(s("status")).toString(), s("busy"));

    const StreamResult firstRun = readStream(first, 120000);
    QVERIFY2(firstRun.done, qPrintable(firstRun.error));
    // Right after [DONE], no heartbeat since: the slot is free, so the job starts at once.
    const StreamResult second =
        readStream(submit(queen, {{s("prompt"), s("Once upon a time")}, {s("max_tokens"), 4}}), 30000);
    QVERIFY2(second.done, qPrintable(second.error));
    const QStringList told = narrations(second);
    QVERIFY2(!told.isEmpty(), "no narration");
    QVERIFY2(told.first().startsWith(s("Selected worker ") + hb.workerId), qPrintable(told.join(u'\n')));
    QVERIFY2(told.first().contains(s("(model tiny, 0/1 slots busy,")), qPrintable(told.first()));
    QVERIFY2(!told.join(u'\n').contains(s("waiting")), qPrintable(told.join(u'\n')));
    QCOMPARE(second.named(s("token")).size(), 4);
}

void TestQueenRouting::cacheAware_nextTurnGoesToTheWorkerThatServedTheTurnBefore()
{
    QueenProcess queen;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(s("QT_LOGGING_RULES"), s("rbee.core.scheduler.debug=true"));  // narration of OpenAI jobs
    queen.process().setProcessEnvironment(env);
    QVERIFY2(queen.start({s("--policy"), s("cache-aware"), s("--heartbeat-timeout-ms"), s("5000")}),
             qPrintable(queen.errorString()));
    auto workerArgs = [&] {
        return QStringList{
            s("--model"),        tinyModelPath(), s("--model-name"), s("tiny"), s("--queen"), queen.url().toString(),
            s("--heartbeat-ms"), s("300"),        s("--slots"),      s("1"),    s("--queue"), s("0"),
            s("--ctx"),          s("8192")};
    };
    // Started one after the other, so w1 registers first: first-available would always pick it.
    WorkerProcess w1;
    QVERIFY2(w1.start(workerArgs()), qPrintable(w1.errorString()));
    QVERIFY2(w1.waitReady(), qPrintable(w1.errorString()));
    const QString id1 = workerIdOf(w1);
    QVERIFY(waitFor([&] { return idleInQueen(queen, id1); }, 10000));
    WorkerProcess w2;
    QVERIFY2(w2.start(workerArgs()), qPrintable(w2.errorString()));
    QVERIFY2(w2.waitReady(), qPrintable(w2.errorString()));
    const QString id2 = workerIdOf(w2);
    QVERIFY(waitFor([&] { return idleInQueen(queen, id2); }, 10000));

    // Conversation A goes to w1 (nobody holds it; both idle; registration order).
    const QList<core::ChatMessage> a1 = opening(s("a small red crab"));
    const QUrl aJob = submit(queen, {{s("messages"), toJson(a1)}, {s("max_tokens"), 1000}});
    QVERIFY(!aJob.isEmpty());
    // Conversation B, sent while A runs, goes to w2.
    const QList<core::ChatMessage> b1 = opening(s("a sleepy grey seal"));
    const StreamResult bRun = readStream(submit(queen, {{s("messages"), toJson(b1)}, {s("max_tokens"), 16}}), 60000);
    const StreamResult aRun = readStream(aJob, 120000);
    QVERIFY2(aRun.done && bRun.done, qPrintable(aRun.error + bRun.error));
    const QString noMatch = s(" by cache-aware (no worker holds this prompt; least loaded)");
    QVERIFY2(narrations(aRun).first().startsWith(s("Selected worker ") + id1), qPrintable(narrations(aRun).first()));
    QVERIFY2(narrations(aRun).first().endsWith(noMatch), qPrintable(narrations(aRun).first()));
    QVERIFY2(narrations(bRun).first().startsWith(s("Selected worker ") + id2), qPrintable(narrations(bRun).first()));
    QVERIFY2(narrations(bRun).first().endsWith(noMatch), qPrintable(narrations(bRun).first()));

    // Both idle: B's next turn goes back to w2, where its start is cached.
    QVERIFY(waitFor([&] { return idleInQueen(queen, id1) && idleInQueen(queen, id2); }, 10000));
    const QList<core::ChatMessage> b2 = nextTurn(b1, bRun.text(), s("What did the seal do next?"));
    const StreamResult b2Run = readStream(submit(queen, {{s("messages"), toJson(b2)}, {s("max_tokens"), 16}}), 60000);
    QVERIFY2(b2Run.done, qPrintable(b2Run.error));
    const QString told = narrations(b2Run).first();
    QVERIFY2(told.startsWith(s("Selected worker ") + id2 + s(" (model tiny, 0/1 slots busy,")), qPrintable(told));
    QVERIFY2(told.endsWith(cachedClause(b1, b2)), qPrintable(told + s(" / expected ") + cachedClause(b1, b2)));

    // The same through OpenAI's chat endpoint (its narration is in the queen's scheduler log).
    QVERIFY(waitFor([&] { return idleInQueen(queen, id1) && idleInQueen(queen, id2); }, 10000));
    const QList<core::ChatMessage> b3 = nextTurn(b2, b2Run.text(), s("And how did the story end?"));
    const auto chat =
        postJson(queen.url(s("/v1/chat/completions")),
                 {{s("model"), s("tiny")}, {s("messages"), toJson(b3)}, {s("max_tokens"), 8}, {s("temperature"), 0}});
    QCOMPARE(chat.status, 200);
    const QJsonObject usage = chat.json.value(s("usage")).toObject();
    QVERIFY2(usage.value(s("prompt_tokens_details")).toObject().contains(s("cached_tokens")), chat.body.constData());
    const QString expected = s("Selected worker ") + id2 + s(" (model tiny, 0/1 slots busy,");
    QString line;
    const bool logged = waitFor(
        [&] {
            const QStringList lines = QString::fromUtf8(queen.stderrText()).split(u'\n');
            for (const QString &l : lines) {
                if (l.contains(cachedClause(b2, b3)))
                    line = l;
            }
            return !line.isEmpty();
        },
        10000);
    QVERIFY2(logged, qPrintable(s("no narration ending in '") + cachedClause(b2, b3) + s("' in the queen's log:\n")
                                + QString::fromUtf8(queen.stderrText())));
    QVERIFY2(line.contains(expected), qPrintable(line));
}

QTEST_GUILESS_MAIN(TestQueenRouting)
#include "tst_queen_routing.moc"
