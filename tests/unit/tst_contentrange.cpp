// ContentRange: Content-Range values a server may answer to the downloader's Range request, valid
// and not, and the Range header it sends.
#include "core/client/contentrange.h"

#include <QTest>

using rbee::core::ContentRange;

class TstContentRange : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parse_acceptedForms_readFirstAndTotal_data();
    void parse_acceptedForms_readFirstAndTotal();
    void parse_range_readsLast();
    void parse_malformedOrImpossible_isInvalid_data();
    void parse_malformedOrImpossible_isInvalid();
    void requestFrom_namesTheOffset();
};

void TstContentRange::parse_acceptedForms_readFirstAndTotal_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("total");
    QTest::newRow("range and length") << QByteArray("bytes 100-199/200") << qint64(100) << qint64(200);
    QTest::newRow("unknown length") << QByteArray("bytes 100-199/*") << qint64(100) << qint64(-1);
    QTest::newRow("unsatisfied") << QByteArray("bytes */200") << qint64(-1) << qint64(200);
    QTest::newRow("one byte") << QByteArray("bytes 0-0/1") << qint64(0) << qint64(1);
    QTest::newRow("surrounding space") << QByteArray("  bytes 5-9/10 ") << qint64(5) << qint64(10);
    QTest::newRow("largest") << QByteArray("bytes 9223372036854775806-9223372036854775806/9223372036854775807")
                             << qint64(9223372036854775806) << qint64(9223372036854775807);
}

void TstContentRange::parse_acceptedForms_readFirstAndTotal()
{
    QFETCH(QByteArray, header);
    QFETCH(qint64, first);
    QFETCH(qint64, total);
    const ContentRange range = ContentRange::parse(header);
    QVERIFY(range.valid);
    QCOMPARE(range.first, first);
    QCOMPARE(range.total, total);
}

void TstContentRange::parse_range_readsLast()
{
    QCOMPARE(ContentRange::parse("bytes 100-199/200").last, qint64(199));
    QCOMPARE(ContentRange::parse("bytes */200").last, qint64(-1));
}

void TstContentRange::parse_malformedOrImpossible_isInvalid_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("other unit") << QByteArray("items 0-1/2");
    QTest::newRow("no slash") << QByteArray("bytes 0-1");
    QTest::newRow("no dash") << QByteArray("bytes 5/10");
    QTest::newRow("no first") << QByteArray("bytes -5/10");
    QTest::newRow("letters") << QByteArray("bytes a-b/c");
    // Ranges that cannot exist; each was read as valid before (found by fuzz_contentrange).
    QTest::newRow("first past the end") << QByteArray("bytes 5-3/2");
    QTest::newRow("last before first") << QByteArray("bytes 5-3/10");
    QTest::newRow("last at the total") << QByteArray("bytes 5-10/10");
    QTest::newRow("nothing known") << QByteArray("bytes */*");
    QTest::newRow("negative total") << QByteArray("bytes 0-1/-5");
    QTest::newRow("signed first") << QByteArray("bytes +1-5/10");
    QTest::newRow("no last") << QByteArray("bytes 1-/10");
    QTest::newRow("total overflows") << QByteArray("bytes 0-1/99999999999999999999");
}

void TstContentRange::parse_malformedOrImpossible_isInvalid()
{
    QFETCH(QByteArray, header);
    QVERIFY(!ContentRange::parse(header).valid);
}

void TstContentRange::requestFrom_namesTheOffset()
{
    QCOMPARE(ContentRange::requestFrom(0), QByteArray("bytes=0-"));
    QCOMPARE(ContentRange::requestFrom(123456789012), QByteArray("bytes=123456789012-"));
}

QTEST_APPLESS_MAIN(TstContentRange)
#include "tst_contentrange.moc"
