// The hive's wire types: HiveReport (heartbeat and GET /v1/hive), WorkerStartRequest and
// ModelPullRequest. Round trips through toJson(), and every kind of bad input refused with the
// field at fault: model names that could leave the models folder, bad arrays, duplicates.
#include "core/json.h"
#include "core/protocol/hivereport.h"
#include "core/protocol/modelpullrequest.h"
#include "core/protocol/workerstartrequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace rbee::core;

namespace {
HiveReport sampleReport()
{
    HiveReport h;
    h.name = QStringLiteral("attic");
    h.url = QStringLiteral("http://192.168.1.20:7834");
    h.version = QStringLiteral("0.1.0");
    h.devices.append(ListedDevice{QStringLiteral("CPU"), QStringLiteral("AMD EPYC"), QStringLiteral("CPU"),
                                  25'000'000'000, 20'000'000'000, false, false, true});
    h.devices.append(ListedDevice{QStringLiteral("Vulkan0"), QStringLiteral("Radeon"), QStringLiteral("Vulkan"),
                                  8'000'000'000, 7'000'000'000, true, false, false});
    h.ramTotalBytes = 25'000'000'000;
    h.ramFreeBytes = 20'000'000'000;
    h.cpuCores = 16;
    h.diskFreeBytes = 400'000'000'000;
    h.maxWorkers = 4;
    HiveModel m;
    m.name = QStringLiteral("qwen2.5-0.5b-instruct-q8_0");
    m.sizeBytes = 531'000'000;
    m.architecture = QStringLiteral("qwen2");
    m.parameters = 494'000'000;
    m.quantization = QStringLiteral("Q8_0");
    m.contextLength = 32768;
    m.layers = 25;
    m.kvBytesPerToken = 12288;
    m.computeBytes = 300'000'000;
    m.sha256 = QString(64, u'a');
    h.models.append(m);
    h.workers.append(HiveWorker{QStringLiteral("attic-qwen-1"),
                                m.name,
                                QStringLiteral("Vulkan0"),
                                QStringLiteral("http://192.168.1.20:40001"),
                                QStringLiteral("running"),
                                4242,
                                40001,
                                {}});
    h.transfers.append(HiveTransfer{
        QStringLiteral("llama"), QStringLiteral("hive:kitchen"), 100, 1000, QStringLiteral("running"), {}});
    h.sentAtMs = 1'780'000'000'000;
    return h;
}

QJsonObject roundTripJson(const QJsonObject &o)
{
    return QJsonDocument::fromJson(QJsonDocument(o).toJson()).object();
}
}  // namespace

class TestHiveProtocol : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hiveReport_toJson_roundTrips();
    void hiveReport_unknownFields_ignored();
    void hiveReport_invalid_refusedNamingTheField_data();
    void hiveReport_invalid_refusedNamingTheField();
    void hiveModel_deviceBytes_weightsKvAndCompute();
    void modelName_validate_data();
    void modelName_validate();
    void workerStartRequest_roundTripsAndRefusesBadFields_data();
    void workerStartRequest_roundTripsAndRefusesBadFields();
    void workerStartRequest_hiveOnlyWhereAllowed();
    void modelPullRequest_exactlyOneSource_data();
    void modelPullRequest_exactlyOneSource();
};

void TestHiveProtocol::hiveReport_toJson_roundTrips()
{
    const HiveReport h = sampleReport();
    const auto back = HiveReport::fromJson(roundTripJson(h.toJson()));
    QVERIFY2(back.ok(), qPrintable(back.error().message));
    QCOMPARE(back.value(), h);
    QVERIFY(back->model(QStringLiteral("qwen2.5-0.5b-instruct-q8_0")));
    QVERIFY(!back->model(QStringLiteral("other")));
    QCOMPARE(back->worker(QStringLiteral("attic-qwen-1"))->pid, 4242);
}

void TestHiveProtocol::hiveReport_unknownFields_ignored()
{
    QJsonObject o = sampleReport().toJson();
    o.insert(QStringLiteral("from_the_future"), 1);
    QVERIFY(HiveReport::fromJson(o).ok());
}

