// QueenMetrics::render: valid Prometheus text (HELP/TYPE before samples, well-formed samples), the
// counters and gauges it reports, and a cumulative time-to-first-token histogram with +Inf == count.
#include "core/clock.h"
#include "core/protocol/heartbeat.h"
#include "core/queen/queenmetrics.h"
#include "core/registry/workerregistry.h"

#include <QHash>
#include <QLoggingCategory>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <cmath>
#include <limits>

using namespace rbee::core;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

struct Sample {
    QString name;
    QString labels;  // as written, without braces
    double value = 0;
};

struct Exposition {
    QStringList problems;
    QList<Sample> samples;
    QMap<QString, QString> types;  // family -> type
    QMap<QString, double> values;  // "name{labels}" -> value

    double value(const char *key) const { return values.value(QString::fromUtf8(key), -1); }
};

bool parseValue(const QString &text, double &out)
{
    if (text == QLatin1String("+Inf")) {
        out = std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == QLatin1String("-Inf")) {
        out = -std::numeric_limits<double>::infinity();
        return true;
    }
    if (text == QLatin1String("NaN")) {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    bool ok = false;
    out = text.toDouble(&ok);
    return ok;
}

QString labelValue(const QString &labels, const QString &name)
{
    static const QRegularExpression label(s("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\.)*)\""));
    for (auto it = label.globalMatch(labels); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(1) == name)
            return m.captured(2);
    }
    return {};
}

// The family a sample belongs to: its own name, or a histogram's name without the suffix.
QString familyOf(const QString &name, const QMap<QString, QString> &types)
{
    if (types.contains(name))
        return name;
    for (const char *suffix : {"_bucket", "_sum", "_count"}) {
        const QString sfx = QString::fromLatin1(suffix);
        if (name.endsWith(sfx)) {
            const QString base = name.chopped(sfx.size());
            if (types.value(base) == QLatin1String("histogram"))
                return base;
        }
    }
    return name;
}

// Checks the Prometheus text format 0.0.4 rules that a scraper relies on.
Exposition parseExposition(const QByteArray &text)
{
    static const QRegularExpression help(s("^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) \\S.*$"));
    static const QRegularExpression type(
        s("^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$"));
    static const QRegularExpression sample(
        s("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")"
          "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*)\\})? (\\S+)$"));

    Exposition e;
    if (!text.endsWith('\n'))
        e.problems << s("text does not end with a newline");
    QSet<QString> helped;
    QSet<QString> finished;  // families whose samples are over (they must be contiguous)
    QString current;
    const QStringList lines = QString::fromUtf8(text).split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString &line = lines.at(i);
        const QString where = QStringLiteral("line %1: '%2': ").arg(i + 1).arg(line);
        if (line.isEmpty()) {
            if (i != lines.size() - 1)
                e.problems << where + s("empty line");
            continue;
        }
        if (line.startsWith(QLatin1String("# HELP "))) {
            const auto m = help.match(line);
            if (!m.hasMatch())
                e.problems << where + s("malformed HELP");
            else if (helped.contains(m.captured(1)))
                e.problems << where + s("second HELP for the family");
            else
                helped.insert(m.captured(1));
            continue;
        }
        if (line.startsWith(QLatin1String("# TYPE "))) {
            const auto m = type.match(line);
            if (!m.hasMatch())
                e.problems << where + s("malformed TYPE");
            else if (e.types.contains(m.captured(1)))
                e.problems << where + s("second TYPE for the family");
            else
                e.types.insert(m.captured(1), m.captured(2));
            continue;
        }
        if (line.startsWith(u'#'))
            continue;  // a comment
        const auto m = sample.match(line);
        Sample smp;
        if (!m.hasMatch() || !parseValue(m.captured(3), smp.value)) {
            e.problems << where + s("malformed sample");
            continue;
        }
        smp.name = m.captured(1);
        smp.labels = m.captured(2);
        const QString family = familyOf(smp.name, e.types);
        if (!e.types.contains(family))
            e.problems << where + s("sample before (or without) its TYPE line");
        if (!helped.contains(family))
            e.problems << where + s("sample without a HELP line");
        if (family != current) {
            if (!current.isEmpty())
                finished.insert(current);
            if (finished.contains(family))
                e.problems << where + s("samples of the family are not contiguous");
            current = family;
        }
        const QString key = smp.labels.isEmpty() ? smp.name : smp.name + u'{' + smp.labels + u'}';
        if (e.values.contains(key))
            e.problems << where + s("duplicate sample");
        if (e.types.value(family) == QLatin1String("counter") && !(smp.value >= 0))
            e.problems << where + s("negative counter");
        e.values.insert(key, smp.value);
        e.samples.append(smp);
    }

    // Histograms: buckets in increasing le, cumulative, ending at +Inf == _count, with a _sum.
    for (auto it = e.types.cbegin(); it != e.types.cend(); ++it) {
        if (it.value() != QLatin1String("histogram"))
            continue;
        const QString family = it.key();
        double lastLe = -std::numeric_limits<double>::infinity();
        double lastCount = 0;
        int buckets = 0;
        for (const Sample &smp : std::as_const(e.samples)) {
            if (smp.name != family + s("_bucket"))
                continue;
            ++buckets;
            double le = 0;
            if (!parseValue(labelValue(smp.labels, s("le")), le)) {
                e.problems << family + s(": bucket without a numeric le");
                continue;
            }
            if (!(le > lastLe))
                e.problems << family + QStringLiteral(": le %1 not above the previous bucket").arg(le);
            if (smp.value < lastCount)
                e.problems << family
                                  + QStringLiteral(": bucket le=%1 holds %2, less than the one before (%3)")
                                        .arg(le)
                                        .arg(smp.value)
                                        .arg(lastCount);
            lastLe = le;
            lastCount = smp.value;
        }
        if (buckets == 0 || !std::isinf(lastLe))
            e.problems << family + s(": the last bucket is not le=\"+Inf\"");
        if (!e.values.contains(family + s("_count")))
            e.problems << family + s(": no _count");
        else if (e.values.value(family + s("_count")) != lastCount)
            e.problems << family + s(": +Inf bucket differs from _count");
        if (!e.values.contains(family + s("_sum")))
            e.problems << family + s(": no _sum");
    }
    return e;
}

