// A worker on a real Vulkan device (Mesa's lavapipe on CI, a GPU elsewhere) with every layer
// there (--gpu-layers all), on the generated model and on RBEE_TEST_MODEL (stories260K): tokens
// stream, /health names the Vulkan device, greedy text is readable English, cancel and slots
// behave as on the CPU. It also says whether the CPU's and Vulkan's greedy outputs agree: on
// stories260K they must (the suite fails if not); on the random-weight model, whose logits are
// near ties, it reports the first difference without failing.
// Skips, saying why, where the build has no Vulkan backend or the machine no Vulkan device.
#include "serverprocess.h"

#include "core/protocol/streamevents.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace rbee::test;
using rbee::core::StopReason;

namespace {
QJsonObject greedy(int maxTokens, const QString &prompt = QStringLiteral("Once upon a time"))
{
    return {{QStringLiteral("prompt"), prompt},
            {QStringLiteral("max_tokens"), maxTokens},
            {QStringLiteral("temperature"), 0}};
}

QString submit(WorkerProcess &w, const QJsonObject &body)
{
    const auto r = postJson(w.url(QStringLiteral("/v1/inference")), body);
    return r.status == 200 ? r.json.value(QStringLiteral("job_id")).toString() : QString();
}

// With the pipelines compiled (initTestCase), a stream takes seconds even on a loaded machine;
// another model's shapes may still need a few pipelines of their own.
constexpr int kStreamMs = 300000;
constexpr int kWarmUpMs = 600000;

StreamResult complete(WorkerProcess &w, const QJsonObject &body, int timeoutMs = kStreamMs)
{
    const QString id = submit(w, body);
    return readStream(w.url(QStringLiteral("/v1/inference/%1/stream").arg(id)), timeoutMs);
}

rbee::core::EndEvent endOf(const StreamResult &s)
{
    const auto ends = s.named(QStringLiteral("end"));
    return ends.isEmpty() ? rbee::core::EndEvent{} : rbee::core::EndEvent::fromSse(ends.constLast()).value();
}

// The token texts of a stream.
QStringList tokens(const StreamResult &s)
{
    QStringList out;
    for (const auto &e : s.named(QStringLiteral("token"))) {
        if (const auto token = rbee::core::TokenEvent::fromSse(e))
            out << token->text;
    }
    return out;
}
}  // namespace

class TestVulkanWorker : public QObject {
    Q_OBJECT

private:
    QString m_device;  // e.g. Vulkan0
    QString m_description;

    QStringList onVulkan(const QString &model, QStringList extra = {}) const
    {
        // Streams are read one after the other: a job must not be cancelled as unclaimed while
        // the one before it still waits for its pipelines.
        return QStringList{QStringLiteral("--model"),
                           model,
                           QStringLiteral("--device"),
                           m_device,
                           QStringLiteral("--gpu-layers"),
                           QStringLiteral("all"),
                           QStringLiteral("--unclaimed-job-timeout-ms"),
                           QString::number(kWarmUpMs)}
               + extra;
    }