void TestHiveProtocol::hiveReport_invalid_refusedNamingTheField_data()
{
    QTest::addColumn<QString>("path");  // "key" or "array.index.key"
    QTest::addColumn<QJsonValue>("value");
    QTest::addColumn<QString>("field");

    QTest::newRow("no name") << "name" << QJsonValue() << "name";
    QTest::newRow("url not http") << "url" << QJsonValue(QStringLiteral("ftp://x")) << "url";
    QTest::newRow("negative ram") << "ram_free_bytes" << QJsonValue(-1) << "ram_free_bytes";
    QTest::newRow("devices not array") << "devices" << QJsonValue(3) << "devices";
    QTest::newRow("model name with slash")
        << "models.0.name" << QJsonValue(QStringLiteral("../etc/passwd")) << "models[0].name";
    QTest::newRow("model size missing") << "models.0.size_bytes" << QJsonValue() << "models[0].size_bytes";
    QTest::newRow("model sha256 upper") << "models.0.sha256" << QJsonValue(QString(64, u'A')) << "models[0].sha256";
    QTest::newRow("worker status") << "workers.0.status" << QJsonValue(QStringLiteral("flying")) << "workers[0].status";
    QTest::newRow("worker url") << "workers.0.url" << QJsonValue(QStringLiteral("not a url")) << "workers[0].url";
    QTest::newRow("transfer total") << "transfers.0.total_bytes" << QJsonValue(-2) << "transfers[0].total_bytes";
    QTest::newRow("device name") << "devices.1.name" << QJsonValue(QString()) << "devices[1].name";
}

void TestHiveProtocol::hiveReport_invalid_refusedNamingTheField()
{
    QFETCH(QString, path);
    QFETCH(QJsonValue, value);
    QFETCH(QString, field);
    QJsonObject o = sampleReport().toJson();
    const QStringList parts = path.split(u'.');
    if (parts.size() == 1) {
        if (value.isNull())
            o.remove(path);
        else
            o.insert(path, value);
    } else {
        QJsonArray array = o.value(parts[0]).toArray();
        QJsonObject element = array.at(parts[1].toInt()).toObject();
        if (value.isNull())
            element.remove(parts[2]);
        else
            element.insert(parts[2], value);
        array[parts[1].toInt()] = element;
        o.insert(parts[0], array);
    }
    const auto h = HiveReport::fromJson(o);
    QVERIFY(!h.ok());
    QCOMPARE(h.error().code, ErrorCode::BadRequest);
    QCOMPARE(h.error().field, field);
}

void TestHiveProtocol::hiveModel_deviceBytes_weightsKvAndCompute()
{
    HiveModel m;
    m.sizeBytes = 1000;
    m.kvBytesPerToken = 10;
    m.computeBytes = 7;
    QCOMPARE(m.deviceBytes(100, 4), 1000 + 10 * 100 * 4 + 7);
}

void TestHiveProtocol::modelName_validate_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("valid");
    QTest::newRow("plain") << "stories260K" << true;
    QTest::newRow("dots and dashes") << "qwen2.5-0.5b_q8_0" << true;
    QTest::newRow("empty") << "" << false;
    QTest::newRow("dot") << "." << false;
    QTest::newRow("dotdot") << ".." << false;
    QTest::newRow("slash") << "a/b" << false;
    QTest::newRow("traversal") << "../x" << false;
    QTest::newRow("backslash") << "a\\b" << false;
    QTest::newRow("space") << "a b" << false;
    QTest::newRow("percent") << "%2e%2e" << false;
    QTest::newRow("nul") << QString(QChar(0)) << false;
    QTest::newRow("non-ascii") << QStringLiteral("modèle") << false;
    QTest::newRow("129 chars") << QString(129, u'a') << false;
    QTest::newRow("128 chars") << QString(128, u'a') << true;
}

void TestHiveProtocol::modelName_validate()
{
    QFETCH(QString, name);
    QFETCH(bool, valid);
    const auto error = HiveModel::validateName(name);
    QCOMPARE(!error.has_value(), valid);
    if (error) {
        QCOMPARE(error->code, ErrorCode::BadRequest);
        QCOMPARE(error->field, QStringLiteral("model"));
    }
}