QString describe(const Exposition &e, const QByteArray &text)
{
    return e.problems.join(u'\n') + s("\n--- rendered:\n") + QString::fromUtf8(text);
}

Heartbeat beat(const ManualClock &clock, const char *id, WorkerStatus status, int busy = 0)
{
    Heartbeat hb;
    hb.workerId = s(id);
    hb.model = s("m");
    hb.url = QStringLiteral("http://%1.lan:8081").arg(hb.workerId);
    hb.status = status;
    hb.slotsTotal = 2;
    hb.slotsBusy = busy;
    hb.ctxSize = 2048;
    hb.version = s("0.1.0");
    hb.sentAtMs = clock.wallMs();
    return hb;
}

const char *const kTtft = "rbee_time_to_first_token_seconds";

}  // namespace

class TestQueenMetrics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void exposition_checker_rejectsBrokenText_data();
    void exposition_checker_rejectsBrokenText();
    void render_fresh_isValidPrometheusTextWithZeros();
    void render_everyFamily_hasHelpAndType();
    void render_ttftHistogram_isCumulativeWithInfEqualToCount();
    void render_ttftBucketBound_isInclusive_data();
    void render_ttftBucketBound_isInclusive();
    void render_workers_areCountedByDisplayStatus();
    void render_jobsAndHeartbeats_areCountedByLabel();
    void render_gauges_reportQueueDepthAndRunningJobs();
    void render_tokensRelayed_accumulates();
};

void TestQueenMetrics::initTestCase()
{
    QLoggingCategory::setFilterRules(s("rbee.*.info=false"));
}

void TestQueenMetrics::exposition_checker_rejectsBrokenText_data()
{
    // The checker must itself be able to fail, or the render tests prove nothing.
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("problem");
    const QByteArray head = "# HELP h A histogram.\n# TYPE h histogram\n";
    QTest::newRow("no TYPE") << QByteArray("# HELP c Things.\nc 1\n") << s("TYPE");
    QTest::newRow("no HELP") << QByteArray("# TYPE c counter\nc 1\n") << s("HELP");
    QTest::newRow("bad value") << QByteArray("# HELP c T.\n# TYPE c counter\nc one\n") << s("malformed sample");
    QTest::newRow("unquoted label") << QByteArray("# HELP c T.\n# TYPE c counter\nc{a=b} 1\n") << s("malformed sample");
    QTest::newRow("no final newline") << QByteArray("# HELP c T.\n# TYPE c counter\nc 1") << s("newline");
    QTest::newRow("not cumulative") << QByteArray(
        head + "h_bucket{le=\"1\"} 3\nh_bucket{le=\"2\"} 2\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 3\n")
                                    << s("less than");
    QTest::newRow("inf differs from count")
        << QByteArray(head + "h_bucket{le=\"1\"} 1\nh_bucket{le=\"+Inf\"} 2\nh_sum 1\nh_count 3\n") << s("_count");
    QTest::newRow("no inf bucket") << QByteArray(head + "h_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n") << s("+Inf");
    QTest::newRow("interleaved families")
        << QByteArray("# HELP a A.\n# TYPE a gauge\n# HELP b B.\n# TYPE b gauge\na{x=\"1\"} 1\nb 1\na{x=\"2\"} 1\n")
        << s("contiguous");
}

