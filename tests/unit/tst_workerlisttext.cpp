// WorkerListText (`rbee status`): every field of the worker list that a user reads is shown, a note
// under a worker says why it is offline, that its clock disagrees, or that it runs another version;
// worker-supplied text never reaches the terminal with control characters.
#include "core/client/workerlisttext.h"

#include <QJsonArray>
#include <QTest>

using rbee::core::WorkerListText;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QJsonObject readyWorker()
{
    return {{s("worker_id"), s("w-1")},
            {s("model"), s("tiny")},
            {s("url"), s("http://127.0.0.1:9001")},
            {s("device"), s("cpu")},
            {s("status"), s("ready")},
            {s("reported_status"), s("ready")},
            {s("online"), true},
            {s("slots_total"), 4},
            {s("slots_busy"), 1},
            {s("queue_depth"), 2},
            {s("ctx_size"), 4096},
            {s("tokens_per_s"), 12.5},
            {s("version"), s("0.1.0")},
            {s("prompt_tokens_cached"), 300},
            {s("prompt_tokens_decoded"), 100},
            {s("last_heartbeat_age_ms"), 1200},
            {s("clock_skew_ms"), 20},
            {s("jobs_dispatched"), 0}};
}

QJsonObject body(const QJsonObject &worker)
{
    return {{s("workers"), QJsonArray{worker}}, {s("heartbeat_timeout_ms"), 15000}};
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

}  // namespace

class TestWorkerListText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void format_noWorkers_isEmpty();
    void format_readyWorker_showsEveryColumn();
    void format_readyWorkerOfThisVersion_hasNoNotes();
    void format_offlineWorker_notesReasonAndLastReport();
    void format_stoppingWorker_notesNothingBeyondItsStatus();
    void format_clockSkewOverASecond_noted();
    void format_otherVersion_noted();
    void format_noPromptYet_cachedIsDash();
    void format_controlCharactersFromWorker_stripped();
};

void TestWorkerListText::format_noWorkers_isEmpty()
{
    QVERIFY(WorkerListText::format({{s("workers"), QJsonArray{}}}, s("0.1.0")).isEmpty());
}

void TestWorkerListText::format_readyWorker_showsEveryColumn()
{
    const QStringList out = lines(WorkerListText::format(body(readyWorker()), s("0.1.0")));
    QCOMPARE(out.size(), 3);  // header, worker, timeout
    for (const char *heading : {"ID", "MODEL", "DEVICE", "URL", "STATUS", "SLOTS", "QUEUE", "CTX", "TOK/S", "CACHED",
                                "VERSION", "LAST HEARTBEAT"})
        QVERIFY2(out.at(0).contains(s(heading)), heading);
    const QStringList cells = out.at(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(cells, (QStringList{s("w-1"), s("tiny"), s("cpu"), s("http://127.0.0.1:9001"), s("ready"), s("1/4"),
                                 s("2"), s("4096"), s("12.5"), s("75%"), s("0.1.0"), s("1.2"), s("s"), s("ago")}));
    QCOMPARE(out.at(2), s("A worker is offline after 15 s without a heartbeat."));
}

void TestWorkerListText::format_readyWorkerOfThisVersion_hasNoNotes()
{
    const QStringList out = lines(WorkerListText::format(body(readyWorker()), s("0.1.0")));
    for (const QString &line : out)
        QVERIFY2(!line.startsWith(s("  ")), qPrintable(line));
}

void TestWorkerListText::format_offlineWorker_notesReasonAndLastReport()
{
    QJsonObject w = readyWorker();
    w.insert(s("status"), s("offline"));
    w.insert(s("reported_status"), s("busy"));
    w.insert(s("online"), false);
    w.insert(s("offline_reason"), s("no heartbeat for 17 s"));
    const QStringList out = lines(WorkerListText::format(body(w), s("0.1.0")));
    QVERIFY2(out.contains(s("  offline: no heartbeat for 17 s (last reported busy)")), qPrintable(out.join(u'\n')));
}

void TestWorkerListText::format_stoppingWorker_notesNothingBeyondItsStatus()
{
    QJsonObject w = readyWorker();
    w.insert(s("status"), s("stopping"));
    w.insert(s("reported_status"), s("stopping"));
    w.insert(s("online"), false);
    w.insert(s("offline_reason"), s("stopping"));
    const QStringList out = lines(WorkerListText::format(body(w), s("0.1.0")));
    QCOMPARE(out.size(), 3);
}

void TestWorkerListText::format_clockSkewOverASecond_noted()
{
    QJsonObject w = readyWorker();
    w.insert(s("clock_skew_ms"), 2400);
    QVERIFY(lines(WorkerListText::format(body(w), s("0.1.0")))
                .contains(s("  heartbeats arrive +2.4 s off the worker's clock: the clocks disagree or the network "
                            "is slow")));
    w.insert(s("clock_skew_ms"), -1000);
    QCOMPARE(lines(WorkerListText::format(body(w), s("0.1.0"))).size(), 3);
}

void TestWorkerListText::format_otherVersion_noted()
{
    const QStringList out = lines(WorkerListText::format(body(readyWorker()), s("0.2.0")));
    QVERIFY2(out.contains(s("  runs rbee-worker 0.1.0; this rbee is 0.2.0")), qPrintable(out.join(u'\n')));
}

void TestWorkerListText::format_noPromptYet_cachedIsDash()
{
    QJsonObject w = readyWorker();
    w.insert(s("prompt_tokens_cached"), 0);
    w.insert(s("prompt_tokens_decoded"), 0);
    const QStringList cells = lines(WorkerListText::format(body(w), s("0.1.0"))).at(1).split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(cells.at(9), s("-"));
}

void TestWorkerListText::format_controlCharactersFromWorker_stripped()
{
    QJsonObject w = readyWorker();
    w.insert(s("model"), s("evil\x1b[2Jmodel"));
    w.insert(s("status"), s("offline"));
    w.insert(s("offline_reason"), s("unreachable:\x1b]0;title\x07 refused"));
    const QByteArray out = WorkerListText::format(body(w), s("0.1.0"));
    QVERIFY2(!out.contains('\x1b') && !out.contains('\x07'), out.constData());
}

QTEST_APPLESS_MAIN(TestWorkerListText)
#include "tst_workerlisttext.moc"