void TestHiveProtocol::workerStartRequest_roundTripsAndRefusesBadFields_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");  // empty: valid
    QTest::newRow("minimal") << QByteArray(R"({"model":"m"})") << QString();
    QTest::newRow("all") << QByteArray(
        R"({"model":"m","device":"Vulkan0","slots":2,"ctx":1024,"threads":3,"gpu_layers":"all"})")
                         << QString();
    QTest::newRow("layer count") << QByteArray(R"({"model":"m","gpu_layers":12})") << QString();
    QTest::newRow("no model") << QByteArray(R"({"slots":2})") << "model";
    QTest::newRow("bad model") << QByteArray(R"({"model":"../m"})") << "model";
    QTest::newRow("slots 0") << QByteArray(R"({"model":"m","slots":0})") << "slots";
    QTest::newRow("ctx small") << QByteArray(R"({"model":"m","ctx":8})") << "ctx";
    QTest::newRow("gpu_layers word") << QByteArray(R"({"model":"m","gpu_layers":"most"})") << "gpu_layers";
    QTest::newRow("gpu_layers negative") << QByteArray(R"({"model":"m","gpu_layers":-1})") << "gpu_layers";
    QTest::newRow("gpu_layers fraction") << QByteArray(R"({"model":"m","gpu_layers":1.5})") << "gpu_layers";
    QTest::newRow("unknown") << QByteArray(R"({"model":"m","port":5})") << "port";
}

void TestHiveProtocol::workerStartRequest_roundTripsAndRefusesBadFields()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    const auto object = parseJsonObject(json);
    QVERIFY(object.ok());
    const auto request = WorkerStartRequest::fromJson(object.value(), false);
    if (!field.isEmpty()) {
        QVERIFY(!request.ok());
        QCOMPARE(request.error().field, field);
        return;
    }
    QVERIFY2(request.ok(), qPrintable(request.error().message));
    QCOMPARE(request->toJson(), object.value());
    QCOMPARE(WorkerStartRequest::fromJson(request->toJson(), false).value(), request.value());
}

void TestHiveProtocol::workerStartRequest_hiveOnlyWhereAllowed()
{
    const QJsonObject o{{QStringLiteral("model"), QStringLiteral("m")},
                        {QStringLiteral("hive"), QStringLiteral("attic")}};
    QCOMPARE(WorkerStartRequest::fromJson(o, true).value().hive, QStringLiteral("attic"));
    const auto refused = WorkerStartRequest::fromJson(o, false);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().field, QStringLiteral("hive"));
    const WorkerStartRequest defaults = WorkerStartRequest::fromJson(o, true).value();
    QCOMPARE(defaults.effectiveSlots(), 4);
    QCOMPARE(defaults.effectiveCtx(), 4096);
}

void TestHiveProtocol::modelPullRequest_exactlyOneSource_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::newRow("url") << QByteArray(R"({"model":"m","url":"https://example.org/m.gguf"})") << QString();
    QTest::newRow("from hive") << QByteArray(R"({"model":"m","from_hive":"attic"})") << QString();
    QTest::newRow("sha256") << QByteArray(R"({"model":"m","from_hive":"a","sha256":")" + QByteArray(64, 'f') + "\"}")
                            << QString();
    QTest::newRow("neither") << QByteArray(R"({"model":"m"})") << "url";
    QTest::newRow("both") << QByteArray(R"({"model":"m","url":"http://h/m","from_hive":"a"})") << "url";
    QTest::newRow("file url") << QByteArray(R"({"model":"m","url":"file:///etc/passwd"})") << "url";
    QTest::newRow("bad name") << QByteArray(R"({"model":"a/../../b","from_hive":"a"})") << "model";
    QTest::newRow("bad sha") << QByteArray(R"({"model":"m","from_hive":"a","sha256":"abc"})") << "sha256";
    QTest::newRow("unknown") << QByteArray(R"({"model":"m","from_hive":"a","path":"/tmp"})") << "path";
}

void TestHiveProtocol::modelPullRequest_exactlyOneSource()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    const auto object = parseJsonObject(json);
    QVERIFY(object.ok());
    const auto request = ModelPullRequest::fromJson(object.value());
    if (!field.isEmpty()) {
        QVERIFY(!request.ok());
        QCOMPARE(request.error().field, field);
        return;
    }
    QVERIFY2(request.ok(), qPrintable(request.error().message));
    QCOMPARE(request->toJson(), object.value());
}

QTEST_GUILESS_MAIN(TestHiveProtocol)
#include "tst_hiveprotocol.moc"