void TestQueenMetrics::exposition_checker_rejectsBrokenText()
{
    QFETCH(QByteArray, text);
    QFETCH(QString, problem);
    const Exposition e = parseExposition(text);
    QVERIFY2(!e.problems.isEmpty(), "the checker accepted broken text");
    QVERIFY2(e.problems.join(u'\n').contains(problem), qPrintable(e.problems.join(u'\n')));
}

void TestQueenMetrics::render_fresh_isValidPrometheusTextWithZeros()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const QueenMetrics metrics;
    const QByteArray text = metrics.render(registry, 0, 0);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));
    QVERIFY(!e.samples.isEmpty());
    for (const Sample &smp : e.samples)
        QVERIFY2(smp.value == 0, qPrintable(smp.name + u'{' + smp.labels + s("} is not 0")));
    QCOMPARE(e.value("rbee_time_to_first_token_seconds_bucket{le=\"+Inf\"}"), 0.0);
    QCOMPARE(e.value("rbee_time_to_first_token_seconds_count"), 0.0);
}

void TestQueenMetrics::render_everyFamily_hasHelpAndType()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QueenMetrics metrics;
    metrics.heartbeatRejected(s("invalid_slots_busy"));
    const QByteArray text = metrics.render(registry, 0, 0);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));
    const QMap<QString, QString> expected{
        {s("rbee_workers"), s("gauge")},
        {s("rbee_jobs_total"), s("counter")},
        {s("rbee_jobs_running"), s("gauge")},
        {s("rbee_queue_depth"), s("gauge")},
        {s(kTtft), s("histogram")},
        {s("rbee_tokens_relayed_total"), s("counter")},
        {s("rbee_heartbeats_total"), s("counter")},
    };
    QCOMPARE(e.types, expected);
}

void TestQueenMetrics::render_ttftHistogram_isCumulativeWithInfEqualToCount()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QueenMetrics metrics;
    for (const double seconds : {0.003, 0.02, 0.3, 0.3, 2.0, 7.0})
        metrics.firstToken(seconds);
    const QByteArray text = metrics.render(registry, 0, 0);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));

    const QList<QPair<const char *, double>> expected{
        {"0.005", 1}, {"0.01", 1}, {"0.025", 2}, {"0.05", 2}, {"0.1", 2},  {"0.25", 2},
        {"0.5", 4},   {"1", 4},    {"2.5", 5},   {"5", 5},    {"+Inf", 6},
    };
    for (const auto &[le, count] : expected) {
        const QString key = QStringLiteral("%1_bucket{le=\"%2\"}").arg(QLatin1String(kTtft), QLatin1String(le));
        QVERIFY2(e.values.contains(key), qPrintable(s("missing ") + key + s("\n") + QString::fromUtf8(text)));
        QCOMPARE(e.values.value(key), count);
    }
    QCOMPARE(e.value("rbee_time_to_first_token_seconds_count"), 6.0);
    QVERIFY(qFuzzyCompare(e.value("rbee_time_to_first_token_seconds_sum"), 0.003 + 0.02 + 0.3 + 0.3 + 2.0 + 7.0));
}

void TestQueenMetrics::render_ttftBucketBound_isInclusive_data()
{
    QTest::addColumn<double>("seconds");
    QTest::addColumn<QString>("firstBucket");  // the smallest le that counts it
    QTest::newRow("exactly 0.005") << 0.005 << s("0.005");
    QTest::newRow("exactly 1") << 1.0 << s("1");
    QTest::newRow("just above 1") << 1.0001 << s("2.5");
    QTest::newRow("exactly 5") << 5.0 << s("5");
    QTest::newRow("zero") << 0.0 << s("0.005");
    QTest::newRow("above every bound") << 60.0 << s("+Inf");
}

void TestQueenMetrics::render_ttftBucketBound_isInclusive()
{
    QFETCH(double, seconds);
    QFETCH(QString, firstBucket);
    ManualClock clock;
    WorkerRegistry registry(clock);
    QueenMetrics metrics;
    metrics.firstToken(seconds);
    const QByteArray text = metrics.render(registry, 0, 0);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));
    bool reached = false;
    for (const Sample &smp : e.samples) {
        if (smp.name != s("rbee_time_to_first_token_seconds_bucket"))
            continue;
        const QString le = labelValue(smp.labels, s("le"));
        reached = reached || le == firstBucket;
        QCOMPARE(smp.value, reached ? 1.0 : 0.0);
    }
    QVERIFY2(reached, qPrintable(s("no bucket le=") + firstBucket));
}