    // Greedy tokens of `prompt` on the CPU and on Vulkan; says whether they agree.
    bool compareWithCpu(const QString &model, const QString &prompt, int maxTokens, QString *report)
    {
        QStringList runs[2];
        for (int i = 0; i < 2; ++i) {
            WorkerProcess w;
            const QStringList args = i == 0 ? QStringList{QStringLiteral("--model"), model, QStringLiteral("--device"),
                                                          QStringLiteral("CPU")}
                                            : onVulkan(model);
            if (!w.start(args) || !w.waitReady(kStreamMs)) {
                *report = w.errorString();
                return false;
            }
            const auto s = complete(w, greedy(maxTokens, prompt));
            runs[i] = tokens(s);
        }
        qsizetype first = 0;
        while (first < runs[0].size() && first < runs[1].size() && runs[0][first] == runs[1][first])
            ++first;
        const bool same = runs[0] == runs[1] && !runs[0].isEmpty();
        *report = same ? QStringLiteral("CPU and %1 agree on all %2 greedy tokens: %3")
                             .arg(m_device)
                             .arg(runs[0].size())
                             .arg(runs[0].join(QString()))
                       : QStringLiteral("CPU and %1 agree on the first %2 of %3 greedy tokens\n  CPU:    %4\n  %1: %5")
                             .arg(m_device)
                             .arg(first)
                             .arg(runs[0].size())
                             .arg(runs[0].join(QString()), runs[1].join(QString()));
        return same;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString lib = QFileInfo(workerBinary()).absolutePath() + QStringLiteral("/../lib/rbee/libggml-vulkan.so");
        if (!QFileInfo::exists(lib))
            QSKIP("this build has no Vulkan backend (no lib/rbee/libggml-vulkan.so: libvulkan-dev, glslc or "
                  "spirv-headers were missing at configure time, or RBEE_VULKAN=OFF)");
        QProcess list;
        list.start(workerBinary(), {QStringLiteral("--list-devices"), QStringLiteral("--json")});
        QVERIFY(list.waitForFinished(60000));
        QCOMPARE(list.exitCode(), 0);
        const QJsonArray devices = QJsonDocument::fromJson(list.readAllStandardOutput()).array();
        for (const QJsonValue &v : devices) {
            const QJsonObject d = v.toObject();
            if (d.value(QStringLiteral("backend")).toString() == QLatin1String("Vulkan")) {
                m_device = d.value(QStringLiteral("name")).toString();
                m_description = d.value(QStringLiteral("description")).toString();
                break;
            }
        }
        if (m_device.isEmpty())
            QSKIP("the Vulkan loader lists no device here (install mesa-vulkan-drivers for lavapipe, or a GPU driver)");
        qInfo().noquote() << "Vulkan device:" << m_device << m_description;

        // A Vulkan driver compiles each pipeline the first time a shape of work needs it; lavapipe
        // compiles with LLVM on the CPU, a minute or two for the pipelines below on a cold cache,
        // and keeps them in Mesa's shader cache for the processes after. Pay it once here, with
        // room to spare, so the cases below measure the worker and not the compiler.
        QElapsedTimer warm;
        warm.start();
        WorkerProcess w;
        QVERIFY2(w.start(onVulkan(tinyModelPath(), {QStringLiteral("--slots"), QStringLiteral("3")})),
                 qPrintable(w.errorString()));
        QVERIFY2(w.waitReady(kWarmUpMs), qPrintable(w.errorString()));
        QVERIFY(complete(w, greedy(8), kWarmUpMs).done);
        QStringList ids;
        for (int i = 0; i < 3; ++i)
            ids << submit(w, greedy(8));
        for (const QString &id : ids)
            QVERIFY(readStream(w.url(QStringLiteral("/v1/inference/%1/stream").arg(id)), kWarmUpMs).done);
        qInfo().noquote() << "pipelines ready after" << warm.elapsed() << "ms";
    }

    void tinyModel_allLayersOnVulkan_streams()
    {
        WorkerProcess w;
        QVERIFY2(w.start(onVulkan(tinyModelPath())), qPrintable(w.errorString()));
        QVERIFY2(w.waitReady(kStreamMs), qPrintable(w.errorString()));
        const auto h = httpRequest("GET", w.url(QStringLiteral("/health"))).json;
        QCOMPARE(h.value(QStringLiteral("device")).toString(), m_device);
        QCOMPARE(h.value(QStringLiteral("backend")).toString(), QStringLiteral("Vulkan"));
        QCOMPARE(h.value(QStringLiteral("device_description")).toString(), m_description);
        QCOMPARE(h.value(QStringLiteral("gpu_layers")).toInt(), 3);
        QCOMPARE(h.value(QStringLiteral("model_layers")).toInt(), 3);
        QVERIFY(h.value(QStringLiteral("memory_total_bytes")).toDouble() > 0);
        const auto s = complete(w, greedy(24));
        QVERIFY(s.done);
        QCOMPARE(tokens(s).size(), 24);
        QCOMPARE(endOf(s).stopReason, StopReason::Length);
        const QByteArray log = w.stderrText();
        QVERIFY2(log.contains(QByteArray(QByteArray("loaded on ") + m_device.toUtf8())), log.constData());
    }

    void tinyModel_cpuAndVulkan_greedyOutputs()
    {
        QString report;
        const bool same = compareWithCpu(tinyModelPath(), QStringLiteral("Once upon a time"), 24, &report);
        QVERIFY2(!report.isEmpty(), "no output");
        qInfo().noquote() << "random-weight model:" << report << (same ? "" : "(near-tied logits; not a failure)");
    }

