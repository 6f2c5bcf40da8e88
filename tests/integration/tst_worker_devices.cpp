// Devices, end to end on real rbee-worker processes: --list-devices (text and JSON), --device
// and --gpu-layers refused with one clear line and exit code 2, a backend directory without ggml's
// CPU backend, and the device a worker reports in /health and, through a real queen, in its
// heartbeats. Runs on every machine: the CPU is always a device.
#include "serverprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace rbee::test;

namespace {
struct Run {
    int exitCode = -1;
    QString out;
    QString err;
};

Run runWorker(const QStringList &args, const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(workerBinary(), args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        r.err = QStringLiteral("timed out");
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QStringList tiny(QStringList args)
{
    return QStringList{QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--port"), QStringLiteral("0")}
           + args;
}
}  // namespace

class TestWorkerDevices : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listDevices_text_cpuFirstWithMemory()
    {
        const Run r = runWorker({QStringLiteral("--list-devices")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
        qInfo().noquote() << "--list-devices:" << r.out;
        QVERIFY(!lines.isEmpty());
        QVERIFY2(lines.first().startsWith(QStringLiteral("CPU ")), qPrintable(r.out));
        int defaults = 0;
        for (const QString &line : lines) {
            QVERIFY2(line.contains(QRegularExpression(QStringLiteral("\\d+\\.\\d GiB total, \\d+\\.\\d GiB free"))),
                     qPrintable(line));
            defaults += line.contains(QStringLiteral("(default)"));
        }
        QCOMPARE(defaults, 1);
    }

    void listDevices_json_matchesTheText()
    {
        const Run text = runWorker({QStringLiteral("--list-devices")});
        const Run r = runWorker({QStringLiteral("--list-devices"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QJsonParseError error;
        const QJsonArray devices = QJsonDocument::fromJson(r.out.toUtf8(), &error).array();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(r.out));
        QCOMPARE(devices.size(), text.out.count(u'\n'));
        const QJsonObject cpu = devices.first().toObject();
        QCOMPARE(cpu.value(QStringLiteral("name")).toString(), QStringLiteral("CPU"));
        QCOMPARE(cpu.value(QStringLiteral("backend")).toString(), QStringLiteral("CPU"));
        QCOMPARE(cpu.value(QStringLiteral("gpu")).toBool(), false);
        QVERIFY(cpu.value(QStringLiteral("memory_total_bytes")).toDouble() > 0);
        QVERIFY(cpu.value(QStringLiteral("memory_free_bytes")).toDouble() > 0);
        int defaults = 0;
        for (const QJsonValue &d : devices) {
            const QString name = d.toObject().value(QStringLiteral("name")).toString();
            QVERIFY2(text.out.contains(name), qPrintable(name));
            defaults += d.toObject().value(QStringLiteral("default")).toBool();
            // The default is the first GPU that is not a software device, else the CPU.
            if (d.toObject().value(QStringLiteral("default")).toBool()) {
                QVERIFY(!d.toObject().value(QStringLiteral("software")).toBool());
            }
        }
        QCOMPARE(defaults, 1);
    }

    void unknownDevice_oneLineListingTheDevices_exit2()
    {
        const Run r = runWorker(tiny({QStringLiteral("--device"), QStringLiteral("Vulkan42")}));
        QCOMPARE(r.exitCode, 2);
        const QStringList lines = r.err.trimmed().split(u'\n');
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().startsWith(
                     QStringLiteral("rbee-worker: error: --device: no device 'Vulkan42'; this machine has: CPU (")),
                 qPrintable(r.err));
    }

    void gpuLayersOnTheCpu_refused_exit2()
    {
        const Run r = runWorker(tiny({QStringLiteral("--device"), QStringLiteral("CPU"), QStringLiteral("--gpu-layers"),
                                      QStringLiteral("all")}));
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--gpu-layers all: CPU is not a GPU; it holds the whole model")),
                 qPrintable(r.err));
        const Run bad = runWorker(tiny({QStringLiteral("--gpu-layers"), QStringLiteral("many")}));
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("--gpu-layers must be auto, all or a number of layers, got 'many'")),
                 qPrintable(bad.err));
    }

    void backendDirectoryWithoutCpuBackend_saysWhich_exit1()
    {
        QTemporaryDir empty;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RBEE_GGML_BACKEND_DIR"), empty.path());
        const Run r = runWorker({QStringLiteral("--list-devices")}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("no CPU backend of ggml could be loaded from %1").arg(empty.path())),
                 qPrintable(r.err));
        env.insert(QStringLiteral("RBEE_GGML_BACKEND_DIR"), empty.path() + QStringLiteral("/missing"));
        const Run missing = runWorker({QStringLiteral("--list-devices")}, env);
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains(
                     QStringLiteral("RBEE_GGML_BACKEND_DIR=%1/missing: no such directory").arg(empty.path())),
                 qPrintable(missing.err));
    }

    void cpuWorker_reportsItsDevice_inHealthAndHeartbeats()
    {
        QueenProcess queen;
        QVERIFY2(queen.start(), qPrintable(queen.errorString()));
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--device"),
                               QStringLiteral("cpu"), QStringLiteral("--queen"), queen.url().toString(),
                               QStringLiteral("--heartbeat-ms"), QStringLiteral("200")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        const auto health = httpRequest("GET", worker.url(QStringLiteral("/health")));
        QCOMPARE(health.status, 200);
        const QJsonObject h = health.json;
        QCOMPARE(h.value(QStringLiteral("device")).toString(), QStringLiteral("CPU"));
        QCOMPARE(h.value(QStringLiteral("backend")).toString(), QStringLiteral("CPU"));
        QVERIFY(!h.value(QStringLiteral("device_description")).toString().isEmpty());
        QVERIFY(h.value(QStringLiteral("memory_total_bytes")).toDouble() > 0);
        QVERIFY(h.value(QStringLiteral("memory_free_bytes")).toDouble() > 0);
        QVERIFY(h.value(QStringLiteral("memory_free_bytes")).toDouble()
                <= h.value(QStringLiteral("memory_total_bytes")).toDouble());
        QCOMPARE(h.value(QStringLiteral("gpu_layers")).toInt(), 0);
        QCOMPARE(h.value(QStringLiteral("model_layers")).toInt(), 3);  // tiny: 2 blocks + the output layer

        QJsonObject seen;
        QVERIFY(waitFor(
            [&] {
                const auto r = httpRequest("GET", queen.url(QStringLiteral("/v1/workers")));
                const QJsonArray workers = r.json.value(QStringLiteral("workers")).toArray();
                seen = workers.isEmpty() ? QJsonObject() : workers.first().toObject();
                return seen.value(QStringLiteral("status")).toString() == QLatin1String("ready");
            },
            10000));
        for (const char *key : {"device", "device_description", "backend", "gpu_layers", "model_layers"})
            QCOMPARE(seen.value(QLatin1String(key)), h.value(QLatin1String(key)));
        QVERIFY(seen.value(QStringLiteral("memory_total_bytes")).toDouble() > 0);

        // rbee status shows the device with its description.
        QProcess status;
        status.start(rbeeBinary(), {QStringLiteral("status"), QStringLiteral("--queen"), queen.url().toString()});
        QVERIFY(status.waitForFinished(30000));
        const QString text = QString::fromUtf8(status.readAllStandardOutput());
        QVERIFY2(
            text.contains(QStringLiteral("CPU · ") + h.value(QStringLiteral("device_description")).toString().left(10)),
            qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TestWorkerDevices)
#include "tst_worker_devices.moc"
