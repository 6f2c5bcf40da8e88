// GgufInfo on the generated tiny model: the fields a hive reports, the same numbers as the
// worker's ModelFootprint (read by ggml's own GGUF code) where both read the header, and every
// truncated or corrupted copy of the header refused with an error, never a crash or a huge
// allocation.
#include "gpulayerplan.h"
#include "serverprocess.h"

#include "core/model/ggufinfo.h"
#include "core/model/modelmemory.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QtEndian>

using rbee::core::GgufInfo;

class TestGgufInfo : public QObject {
    Q_OBJECT

private:
    QByteArray m_file;
    GgufInfo m_info;

private Q_SLOTS:
    void initTestCase()
    {
        QFile f(rbee::test::tinyModelPath());
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_file = f.readAll();
        const auto info = GgufInfo::read(rbee::test::tinyModelPath());
        QVERIFY2(info.ok(), info.ok() ? "" : qPrintable(info.error().message));
        m_info = info.value();
    }

    void read_tinyModel_givesItsHeader()
    {
        // tiny: llama, n_embd 64, n_layer 2, n_head 4, n_head_kv 4, F32 (file_type 0).
        QCOMPARE(m_info.version, 3u);
        QCOMPARE(m_info.architecture, QStringLiteral("llama"));
        QCOMPARE(m_info.blockCount, 2);
        QCOMPARE(m_info.layers(), 3);
        QCOMPARE(m_info.embeddingLength, 64);
        QCOMPARE(m_info.headCount, 4);
        QCOMPARE(m_info.headCountKv, 4);
        QCOMPARE(m_info.keyLength, 16);
        QCOMPARE(m_info.valueLength, 16);
        QVERIFY(m_info.contextLength > 0);
        QCOMPARE(m_info.fileType, 0);
        QCOMPARE(m_info.quantization(), QStringLiteral("F32"));
        // F32 weights: the parameters are the tensor data's bytes / 4, and fit in the file.
        QVERIFY(m_info.parameters > 0);
        QVERIFY(m_info.parameters * 4 < m_file.size());
        QVERIFY(m_info.parameters * 4 > m_file.size() * 9 / 10);
    }

    void read_agreesWithTheWorkersFootprint()
    {
        const auto footprint = rbee::worker::ModelFootprint::read(rbee::test::tinyModelPath());
        QVERIFY(footprint.ok());
        QCOMPARE(m_info.layers(), footprint->modelLayers());
        QCOMPARE(m_info.vocabSize, footprint->vocabSize);
        QCOMPARE(m_info.embeddingLength, footprint->embeddingLength);
        QCOMPARE(m_info.kvBytesPerToken(), footprint->kvBytesPerBlockToken * m_info.blockCount);
        // The worker's plan with every layer on a device counts the same compute buffers.
        const auto plan = rbee::worker::GpuLayerPlan::estimate(footprint.value(), 1024, footprint->modelLayers());
        QCOMPARE(m_info.computeBytes(), plan.computeBytes);
        QCOMPARE(plan.kvBytes, m_info.kvBytesPerToken() * 1024);
    }

