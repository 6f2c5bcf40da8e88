// HiveListText (`rbee hives`): one row per hive with its status, cores, RAM, disk and counts, and
// under it every device with free/total memory, every model with its size, every worker and every
// transfer; hive-supplied text never reaches the terminal with control characters; a report this
// rbee cannot read is named, not dropped.
#include "core/client/hivelisttext.h"
#include "core/protocol/hivereport.h"

#include <QJsonArray>
#include <QTest>

using namespace rbee::core;

namespace {

constexpr qint64 kGiB = qint64(1) << 30;
constexpr qint64 kMiB = qint64(1) << 20;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

HiveReport attic()
{
    HiveReport r;
    r.name = s("attic");
    r.url = s("http://127.0.0.2:7834");
    r.version = s("0.1.0");
    ListedDevice cpu;
    cpu.name = s("CPU");
    cpu.description = s("AMD Ryzen 7 7700");
    cpu.backend = s("CPU");
    cpu.memoryTotalBytes = 32 * kGiB;
    cpu.memoryFreeBytes = 28 * kGiB;
    ListedDevice gpu;
    gpu.name = s("Vulkan0");
    gpu.description = s("AMD Radeon RX 7800 XT");
    gpu.backend = s("Vulkan");
    gpu.memoryTotalBytes = 16 * kGiB;
    gpu.memoryFreeBytes = 15 * kGiB;
    gpu.gpu = true;
    r.devices = {cpu, gpu};
    r.ramTotalBytes = 32 * kGiB;
    r.ramFreeBytes = 28 * kGiB;
    r.cpuCores = 16;
    r.diskFreeBytes = 400 * kGiB;
    r.maxWorkers = 4;
    HiveModel m;
    m.name = s("qwen2.5-0.5b-instruct-q8_0");
    m.sizeBytes = 506 * kMiB;
    m.architecture = s("qwen2");
    m.parameters = 494032768;
    m.quantization = s("Q8_0");
    m.contextLength = 32768;
    m.layers = 25;
    r.models = {m};
    HiveWorker w;
    w.workerId = s("attic-1");
    w.model = m.name;
    w.device = s("Vulkan0");
    w.url = s("http://127.0.0.2:40117");
    w.status = s("running");
    w.pid = 4242;
    w.port = 40117;
    r.workers = {w};
    HiveTransfer t;
    t.model = s("llama");
    t.source = s("hive:kitchen");
    t.receivedBytes = 100 * kMiB;
    t.totalBytes = 400 * kMiB;
    t.status = s("running");
    r.transfers = {t};
    r.sentAtMs = 1780000000000;
    return r;
}

QJsonObject listed(const HiveReport &r, bool online = true)
{
    QJsonObject h = r.toJson();
    h.insert(s("status"), online ? s("ready") : s("offline"));
    h.insert(s("online"), online);
    h.insert(s("last_heartbeat_age_ms"), 1500);
    return h;
}

QJsonObject body(const QJsonArray &hives)
{
    return {{s("hives"), hives}, {s("heartbeat_timeout_ms"), 15000}};
}

QStringList lines(const QByteArray &text)
{
    return QString::fromUtf8(text).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

}  // namespace

class TestHiveListText : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void format_noHives_isEmpty();
    void format_hive_rowShowsEveryColumn();
    void format_hive_listsDevicesModelsWorkersAndTransfers();
    void format_offlineHive_saysOffline();
    void format_unreadableReport_namedWithItsError();
    void format_controlCharactersFromHive_stripped();
    void sizeText_picksTheUnit_data();
    void sizeText_picksTheUnit();
    void transferText_unknownTotal_showsReceivedOnly();
    void transferText_failed_showsTheError();
};

void TestHiveListText::format_noHives_isEmpty()
{
    QVERIFY(HiveListText::format({{s("hives"), QJsonArray{}}}).isEmpty());
}

void TestHiveListText::format_hive_rowShowsEveryColumn()
{
    const QStringList out = lines(HiveListText::format(body({listed(attic())})));
    for (const char *heading :
         {"NAME", "URL", "STATUS", "CORES", "RAM", "DISK FREE", "MODELS", "WORKERS", "LAST REPORT"})
        QVERIFY2(out.at(0).contains(s(heading)), heading);
    const QStringList cells = out.at(1).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QCOMPARE(cells, (QStringList{s("attic"), s("http://127.0.0.2:7834"), s("ready"), s("16"), s("28.0"), s("GiB"),
                                 s("free"), s("of"), s("32.0"), s("GiB"), s("400.0"), s("GiB"), s("1"), s("1/4"),
                                 s("1.5"), s("s"), s("ago")}));
    QCOMPARE(out.last(), s("A hive is offline after 15 s without a report."));
}

