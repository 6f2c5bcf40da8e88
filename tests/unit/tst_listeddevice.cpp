// ListedDevice: the JSON array of `rbee-worker --list-devices --json` as the desktop app reads it:
// every field, a round trip through toJson(), and malformed output refused with the element and
// field at fault.
#include "core/protocol/listeddevice.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using rbee::core::ListedDevice;

namespace {
QString s(const char *text)
{
    return QString::fromUtf8(text);
}
}  // namespace

class TestListedDevice : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parseList_workerOutput_readsEveryField();
    void parseList_toJson_roundTrips();
    void parseList_malformed_rejectedNamingWhere_data();
    void parseList_malformed_rejectedNamingWhere();
};

void TestListedDevice::parseList_workerOutput_readsEveryField()
{
    // As rbee-worker prints it (one line, keys sorted by QJsonDocument).
    const QByteArray out =
        R"json([{"backend":"CPU","default":true,"description":"AMD EPYC","gpu":false,"memory_free_bytes":22933921792,)json"
        R"json("memory_total_bytes":25276026880,"name":"CPU","software":false},{"backend":"Vulkan","default":false,)json"
        R"json("description":"llvmpipe (LLVM 15.0.6, 256 bits)","gpu":true,"memory_free_bytes":2147483648,)json"
        R"json("memory_total_bytes":2147483648,"name":"Vulkan0","software":true}])json"
        "\n";
    const auto devices = ListedDevice::parseList(out);
    QVERIFY2(devices.ok(), qPrintable(devices.error().message));
    QCOMPARE(devices.value().size(), 2);
    const ListedDevice &cpu = devices.value().at(0);
    QCOMPARE(cpu.name, s("CPU"));
    QCOMPARE(cpu.description, s("AMD EPYC"));
    QCOMPARE(cpu.backend, s("CPU"));
    QCOMPARE(cpu.memoryTotalBytes, qint64(25276026880));
    QCOMPARE(cpu.memoryFreeBytes, qint64(22933921792));
    QVERIFY(!cpu.gpu && !cpu.software && cpu.isDefault);
    QCOMPARE(cpu.label(), s("CPU · AMD EPYC"));
    const ListedDevice &vulkan = devices.value().at(1);
    QCOMPARE(vulkan.name, s("Vulkan0"));
    QVERIFY(vulkan.gpu && vulkan.software && !vulkan.isDefault);
    QCOMPARE(vulkan.label(), s("Vulkan0 · llvmpipe (LLVM 15.0.6, 256 bits)"));
    QVERIFY(ListedDevice::parseList("[]").ok());
}

void TestListedDevice::parseList_toJson_roundTrips()
{
    ListedDevice d;
    d.name = s("CUDA0");
    d.description = s("NVIDIA GeForce RTX 4090");
    d.backend = s("CUDA");
    d.memoryTotalBytes = qint64(24) << 30;
    d.memoryFreeBytes = qint64(23) << 30;
    d.gpu = true;
    d.isDefault = true;
    ListedDevice bare;
    bare.name = s("CPU");
    const QByteArray json = QJsonDocument(QJsonArray{d.toJson(), bare.toJson()}).toJson();
    const auto back = ListedDevice::parseList(json);
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back.value(), (QList<ListedDevice>{d, bare}));
}

void TestListedDevice::parseList_malformed_rejectedNamingWhere_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("inMessage");
    QTest::newRow("not JSON") << QByteArray("rbee-worker: error: something") << s("not JSON");
    QTest::newRow("an object") << QByteArray(R"json({"name":"CPU"})json") << s("not a JSON array");
    QTest::newRow("element not an object") << QByteArray(R"json([{"name":"CPU"}, 3])json") << s("[1]");
    QTest::newRow("no name") << QByteArray(R"json([{"backend":"CPU"}])json") << s("[0].name");
    QTest::newRow("empty name") << QByteArray(R"json([{"name":""}])json") << s("[0].name");
    QTest::newRow("negative memory") << QByteArray(R"json([{"name":"CPU","memory_free_bytes":-1}])json")
                                     << s("[0].memory_free_bytes");
    QTest::newRow("memory as text") << QByteArray(R"json([{"name":"CPU","memory_total_bytes":"8 GiB"}])json")
                                    << s("[0].memory_total_bytes");
    QTest::newRow("gpu as text") << QByteArray(R"json([{"name":"CPU"},{"name":"Vulkan0","gpu":"yes"}])json")
                                 << s("[1].gpu");
}

void TestListedDevice::parseList_malformed_rejectedNamingWhere()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, inMessage);
    const auto devices = ListedDevice::parseList(json);
    QVERIFY(!devices.ok());
    QVERIFY2(devices.error().message.contains(inMessage), qPrintable(devices.error().message));
}

QTEST_APPLESS_MAIN(TestListedDevice)
#include "tst_listeddevice.moc"
