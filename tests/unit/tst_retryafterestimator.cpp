// RetryAfterEstimator: the wait told to a refused client grows with the jobs ahead of it and the
// duration of recent jobs, shrinks with the slots that serve them, and stays within 1 to 60 s.
#include "core/retryafterestimator.h"

#include <QTest>

using rbee::core::RetryAfterEstimator;

class TestRetryAfterEstimator : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void beforeAnyJob_aJobCountsOneSecond_data()
    {
        QTest::addColumn<int>("ahead");
        QTest::addColumn<int>("slots");
        QTest::addColumn<int>("seconds");
        QTest::newRow("one ahead, one slot") << 1 << 1 << 1;
        QTest::newRow("five ahead, one slot") << 5 << 1 << 5;
        QTest::newRow("five ahead, two slots") << 5 << 2 << 3;
        QTest::newRow("256 queued, four slots: capped") << 257 << 4 << 60;
        QTest::newRow("nobody ahead: at least one second") << 0 << 8 << 1;
        QTest::newRow("no slots counted as one") << 3 << 0 << 3;
    }
    void beforeAnyJob_aJobCountsOneSecond()
    {
        QFETCH(int, ahead);
        QFETCH(int, slots);
        QFETCH(int, seconds);
        QCOMPARE(RetryAfterEstimator().seconds(ahead, slots), seconds);
    }

    void finishedJobs_setTheDuration()
    {
        RetryAfterEstimator e;
        e.jobFinished(3000);
        QCOMPARE(e.meanJobMs(), 3000.0);
        QCOMPARE(e.seconds(4, 2), 6);
        QCOMPARE(e.seconds(100, 1), RetryAfterEstimator::kMaxSeconds);
    }

    void quickJobs_neverBelowOneSecond()
    {
        RetryAfterEstimator e;
        for (int i = 0; i < 10; ++i)
            e.jobFinished(5);
        QCOMPARE(e.seconds(3, 4), RetryAfterEstimator::kMinSeconds);
        QCOMPARE(e.seconds(400, 1), 2);  // 400 x 5 ms
    }

    void recentJobsWeighMost()
    {
        RetryAfterEstimator e;
        e.jobFinished(1000);
        for (int i = 0; i < 20; ++i)
            e.jobFinished(10000);
        QVERIFY2(e.meanJobMs() > 9000.0, qPrintable(QString::number(e.meanJobMs())));
        QVERIFY(e.meanJobMs() <= 10000.0);
    }
};

QTEST_APPLESS_MAIN(TestRetryAfterEstimator)
#include "tst_retryafterestimator.moc"