void TestQueenMetrics::render_workers_areCountedByDisplayStatus()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    registry.applyHeartbeat(beat(clock, "stale", WorkerStatus::Ready));
    clock.advance(registry.heartbeatTimeoutMs() + 1);
    registry.applyHeartbeat(beat(clock, "r1", WorkerStatus::Ready));
    registry.applyHeartbeat(beat(clock, "r2", WorkerStatus::Ready, 1));
    registry.applyHeartbeat(beat(clock, "b1", WorkerStatus::Busy, 2));
    registry.applyHeartbeat(beat(clock, "l1", WorkerStatus::Loading));
    registry.applyHeartbeat(beat(clock, "s1", WorkerStatus::Stopping));
    registry.sweep();

    const QByteArray text = QueenMetrics().render(registry, 0, 0);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));
    QCOMPARE(e.value("rbee_workers{status=\"ready\"}"), 2.0);
    QCOMPARE(e.value("rbee_workers{status=\"busy\"}"), 1.0);
    QCOMPARE(e.value("rbee_workers{status=\"loading\"}"), 1.0);
    // A stopping worker is out of service at once and counted as stopping; a silent one is offline.
    QCOMPARE(e.value("rbee_workers{status=\"offline\"}"), 1.0);
    QCOMPARE(e.value("rbee_workers{status=\"stopping\"}"), 1.0);
    double total = 0;
    for (const Sample &smp : e.samples) {
        if (smp.name == QLatin1String("rbee_workers"))
            total += smp.value;
    }
    QCOMPARE(total, double(registry.workers().size()));
}

void TestQueenMetrics::render_jobsAndHeartbeats_areCountedByLabel()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QueenMetrics metrics;
    metrics.jobEnded(s("completed"));
    metrics.jobEnded(s("completed"));
    metrics.jobEnded(s("completed"));
    metrics.jobEnded(s("failed"));
    metrics.jobEnded(s("rejected"));
    metrics.jobEnded(s("rejected"));
    for (int i = 0; i < 5; ++i)
        metrics.heartbeatAccepted();
    metrics.heartbeatRejected(s("unauthorized"));
    metrics.heartbeatRejected(s("invalid_slots_busy"));
    metrics.heartbeatRejected(s("invalid_slots_busy"));

    const QByteArray text = metrics.render(registry, 0, 0);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));
    QCOMPARE(e.value("rbee_jobs_total{outcome=\"completed\"}"), 3.0);
    QCOMPARE(e.value("rbee_jobs_total{outcome=\"failed\"}"), 1.0);
    QCOMPARE(e.value("rbee_jobs_total{outcome=\"cancelled\"}"), 0.0);
    QCOMPARE(e.value("rbee_jobs_total{outcome=\"rejected\"}"), 2.0);
    QStringList outcomes;
    for (const Sample &smp : e.samples) {
        if (smp.name == QLatin1String("rbee_jobs_total"))
            outcomes << labelValue(smp.labels, s("outcome"));
    }
    QCOMPARE(outcomes, (QStringList{s("completed"), s("failed"), s("cancelled"), s("rejected")}));
    QCOMPARE(e.value("rbee_heartbeats_total{result=\"accepted\",reason=\"\"}"), 5.0);
    QCOMPARE(e.value("rbee_heartbeats_total{result=\"rejected\",reason=\"unauthorized\"}"), 1.0);
    QCOMPARE(e.value("rbee_heartbeats_total{result=\"rejected\",reason=\"invalid_slots_busy\"}"), 2.0);
}

void TestQueenMetrics::render_gauges_reportQueueDepthAndRunningJobs()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    const QByteArray text = QueenMetrics().render(registry, 7, 3);
    const Exposition e = parseExposition(text);
    QVERIFY2(e.problems.isEmpty(), qPrintable(describe(e, text)));
    QCOMPARE(e.value("rbee_queue_depth"), 7.0);
    QCOMPARE(e.value("rbee_jobs_running"), 3.0);
}

void TestQueenMetrics::render_tokensRelayed_accumulates()
{
    ManualClock clock;
    WorkerRegistry registry(clock);
    QueenMetrics metrics;
    metrics.tokensRelayed(1);
    metrics.tokensRelayed(41);
    metrics.tokensRelayed(5'000'000'000);
    const QByteArray text = metrics.render(registry, 0, 0);
    QVERIFY2(text.contains("\nrbee_tokens_relayed_total 5000000042\n"), text.constData());
}

QTEST_APPLESS_MAIN(TestQueenMetrics)
#include "tst_queenmetrics.moc"
