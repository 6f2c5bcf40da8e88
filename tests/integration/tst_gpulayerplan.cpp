// GpuLayerPlan and ModelFootprint on the generated tiny model (2 blocks, F32): the footprint read
// from the GGUF header adds up to the file's tensors, and the plan puts the output layer first,
// then blocks from the last one down, fitting `auto` to the free memory and refusing `all` on a
// device that is too small, with the numbers.
#include "gpulayerplan.h"
#include "serverprocess.h"

#include <QFileInfo>
#include <QTest>

using namespace rbee::worker;

namespace {
ComputeDevice gpuWithFree(qint64 freeBytes)
{
    ComputeDevice d;
    d.name = QStringLiteral("Vulkan7");
    d.description = QStringLiteral("Test GPU");
    d.backend = QStringLiteral("Vulkan");
    d.isGpu = true;
    d.memoryTotalBytes = qint64(8) << 30;
    d.memoryFreeBytes = freeBytes;
    return d;
}

GpuLayersRequest request(const char *text)
{
    return *GpuLayersRequest::parse(QString::fromLatin1(text));
}
}  // namespace

class TestGpuLayerPlan : public QObject {
    Q_OBJECT

private:
    ModelFootprint m_model;
    static constexpr qint64 kContext = 4 * 4096;

private Q_SLOTS:
    void initTestCase()
    {
        const auto model = ModelFootprint::read(rbee::test::tinyModelPath());
        QVERIFY2(model.ok(), model.ok() ? "" : qPrintable(model.error().message));
        m_model = model.value();
    }

    void footprint_matchesTheTinyModel()
    {
        // tiny: n_embd 64, n_layer 2, n_head 4, n_head_kv 4, n_ff 128, F32 weights.
        QCOMPARE(m_model.blockBytes.size(), 2);
        QCOMPARE(m_model.modelLayers(), 3);
        QCOMPARE(m_model.embeddingLength, 64);
        QVERIFY(m_model.vocabSize > 1000);
        // attn q,k,v,o (64x64 each) + ffn gate, up (64x128), down (128x64) + two norms, F32.
        const qint64 block = (4 * 64 * 64 + 3 * 64 * 128 + 2 * 64) * 4;
        QCOMPARE(m_model.blockBytes[0], block);
        QCOMPARE(m_model.blockBytes[1], block);
        QCOMPARE(m_model.kvBytesPerBlockToken, qint64(4 * (16 + 16) * 2));
        // Everything but the token embeddings is in the blocks and the output layer; the weights
        // fit in the file.
        QVERIFY(m_model.outputBytes >= m_model.vocabSize * 64 * 4);
        QVERIFY(m_model.outputBytes + 2 * block < QFileInfo(rbee::test::tinyModelPath()).size());
    }

    void footprint_notAModel_saysSo()
    {
        const auto missing = ModelFootprint::read(QStringLiteral("/nonexistent/model.gguf"));
        QVERIFY(!missing.ok());
        QVERIFY2(missing.error().message.contains(QStringLiteral("not a readable GGUF file")),
                 qPrintable(missing.error().message));
    }

    void estimate_outputLayerFirstThenLastBlocks()
    {
        const auto one = GpuLayerPlan::estimate(m_model, kContext, 1);
        QCOMPARE(one.weightBytes, m_model.outputBytes);
        QCOMPARE(one.kvBytes, 0);
        const auto two = GpuLayerPlan::estimate(m_model, kContext, 2);
        QCOMPARE(two.weightBytes, m_model.outputBytes + m_model.blockBytes[1]);
        QCOMPARE(two.kvBytes, m_model.kvBytesPerBlockToken * kContext);
        const auto all = GpuLayerPlan::estimate(m_model, kContext, 99);
        QCOMPARE(all.gpuLayers, 3);
        QCOMPARE(all.kvBytes, 2 * m_model.kvBytesPerBlockToken * kContext);
        QCOMPARE(GpuLayerPlan::estimate(m_model, kContext, 0).deviceBytes(), 0);
        QVERIFY(one.computeBytes > 0);
    }

    void auto_fitsTheFreeMemory()
    {
        const qint64 allBytes = GpuLayerPlan::estimate(m_model, kContext, 3).deviceBytes();
        const qint64 twoBytes = GpuLayerPlan::estimate(m_model, kContext, 2).deviceBytes();
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(allBytes), request("auto"))->gpuLayers, 3);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(allBytes - 1), request("auto"))->gpuLayers, 2);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(twoBytes - 1), request("auto"))->gpuLayers, 1);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(1024), request("auto"))->gpuLayers, 0);
        // A device that does not report its memory gets every layer.
        ComputeDevice unknown = gpuWithFree(0);
        unknown.memoryTotalBytes = 0;
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, unknown, request("auto"))->gpuLayers, 3);
    }

    void all_tooSmall_failsWithTheNumbers()
    {
        const auto plan = GpuLayerPlan::make(m_model, kContext, gpuWithFree(qint64(100) << 20), request("all"));
        QVERIFY(!plan.ok());
        const QString m = plan.error().message;
        QVERIFY2(m.startsWith(QStringLiteral("--gpu-layers all: the model needs ")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("with its KV cache")), qPrintable(m));
        QVERIFY2(m.contains(QStringLiteral("for 16384 tokens")), qPrintable(m));
        QVERIFY2(m.endsWith(QStringLiteral("Vulkan7 has 0.10 GiB free")), qPrintable(m));
        QVERIFY(GpuLayerPlan::make(m_model, kContext, gpuWithFree(qint64(4) << 30), request("all")).ok());
    }

    void count_isTakenAsGiven_clampedToTheModel()
    {
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(1024), request("2"))->gpuLayers, 2);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(1024), request("99"))->gpuLayers, 3);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, gpuWithFree(1024), request("99"))->modelLayers, 3);
    }

    void cpu_holdsTheWholeModel_layerCountsRefused()
    {
        ComputeDevice cpu;
        cpu.name = QStringLiteral("CPU");
        cpu.memoryTotalBytes = qint64(16) << 30;
        cpu.memoryFreeBytes = qint64(8) << 30;
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, cpu, GpuLayersRequest{})->gpuLayers, 0);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, cpu, request("auto"))->gpuLayers, 0);
        QCOMPARE(GpuLayerPlan::make(m_model, kContext, cpu, request("0"))->gpuLayers, 0);
        for (const char *text : {"all", "4"}) {
            const auto plan = GpuLayerPlan::make(m_model, kContext, cpu, request(text));
            QVERIFY(!plan.ok());
            QCOMPARE(plan.error().field, QStringLiteral("gpu-layers"));
            QVERIFY2(plan.error().message.contains(QStringLiteral("CPU is not a GPU")),
                     qPrintable(plan.error().message));
        }
    }
};

QTEST_GUILESS_MAIN(TestGpuLayerPlan)
#include "tst_gpulayerplan.moc"