    void fileTypeName_namesLlamaCppTypes_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<QString>("name");
        QTest::newRow("F32") << 0 << QStringLiteral("F32");
        QTest::newRow("F16") << 1 << QStringLiteral("F16");
        QTest::newRow("Q8_0") << 7 << QStringLiteral("Q8_0");
        QTest::newRow("Q4_K_M") << 15 << QStringLiteral("Q4_K_M");
        QTest::newRow("BF16") << 32 << QStringLiteral("BF16");
        QTest::newRow("removed 4") << 4 << QString();
        QTest::newRow("removed 33") << 33 << QString();
        QTest::newRow("unknown") << 999 << QString();
        QTest::newRow("absent") << -1 << QString();
    }

    void fileTypeName_namesLlamaCppTypes()
    {
        QFETCH(int, type);
        QFETCH(QString, name);
        QCOMPARE(GgufInfo::fileTypeName(type), name);
    }

    void parse_everyTruncation_refused()
    {
        // Any cut inside the header must be an error: every byte over the first 512, then in
        // steps over the KVs and tensor infos (the tokenizer's arrays make the header long), and
        // every byte just before the first cut that is accepted.
        constexpr qsizetype kStep = 1009;
        int refused = 0;
        qsizetype firstAccepted = -1;
        for (qsizetype cut = 0; cut <= m_file.size(); cut += cut < 512 ? 1 : kStep) {
            if (GgufInfo::parse(QByteArrayView(m_file).first(cut)).ok()) {
                firstAccepted = cut;
                break;
            }
            ++refused;
        }
        QVERIFY(refused > 500);
        QVERIFY2(firstAccepted > 1000, "a header cut short was accepted, or no cut at all");
        qsizetype headerEnd = firstAccepted;
        for (qsizetype cut = std::max<qsizetype>(512, firstAccepted - kStep); cut < firstAccepted; ++cut) {
            if (GgufInfo::parse(QByteArrayView(m_file).first(cut)).ok()) {
                headerEnd = cut;
                break;
            }
        }
        QVERIFY(!GgufInfo::parse(QByteArrayView(m_file).first(headerEnd - 1)).ok());
        // Once the header is whole, the tensor data is not needed.
        const auto whole = GgufInfo::parse(QByteArrayView(m_file).first(headerEnd));
        QVERIFY(whole.ok());
        QCOMPARE(whole->parameters, m_info.parameters);
        QVERIFY(headerEnd < m_file.size() / 2);
    }

    void parse_hostileCounts_refusedWithoutAllocating_data()
    {
        QTest::addColumn<int>("offset");
        QTest::addColumn<quint64>("value");
        // Header: magic(4) version(4) tensors(8) kvs(8), then the first KV's key length (8).
        QTest::newRow("bad magic") << 0 << quint64(0x46554747);
        QTest::newRow("version 1") << 4 << quint64(1);
        QTest::newRow("2^63 tensors") << 8 << (quint64(1) << 63);
        QTest::newRow("2^63 kvs") << 16 << (quint64(1) << 63);
        QTest::newRow("huge key") << 24 << (quint64(1) << 62);
        QTest::newRow("max key") << 24 << ~quint64(0);
    }

    void parse_hostileCounts_refusedWithoutAllocating()
    {
        QFETCH(int, offset);
        QFETCH(quint64, value);
        QByteArray bad = m_file.left(256 * 1024);
        if (offset == 4 || offset == 0) {
            qToLittleEndian(quint32(value), bad.data() + offset);
        } else {
            qToLittleEndian(value, bad.data() + offset);
        }
        const auto r = GgufInfo::parse(bad);
        QVERIFY(!r.ok());
        QVERIFY(!r.error().message.isEmpty());
    }

    void parse_randomCorruption_neverCrashes()
    {
        // Flip bytes all over the header (deterministically); each parse ends, ok or not.
        QByteArray copy = m_file.left(200 * 1024);
        quint32 x = 2463534242u;
        int errors = 0;
        for (int round = 0; round < 300; ++round) {
            QByteArray bad = copy;
            for (int i = 0; i < 8; ++i) {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                bad[qsizetype(x % quint32(std::min<qsizetype>(bad.size(), 4096 + round * 600)))] = char(x >> 24);
            }
            if (!GgufInfo::parse(bad).ok())
                ++errors;
        }
        QVERIFY(errors > 0);
    }

    void read_missingOrEmptyFile_refused()
    {
        QTemporaryDir dir;
        QVERIFY(!GgufInfo::read(dir.filePath(QStringLiteral("absent.gguf"))).ok());
        QFile empty(dir.filePath(QStringLiteral("empty.gguf")));
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        QVERIFY(!GgufInfo::read(empty.fileName()).ok());
    }
};

QTEST_APPLESS_MAIN(TestGgufInfo)
#include "tst_ggufinfo.moc"
