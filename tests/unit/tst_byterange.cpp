// ByteRange: the Range header of a file request against a file of 1000 bytes.
#include "core/http/byterange.h"

#include <QTest>

using rbee::core::ByteRange;

Q_DECLARE_METATYPE(ByteRange::Kind)

class TestByteRange : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<ByteRange::Kind>("kind");
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        using K = ByteRange::Kind;
        QTest::newRow("none") << QByteArray() << K::Whole << qint64(0) << qint64(999);
        QTest::newRow("from") << QByteArray("bytes=100-") << K::Partial << qint64(100) << qint64(999);
        QTest::newRow("span") << QByteArray("bytes=100-199") << K::Partial << qint64(100) << qint64(199);
        QTest::newRow("span past end") << QByteArray("bytes=900-5000") << K::Partial << qint64(900) << qint64(999);
        QTest::newRow("suffix") << QByteArray("bytes=-10") << K::Partial << qint64(990) << qint64(999);
        QTest::newRow("suffix longer") << QByteArray("bytes=-5000") << K::Partial << qint64(0) << qint64(999);
        QTest::newRow("last byte") << QByteArray("bytes=999-") << K::Partial << qint64(999) << qint64(999);
        QTest::newRow("at end") << QByteArray("bytes=1000-") << K::Unsatisfiable << qint64(0) << qint64(-1);
        QTest::newRow("far beyond") << QByteArray("bytes=999999999-") << K::Unsatisfiable << qint64(0) << qint64(-1);
        QTest::newRow("suffix zero") << QByteArray("bytes=-0") << K::Unsatisfiable << qint64(0) << qint64(-1);
        QTest::newRow("reversed") << QByteArray("bytes=200-100") << K::Whole << qint64(0) << qint64(999);
        QTest::newRow("several") << QByteArray("bytes=0-1,5-6") << K::Whole << qint64(0) << qint64(999);
        QTest::newRow("other unit") << QByteArray("items=0-1") << K::Whole << qint64(0) << qint64(999);
        QTest::newRow("garbage") << QByteArray("bytes=a-b") << K::Whole << qint64(0) << qint64(999);
        QTest::newRow("negative") << QByteArray("bytes=--5") << K::Whole << qint64(0) << qint64(999);
        QTest::newRow("overflow") << QByteArray("bytes=99999999999999999999-") << K::Whole << qint64(0) << qint64(999);
    }

    void parse()
    {
        QFETCH(QByteArray, header);
        QFETCH(ByteRange::Kind, kind);
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        const ByteRange r = ByteRange::parse(header, 1000);
        QCOMPARE(r.kind, kind);
        if (kind != ByteRange::Kind::Unsatisfiable) {
            QCOMPARE(r.first, first);
            QCOMPARE(r.last, last);
        }
    }

    void contentRange_namesSpanAndSize()
    {
        QCOMPARE(ByteRange::parse("bytes=100-199", 1000).contentRange(1000), QByteArray("bytes 100-199/1000"));
    }
};

QTEST_APPLESS_MAIN(TestByteRange)
#include "tst_byterange.moc"