void TestHiveListText::format_hive_listsDevicesModelsWorkersAndTransfers()
{
    const QStringList out = lines(HiveListText::format(body({listed(attic())})));
    const QStringList expected{
        s("  device CPU · AMD Ryzen 7 7700 (CPU): 28.0 GiB free of 32.0 GiB"),
        s("  device Vulkan0 · AMD Radeon RX 7800 XT (GPU): 15.0 GiB free of 16.0 GiB"),
        s("  model qwen2.5-0.5b-instruct-q8_0: 506.0 MiB, qwen2, 494.0 M params, Q8_0, trained ctx 32768"),
        s("  worker attic-1: qwen2.5-0.5b-instruct-q8_0 on Vulkan0, running, http://127.0.0.2:40117, pid 4242"),
        s("  transfer llama from hive:kitchen: 100.0 MiB of 400.0 MiB (25%), running"),
    };
    QCOMPARE(out.mid(2, expected.size()), expected);
    QCOMPARE(out.size(), 2 + expected.size() + 1);
}

void TestHiveListText::format_offlineHive_saysOffline()
{
    const QStringList out = lines(HiveListText::format(body({listed(attic()), listed(attic(), false)})));
    const QStringList rows = out.filter(QRegularExpression(s("^attic ")));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows.at(0).split(u' ', Qt::SkipEmptyParts).at(2), s("ready"));
    QCOMPARE(rows.at(1).split(u' ', Qt::SkipEmptyParts).at(2), s("offline"));
}

void TestHiveListText::format_unreadableReport_namedWithItsError()
{
    QJsonObject h = listed(attic());
    h.insert(s("cpu_cores"), s("sixteen"));
    const QStringList out = lines(HiveListText::format(body({h})));
    QVERIFY2(out.at(1).startsWith(s("attic ")), qPrintable(out.join(u'\n')));
    QVERIFY2(out.at(2).startsWith(s("  report not readable: ")) && out.at(2).contains(s("cpu_cores")),
             qPrintable(out.join(u'\n')));
}

void TestHiveListText::format_controlCharactersFromHive_stripped()
{
    HiveReport r = attic();
    r.devices[1].description = s("Evil\x1b[2J GPU");
    r.workers[0].workerId = s("w\x1b]0;title\x07-1");
    r.transfers[0].source = s("https://x/\x1b[31mred");
    const QByteArray text = HiveListText::format(body({listed(r)}));
    QVERIFY(!text.contains('\x1b'));
    QVERIFY(!text.contains('\x07'));
    QVERIFY(text.contains("Evil[2J GPU"));
}

void TestHiveListText::sizeText_picksTheUnit_data()
{
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<QString>("text");
    QTest::newRow("bytes") << qint64(512) << s("512 B");
    QTest::newRow("KiB") << qint64(1536) << s("1.5 KiB");
    QTest::newRow("MiB") << 506 * kMiB << s("506.0 MiB");
    QTest::newRow("GiB") << 2 * kGiB + kGiB / 2 << s("2.5 GiB");
    QTest::newRow("TiB") << 3 * 1024 * kGiB << s("3.0 TiB");
}

void TestHiveListText::sizeText_picksTheUnit()
{
    QFETCH(qint64, bytes);
    QFETCH(QString, text);
    QCOMPARE(HiveListText::sizeText(bytes), text);
}

void TestHiveListText::transferText_unknownTotal_showsReceivedOnly()
{
    HiveTransfer t;
    t.model = s("m");
    t.source = s("https://example.org/m.gguf");
    t.receivedBytes = 2048;
    t.status = s("running");
    QCOMPARE(HiveListText::transferText(t), s("m from https://example.org/m.gguf: 2.0 KiB, running"));
}

void TestHiveListText::transferText_failed_showsTheError()
{
    HiveTransfer t;
    t.model = s("m");
    t.source = s("hive:attic");
    t.receivedBytes = 10;
    t.totalBytes = 10;
    t.status = s("failed");
    t.error = s("sha256 mismatch");
    QCOMPARE(HiveListText::transferText(t), s("m from hive:attic: 10 B of 10 B (100%), failed: sha256 mismatch"));
}

QTEST_APPLESS_MAIN(TestHiveListText)
#include "tst_hivelisttext.moc"
