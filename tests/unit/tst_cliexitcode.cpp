// cliExitCode (error.h): every ErrorCode maps to its documented exit class: 2 bad input, 3 no worker,
// 4 busy, 5 unreachable, 6 worker failed, 7 unauthorized, 1 other; 0 (success) is never returned.
#include "core/error.h"

#include <QSet>
#include <QTest>

using namespace rbee::core;

Q_DECLARE_METATYPE(rbee::core::ErrorCode)

namespace {

struct Row {
    ErrorCode code;
    int exit;
};

// The documented classes, one row per ErrorCode enumerator.
constexpr Row kTable[] = {
    // 2: the request itself was wrong.
    {ErrorCode::BadRequest, 2},
    {ErrorCode::NotFound, 2},
    {ErrorCode::MethodNotAllowed, 2},
    {ErrorCode::Conflict, 2},
    {ErrorCode::PayloadTooLarge, 2},
    {ErrorCode::HeadersTooLarge, 2},
    {ErrorCode::ModelNotFound, 2},
    {ErrorCode::Forbidden, 2},
    {ErrorCode::UnsupportedMediaType, 2},
    // 3: nobody serves the model.
    {ErrorCode::NoWorker, 3},
    // 4: busy, try again later.
    {ErrorCode::WorkerBusy, 4},
    {ErrorCode::WorkerLoading, 4},
    {ErrorCode::WorkerStopping, 4},
    {ErrorCode::TooManyConnections, 4},
    {ErrorCode::TooManyWorkers, 4},
    // 5: could not talk to a server (in time).
    {ErrorCode::WorkerUnreachable, 5},
    {ErrorCode::QueenUnreachable, 5},
    {ErrorCode::HiveUnreachable, 5},
    {ErrorCode::Timeout, 5},
    {ErrorCode::RequestTimeout, 5},
    // 6: a worker (or its model) failed.
    {ErrorCode::WorkerError, 6},
    {ErrorCode::WorkerLost, 6},
    {ErrorCode::ModelError, 6},
    // 7: the token was missing or wrong.
    {ErrorCode::Unauthorized, 7},
    // 1: everything else.
    {ErrorCode::Internal, 1},
    {ErrorCode::Cancelled, 1},
};

// The last enumerator of ErrorCode.
constexpr ErrorCode kLastCode = ErrorCode::HiveUnreachable;

}  // namespace

class TestCliExitCode : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cliExitCode_mapsEachCodeToItsClass_data();
    void cliExitCode_mapsEachCodeToItsClass();
    void cliExitCode_tableCoversEveryEnumerator();
};

void TestCliExitCode::cliExitCode_mapsEachCodeToItsClass_data()
{
    QTest::addColumn<ErrorCode>("code");
    QTest::addColumn<int>("exit");
    for (const Row &row : kTable)
        QTest::newRow(qPrintable(errorCodeName(row.code))) << row.code << row.exit;
}

void TestCliExitCode::cliExitCode_mapsEachCodeToItsClass()
{
    QFETCH(ErrorCode, code);
    QFETCH(int, exit);
    QCOMPARE(cliExitCode(code), exit);
    QVERIFY(cliExitCode(code) != 0);  // 0 is success
}

void TestCliExitCode::cliExitCode_tableCoversEveryEnumerator()
{
    QSet<int> inTable;
    for (const Row &row : kTable) {
        QVERIFY2(!inTable.contains(int(row.code)), qPrintable(errorCodeName(row.code) + QStringLiteral(" twice")));
        inTable.insert(int(row.code));
    }
    for (int i = 0; i <= int(kLastCode); ++i) {
        const ErrorCode code = ErrorCode(i);
        QVERIFY2(inTable.contains(i), qPrintable(errorCodeName(code) + QStringLiteral(" has no row")));
        // Each enumerator has its own wire name, so the row tags above are unambiguous.
        QCOMPARE(errorCodeFromName(errorCodeName(code)), code);
    }
    // Nothing after kLastCode: an enumerator added at the end would have a name of its own.
    QCOMPARE(errorCodeName(ErrorCode(int(kLastCode) + 1)), QStringLiteral("internal"));
}

QTEST_APPLESS_MAIN(TestCliExitCode)
#include "tst_cliexitcode.moc"