    void cancel_freesTheSlot()
    {
        WorkerProcess w;
        QVERIFY2(w.start(onVulkan(tinyModelPath(), {QStringLiteral("--ctx"), QStringLiteral("2048")})),
                 qPrintable(w.errorString()));
        QVERIFY2(w.waitReady(kStreamMs), qPrintable(w.errorString()));
        const QString id = submit(w, greedy(2000));
        int deleteStatus = 0;
        bool asked = false;
        const auto s = readStream(
            w.url(QStringLiteral("/v1/inference/%1/stream").arg(id)), kStreamMs, [&](const rbee::core::SseEvent &e) {
                if (e.event == QLatin1String("token") && !asked) {
                    asked = true;
                    deleteStatus = httpRequest("DELETE", w.url(QStringLiteral("/v1/inference/%1").arg(id))).status;
                }
                return false;
            });
        QCOMPARE(deleteStatus, 200);
        QVERIFY(s.done);
        QCOMPARE(endOf(s).stopReason, StopReason::Cancelled);
        QVERIFY(endOf(s).tokens < 2000);
        QVERIFY(waitFor([&] { return w.slotsBusy() == 0; }, 10000));
    }

    void slots_decodeTogether_sameTextAsAlone()
    {
#if defined(__SANITIZE_ADDRESS__)
        // Known failure, not ours to fix here: under AddressSanitizer, three slots decoding together
        // on lavapipe (Mesa 22.3, Debian 12) crash the worker in about half the runs, in lavapipe's
        // own queue thread (SEGV reading address 0xe8 in libvulkan_lvp.so, a thread it starts for
        // the engine's submissions); never in the release suite, which runs this check.
        QSKIP("lavapipe crashes in its queue thread under AddressSanitizer with three slots; the release suite "
              "runs this check");
#endif
        WorkerProcess w;
        QVERIFY2(w.start(onVulkan(tinyModelPath(), {QStringLiteral("--slots"), QStringLiteral("3")})),
                 qPrintable(w.errorString()));
        QVERIFY2(w.waitReady(kStreamMs), qPrintable(w.errorString()));
        const QStringList alone = tokens(complete(w, greedy(64)));
        QCOMPARE(alone.size(), 64);
        QStringList ids;
        for (int i = 0; i < 3; ++i)
            ids << submit(w, greedy(64));
        QVERIFY(waitFor([&] { return w.slotsBusy() == 3; }, 10000));
        for (const QString &id : ids) {
            const auto s = readStream(w.url(QStringLiteral("/v1/inference/%1/stream").arg(id)), kStreamMs);
            QVERIFY(s.done);
            QCOMPARE(tokens(s), alone);
        }
        QVERIFY(waitFor([&] { return w.slotsBusy() == 0; }, 10000));
    }

    void realModel_readableEnglish_sameAsCpu()
    {
        const QString model = qEnvironmentVariable("RBEE_TEST_MODEL");
        if (model.isEmpty())
            QSKIP("RBEE_TEST_MODEL is not set: no trained model to check readable text with");
        WorkerProcess w;
        QVERIFY2(w.start(onVulkan(model)), qPrintable(w.errorString()));
        QVERIFY2(w.waitReady(kStreamMs), qPrintable(w.errorString()));
        const auto h = httpRequest("GET", w.url(QStringLiteral("/health"))).json;
        QCOMPARE(h.value(QStringLiteral("gpu_layers")).toInt(), h.value(QStringLiteral("model_layers")).toInt());
        const QString text = complete(w, greedy(48)).text();
        qInfo().noquote() << m_device << ": Once upon a time" << text;
        static const QRegularExpression word(QStringLiteral("[A-Za-z]+"));
        int known = 0;
        int words = 0;
        const QStringList common{QStringLiteral("the"),   QStringLiteral("a"),      QStringLiteral("was"),
                                 QStringLiteral("there"), QStringLiteral("little"), QStringLiteral("she"),
                                 QStringLiteral("he"),    QStringLiteral("to"),     QStringLiteral("and"),
                                 QStringLiteral("named"), QStringLiteral("girl"),   QStringLiteral("boy")};
        for (auto it = word.globalMatch(text); it.hasNext(); ++words)
            known += common.contains(it.next().captured().toLower());
        QVERIFY2(words >= 10 && known >= 3, qPrintable(text));
        QString report;
        const bool same = compareWithCpu(model, QStringLiteral("Once upon a time"), 48, &report);
        qInfo().noquote() << "stories260K:" << report;
        QVERIFY2(same, qPrintable(report));
    }
};

QTEST_GUILESS_MAIN(TestVulkanWorker)
#include "tst_vulkan_worker.moc"
