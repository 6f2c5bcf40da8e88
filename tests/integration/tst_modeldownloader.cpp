// ModelDownloader against a local stand-in for Hugging Face (never the internet): a complete
// download, resume after an interruption and after cancel(), servers that ignore or end ranges,
// redirects, and one test per failure class (404, 401, not GGUF, offline, stalled, disk).
#include "testhttp.h"

#include "core/client/modeldownloader.h"
#include "core/http/httpserver.h"

#include <QCryptographicHash>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace rbee;
using core::ErrorCode;
using core::ModelDownloader;

namespace {

// "GGUF" and then deterministic bytes (xorshift), so a wrong offset anywhere shows.
QByteArray fakeGguf(qsizetype size)
{
    QByteArray out("GGUF");
    out.reserve(size);
    quint32 x = 2463534242u;
    while (out.size() < size) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        out.append(char(x & 0xff));
    }
    return out;
}

// A Hugging Face stand-in: the file with Range support, and the awkward cases around it.
struct FakeHub {
    core::HttpServer server;
    const QByteArray file = fakeGguf(3 * 1024 * 1024 + 123);
    const qsizetype half = file.size() / 2;
    QList<QByteArray> ranges;         // the Range header of every request for the file ("" when none)
    QList<core::HttpResponder> held;  // requests left open on purpose
    qsizetype chunkedBytes = file.size();
    int loopRequests = 0;
    QTcpServer cutServer;
    QList<QPointer<QTcpSocket>> cutSockets;
    QList<QByteArray> cutRequests;

    FakeHub()
    {
        core::HttpLimits limits;
        limits.maxPendingWriteBytes = 64 * 1024 * 1024;
        server.setLimits(limits);
        auto serveFile = [this](core::HttpRequest r, core::HttpResponder s) {
            ranges.append(r.header("range"));
            s.send(answerRange(r.header("range")));
        };
        server.route("GET", QStringLiteral("/test/tiny/resolve/main/model.gguf"), serveFile);
        server.route("GET", QStringLiteral("/norange/model.gguf"), [this](core::HttpRequest r, core::HttpResponder s) {
            ranges.append(r.header("range"));
            s.send(core::HttpResponse{200, {}, file});
        });
        server.route("GET", QStringLiteral("/redirect/model.gguf"), [this](core::HttpRequest, core::HttpResponder s) {
            s.send(core::HttpResponse{302, {}, {}}.withHeader("Location",
                                                              url("/test/tiny/resolve/main/model.gguf").toEncoded()));
        });
        server.route(
            "GET", QStringLiteral("/redirect-relative/model.gguf"), [](core::HttpRequest, core::HttpResponder s) {
                s.send(core::HttpResponse{302, {}, {}}.withHeader("Location", "/test/tiny/resolve/main/model.gguf"));
            });
        server.route("GET", QStringLiteral("/loop/model.gguf"), [this](core::HttpRequest, core::HttpResponder s) {
            ++loopRequests;
            s.send(core::HttpResponse{302, {}, {}}.withHeader("Location", "/loop/model.gguf"));
        });
        server.route("GET", QStringLiteral("/redirect-ftp/model.gguf"), [](core::HttpRequest, core::HttpResponder s) {
            s.send(core::HttpResponse{302, {}, {}}.withHeader("Location", "ftp://127.0.0.1/model.gguf"));
        });
        server.route("GET", QStringLiteral("/private/repo/resolve/main/model.gguf"),
                     [](core::HttpRequest, core::HttpResponder s) {
                         s.send(core::HttpResponse{401, {}, "Invalid username or password."});
                     });
        server.route("GET", QStringLiteral("/html/model.gguf"), [](core::HttpRequest, core::HttpResponder s) {
            s.send(core::HttpResponse{200, {}, "<!doctype html><title>Sign in</title>"});
        });
        // Without Range: 200 with a chunked body (no length) of the first half, held open until the
        // test cuts it (abortHeld) or the client goes. With Range: like the file route.
        server.route("GET", QStringLiteral("/half/model.gguf"), [this](core::HttpRequest r, core::HttpResponder s) {
            ranges.append(r.header("range"));
            if (!r.header("range").isEmpty()) {
                s.send(answerRange(r.header("range")));
                return;
            }
            s.beginEventStream();
            s.sendRaw(QByteArrayView(file).first(half));
            held.append(s);
        });
        // Without Range: a chunked body (no length) of the first `chunkedBytes`, properly ended, as
        // QNetworkAccessManager may report a cut one. With Range: like the file route.
        server.route("GET", QStringLiteral("/chunked/model.gguf"), [this](core::HttpRequest r, core::HttpResponder s) {
            ranges.append(r.header("range"));
            if (!r.header("range").isEmpty()) {
                s.send(answerRange(r.header("range")));
                return;
            }
            s.beginEventStream();
            s.sendRaw(QByteArrayView(file).first(chunkedBytes));
            s.endEventStream();
        });
        server.route("GET", QStringLiteral("/silent/model.gguf"),
                     [this](core::HttpRequest, core::HttpResponder s) { held.append(s); });
        server.listen(QHostAddress::LocalHost, 0);

        // HttpServer always sends the true Content-Length, so a body cut short needs a raw socket:
        // the whole file's length, the first half, then the test cuts the connection (cut()).
        QObject::connect(&cutServer, &QTcpServer::newConnection, &cutServer, [this] {
            while (QTcpSocket *socket = cutServer.nextPendingConnection()) {
                cutSockets.append(socket);
                auto buffer = std::make_shared<QByteArray>();
                QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    *buffer += socket->readAll();
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    cutRequests.append(*buffer);
                    buffer->clear();
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                                  + QByteArray::number(file.size()) + "\r\n\r\n");
                    socket->write(file.left(half));
                });
            }
        });
        cutServer.listen(QHostAddress::LocalHost, 0);
    }

    core::HttpResponse answerRange(const QByteArray &range) const
    {
        if (range.isEmpty())
            return core::HttpResponse{200, {}, file}.withHeader("Content-Type", "application/octet-stream");
        Q_ASSERT(range.startsWith("bytes=") && range.endsWith('-'));
        const qint64 first = range.mid(6, range.size() - 7).toLongLong();
        const QByteArray size = QByteArray::number(file.size());
        if (first >= file.size())
            return core::HttpResponse{416, {}, {}}.withHeader("Content-Range", "bytes */" + size);
        return core::HttpResponse{206, {}, file.mid(first)}.withHeader(
            "Content-Range",
            "bytes " + QByteArray::number(first) + '-' + QByteArray::number(file.size() - 1) + '/' + size);
    }

    QUrl url(const char *path) const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(server.serverPort()).arg(QLatin1String(path)));
    }

    QUrl cutUrl() const
    {
        return QUrl(QStringLiteral("http://127.0.0.1:%1/cut/resolve/main/model.gguf").arg(cutServer.serverPort()));
    }

    void cut()
    {
        for (const auto &socket : std::as_const(cutSockets)) {
            if (socket)
                socket->abort();
        }
    }

    void abortHeld()
    {
        for (const auto &responder : std::as_const(held)) {
            if (auto *connection = responder.connection())
                connection->abort();
        }
        held.clear();
    }
};

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &data)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(data) == data.size();
}

// One download, watched through its signals.
struct Run {
    ModelDownloader downloader;
    QSignalSpy progress{&downloader, &ModelDownloader::progress};
    QSignalSpy finished{&downloader, &ModelDownloader::finished};
    QSignalSpy failed{&downloader, &ModelDownloader::failed};

    bool waitEnd(int timeoutMs = 20000)
    {
        return test::waitFor([this] { return finished.count() + failed.count() > 0; }, timeoutMs);
    }
    core::Error error() const { return failed.isEmpty() ? core::Error{} : failed.at(0).at(0).value<core::Error>(); }
    qint64 lastReceived() const { return progress.isEmpty() ? -1 : progress.last().at(0).toLongLong(); }
    bool progressIsMonotonic() const
    {
        for (qsizetype i = 1; i < progress.size(); ++i) {
            if (progress.at(i).at(0).toLongLong() < progress.at(i - 1).at(0).toLongLong())
                return false;
        }
        return true;
    }
};

}  // namespace

class TestModelDownloader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void validate_data();
    void validate();
    void huggingFaceUrl_buildsResolveUrl();
    void download_complete_writesFileAndRemovesPart();
    void download_existingDestination_isReplaced();
    void download_redirect_isFollowed_data();
    void download_redirect_isFollowed();
    void download_redirect_resumesWithRangeAtTarget();
    void download_redirectLoop_failsAfterMaxRedirects();
    void download_redirectToNonHttp_fails();
    void download_interrupted_keepsPartAndResumesWithRange();
    void download_chunkedBodyCutShort_neverFinishesTruncated();
    void download_unknownLength_isConfirmedWithRange_data();
    void download_unknownLength_isConfirmedWithRange();
    void download_cancelled_keepsPartEmitsNothingAndResumes();
    void download_serverIgnoresRange_restartsFromZero();
    void download_partAlreadyComplete_416Finishes();
    void download_missingFile_failsNotFoundNamingFileAndRepo();
    void download_loginRequired_failsUnauthorized();
    void download_notGguf_failsAndRemovesPart();
    void download_nothingListening_failsUnreachable();
    void download_noData_failsWithTimeoutAndKeepsNoPart();
    void download_unwritableFolder_failsWithDiskError();
    void download_bearerToken_sentToItsOriginOnly();
    void download_resumedPart_hashedWithTheRest();
    void download_sha256Mismatch_failsAndRemovesPart();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestModelDownloader::validate_data()
{
    QTest::addColumn<QString>("repo");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("badField");  // empty when valid

    QTest::newRow("valid") << "TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF"
                           << "tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf"
                           << "";
    QTest::newRow("upper-case extension") << "owner/name"
                                          << "MODEL.GGUF"
                                          << "";
    QTest::newRow("no owner") << "name"
                              << "m.gguf"
                              << "repo";
    QTest::newRow("three parts") << "a/b/c"
                                 << "m.gguf"
                                 << "repo";
    QTest::newRow("dot-dot owner") << "../b"
                                   << "m.gguf"
                                   << "repo";
    QTest::newRow("empty repo") << ""
                                << "m.gguf"
                                << "repo";
    QTest::newRow("space in repo") << "a b/c"
                                   << "m.gguf"
                                   << "repo";
    QTest::newRow("not gguf") << "owner/name"
                              << "model.bin"
                              << "file";
    QTest::newRow("path in file") << "owner/name"
                                  << "sub/model.gguf"
                                  << "file";
    QTest::newRow("traversal") << "owner/name"
                               << "..gguf"
                               << "file";
    QTest::newRow("hidden file") << "owner/name"
                                 << ".model.gguf"
                                 << "file";
    QTest::newRow("query in file") << "owner/name"
                                   << "m.gguf?x=1"
                                   << "file";
    QTest::newRow("empty file") << "owner/name"
                                << ""
                                << "file";
}

void TestModelDownloader::validate()
{
    QFETCH(QString, repo);
    QFETCH(QString, file);
    QFETCH(QString, badField);
    const auto error = ModelDownloader::validate(repo, file);
    if (badField.isEmpty()) {
        QVERIFY2(!error, qPrintable(error ? error->message : QString()));
        QVERIFY(ModelDownloader::huggingFaceUrl(repo, file).isValid());
        return;
    }
    QVERIFY(error);
    QCOMPARE(error->code, ErrorCode::BadRequest);
    QCOMPARE(error->field, badField);
    QVERIFY(ModelDownloader::huggingFaceUrl(repo, file).isEmpty());
}

void TestModelDownloader::huggingFaceUrl_buildsResolveUrl()
{
    QCOMPARE(ModelDownloader::huggingFaceUrl(QStringLiteral("TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF"),
                                             QStringLiteral("tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf"))
                 .toString(),
             QStringLiteral("https://huggingface.co/TheBloke/TinyLlama-1.1B-Chat-v1.0-GGUF/resolve/main/"
                            "tinyllama-1.1b-chat-v1.0.Q4_K_M.gguf"));
}

void TestModelDownloader::download_complete_writesFileAndRemovesPart()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("complete/model.gguf"));  // the folder is created
    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(run.downloader.isRunning());
    QVERIFY2(run.waitEnd(), "the download did not end");
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(run.finished.count(), 1);
    QCOMPARE(run.finished.at(0).at(0).toString(), dest);
    QVERIFY(!run.downloader.isRunning());
    QVERIFY(readAll(dest) == hub.file);
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
    QCOMPARE(hub.ranges, QList<QByteArray>{QByteArray()});

    QVERIFY(!run.progress.isEmpty());
    QVERIFY(run.progressIsMonotonic());
    for (const auto &args : std::as_const(run.progress))
        QCOMPARE(args.at(1).toLongLong(), qint64(hub.file.size()));
    QCOMPARE(run.lastReceived(), qint64(hub.file.size()));
}

void TestModelDownloader::download_existingDestination_isReplaced()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("replace.gguf"));
    QVERIFY(writeFile(dest, "GGUF old model"));
    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QVERIFY(readAll(dest) == hub.file);
}

void TestModelDownloader::download_redirect_isFollowed_data()
{
    QTest::addColumn<QByteArray>("route");
    QTest::newRow("absolute Location") << QByteArray("/redirect/model.gguf");
    QTest::newRow("relative Location") << QByteArray("/redirect-relative/model.gguf");
}

void TestModelDownloader::download_redirect_isFollowed()
{
    QFETCH(QByteArray, route);
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("redirected-%1.gguf").arg(QString::fromUtf8(route).section(u'/', 1, 1)));
    run.downloader.start(hub.url(route.constData()), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QVERIFY(readAll(dest) == hub.file);
    QCOMPARE(hub.ranges.size(), 1);  // the redirect target served the file
}

// The redirect's own headers (Content-Length: 0 here) must never stand for the file's: Qt 6.4
// merged them into the followed reply ("0, <size>") now and then, failing a complete download.
void TestModelDownloader::download_redirect_resumesWithRangeAtTarget()
{
    for (int attempt = 0; attempt < 5; ++attempt) {
        FakeHub hub;
        Run run;
        const QString dest = path(QStringLiteral("redirect-resume-%1.gguf").arg(attempt));
        QVERIFY(writeFile(ModelDownloader::partPath(dest), hub.file.left(hub.half)));
        run.downloader.start(hub.url("/redirect/model.gguf"), dest);
        QVERIFY(run.waitEnd());
        QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
        QCOMPARE(hub.ranges, QList<QByteArray>{QByteArray("bytes=" + QByteArray::number(hub.half) + '-')});
        QVERIFY(readAll(dest) == hub.file);
        QCOMPARE(run.progress.last().at(1).toLongLong(), qint64(hub.file.size()));
    }
}

void TestModelDownloader::download_redirectLoop_failsAfterMaxRedirects()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("loop.gguf"));
    run.downloader.start(hub.url("/loop/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QCOMPARE(run.finished.count(), 0);
    QCOMPARE(run.error().code, ErrorCode::WorkerError);
    QCOMPARE(run.error().message, QStringLiteral("127.0.0.1 redirected too many times"));
    QCOMPARE(hub.loopRequests, ModelDownloader::kMaxRedirects + 1);
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
}

void TestModelDownloader::download_redirectToNonHttp_fails()
{
    FakeHub hub;
    Run run;
    run.downloader.start(hub.url("/redirect-ftp/model.gguf"), path(QStringLiteral("ftp.gguf")));
    QVERIFY(run.waitEnd());
    QCOMPARE(run.finished.count(), 0);
    QCOMPARE(run.error().code, ErrorCode::WorkerError);
    QVERIFY2(run.error().message.contains(QLatin1String("not an http(s) URL")), qPrintable(run.error().message));
}

void TestModelDownloader::download_interrupted_keepsPartAndResumesWithRange()
{
    FakeHub hub;
    const QString dest = path(QStringLiteral("interrupted.gguf"));
    const QString part = ModelDownloader::partPath(dest);
    {
        Run run;
        run.downloader.start(hub.cutUrl(), dest);
        QVERIFY2(test::waitFor([&] { return run.lastReceived() >= hub.half; }, 15000), "the first half did not arrive");
        QCOMPARE(run.lastReceived(), qint64(hub.half));
        QCOMPARE(run.progress.last().at(1).toLongLong(), qint64(hub.file.size()));
        hub.cut();
        QVERIFY2(run.waitEnd(), "the broken connection was not noticed");
        QCOMPARE(run.finished.count(), 0);
        QCOMPARE(run.error().code, ErrorCode::WorkerUnreachable);
        QVERIFY2(run.error().message.startsWith(QLatin1String("cannot reach 127.0.0.1: ")),
                 qPrintable(run.error().message));
        QVERIFY2(run.error().message.contains(QLatin1String("are you offline?")), qPrintable(run.error().message));
        QVERIFY(!QFile::exists(dest));
        QVERIFY(readAll(part) == hub.file.left(hub.half));
    }
    Run resume;
    resume.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(resume.waitEnd());
    QVERIFY2(resume.failed.isEmpty(), qPrintable(resume.error().message));
    QCOMPARE(hub.ranges, QList<QByteArray>{QByteArray("bytes=" + QByteArray::number(hub.half) + '-')});
    QVERIFY(readAll(dest) == hub.file);
    QVERIFY(!QFile::exists(part));
    // Progress counts the bytes already on disk and knows the total from Content-Range.
    QVERIFY(resume.progress.first().at(0).toLongLong() > hub.half);
    QCOMPARE(resume.progress.first().at(1).toLongLong(), qint64(hub.file.size()));
    QVERIFY(resume.progressIsMonotonic());
    QCOMPARE(resume.lastReceived(), qint64(hub.file.size()));
}

// QNetworkAccessManager may take a chunked body that was cut short for a complete one (and resend
// the request behind the scenes). Whatever it reports, a truncated file must never be renamed
// into place: the downloader either fails and keeps the part, or asks for the rest and gets it.
void TestModelDownloader::download_chunkedBodyCutShort_neverFinishesTruncated()
{
    for (int attempt = 0; attempt < 5; ++attempt) {
        FakeHub hub;
        const QString dest = path(QStringLiteral("chunked-%1.gguf").arg(attempt));
        const QString part = ModelDownloader::partPath(dest);
        Run run;
        run.downloader.start(hub.url("/half/model.gguf"), dest);
        QVERIFY2(test::waitFor([&] { return run.lastReceived() >= hub.half; }, 15000), "the first half did not arrive");
        QCOMPARE(run.progress.last().at(1).toLongLong(), qint64(-1));  // chunked: size unknown
        hub.abortHeld();
        QVERIFY2(run.waitEnd(), "the broken connection was not noticed");
        if (!run.finished.isEmpty()) {
            QVERIFY(hub.ranges.contains(QByteArray("bytes=" + QByteArray::number(hub.half) + '-')));
            QVERIFY(readAll(dest) == hub.file);
            QVERIFY(!QFile::exists(part));
        } else {
            QCOMPARE(run.error().code, ErrorCode::WorkerUnreachable);
            QVERIFY(!QFile::exists(dest));
            QVERIFY(readAll(part) == hub.file.left(hub.half));
        }
    }
}

void TestModelDownloader::download_unknownLength_isConfirmedWithRange_data()
{
    QTest::addColumn<bool>("shortBody");
    QTest::newRow("whole file, 416 confirms") << false;
    QTest::newRow("first half, 206 brings the rest") << true;
}

void TestModelDownloader::download_unknownLength_isConfirmedWithRange()
{
    QFETCH(bool, shortBody);
    FakeHub hub;
    hub.chunkedBytes = shortBody ? hub.half : hub.file.size();
    Run run;
    const QString dest =
        path(QStringLiteral("chunked-%1.gguf").arg(shortBody ? QLatin1String("short") : QLatin1String("whole")));
    run.downloader.start(hub.url("/chunked/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(hub.ranges,
             (QList<QByteArray>{QByteArray(), QByteArray("bytes=" + QByteArray::number(hub.chunkedBytes) + '-')}));
    QVERIFY(readAll(dest) == hub.file);
    QVERIFY(run.progressIsMonotonic());
    QCOMPARE(run.lastReceived(), qint64(hub.file.size()));
    QCOMPARE(run.progress.last().at(1).toLongLong(), qint64(hub.file.size()));
}

void TestModelDownloader::download_cancelled_keepsPartEmitsNothingAndResumes()
{
    FakeHub hub;
    const QString dest = path(QStringLiteral("cancelled.gguf"));
    const QString part = ModelDownloader::partPath(dest);
    Run run;
    run.downloader.start(hub.url("/half/model.gguf"), dest);
    QVERIFY2(test::waitFor([&] { return run.lastReceived() >= hub.half; }, 15000), "the first half did not arrive");
    run.downloader.cancel();
    QVERIFY(!run.downloader.isRunning());
    QVERIFY2(test::waitFor([&] { return hub.server.connectionCount() == 0; }, 5000), "cancel left the connection open");
    QTest::qWait(100);  // a late signal would arrive from the event loop
    QCOMPARE(run.finished.count(), 0);
    QCOMPARE(run.failed.count(), 0);
    QVERIFY(readAll(part) == hub.file.left(hub.half));

    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(hub.ranges.last(), QByteArray("bytes=" + QByteArray::number(hub.half) + '-'));
    QVERIFY(readAll(dest) == hub.file);
    QVERIFY(!QFile::exists(part));
}

void TestModelDownloader::download_serverIgnoresRange_restartsFromZero()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("norange.gguf"));
    QVERIFY(writeFile(ModelDownloader::partPath(dest), "GGUF" + QByteArray(1000, 'x')));
    run.downloader.start(hub.url("/norange/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(hub.ranges, QList<QByteArray>{"bytes=1004-"});
    QVERIFY(readAll(dest) == hub.file);
    QVERIFY(run.progressIsMonotonic());  // the reset happens before the first report
    QCOMPARE(run.lastReceived(), qint64(hub.file.size()));
}

void TestModelDownloader::download_partAlreadyComplete_416Finishes()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("complete-part.gguf"));
    QVERIFY(writeFile(ModelDownloader::partPath(dest), hub.file));
    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(hub.ranges, QList<QByteArray>{QByteArray("bytes=" + QByteArray::number(hub.file.size()) + '-')});
    QVERIFY(readAll(dest) == hub.file);
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
    QCOMPARE(run.lastReceived(), qint64(hub.file.size()));
}

void TestModelDownloader::download_missingFile_failsNotFoundNamingFileAndRepo()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("missing.gguf"));
    run.downloader.start(hub.url("/acme/model/resolve/main/missing.gguf"), dest);
    QVERIFY(run.waitEnd());
    QCOMPARE(run.finished.count(), 0);
    QCOMPARE(run.error().code, ErrorCode::NotFound);
    QCOMPARE(run.error().message, QStringLiteral("no file 'missing.gguf' in 'acme/model'"));
    QVERIFY(!QFile::exists(dest));
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));  // an empty part is not kept
}

void TestModelDownloader::download_loginRequired_failsUnauthorized()
{
    FakeHub hub;
    Run run;
    run.downloader.start(hub.url("/private/repo/resolve/main/model.gguf"), path(QStringLiteral("private.gguf")));
    QVERIFY(run.waitEnd());
    QCOMPARE(run.error().code, ErrorCode::Unauthorized);
    QVERIFY2(run.error().message.startsWith(QLatin1String("this repository needs a Hugging Face login")),
             qPrintable(run.error().message));
    QVERIFY(run.error().message.contains(QLatin1String("'private/repo'")));
}

void TestModelDownloader::download_notGguf_failsAndRemovesPart()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("html.gguf"));
    run.downloader.start(hub.url("/html/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QCOMPARE(run.finished.count(), 0);
    QCOMPARE(run.error().code, ErrorCode::ModelError);
    QVERIFY2(run.error().message.contains(QLatin1String("not a GGUF file")), qPrintable(run.error().message));
    QVERIFY(!QFile::exists(dest));
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
}

void TestModelDownloader::download_nothingListening_failsUnreachable()
{
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    Run run;
    const QString dest = path(QStringLiteral("offline.gguf"));
    run.downloader.start(QUrl(QStringLiteral("http://127.0.0.1:%1/a/b/resolve/main/m.gguf").arg(port)), dest);
    QVERIFY(run.waitEnd());
    QCOMPARE(run.error().code, ErrorCode::WorkerUnreachable);
    QCOMPARE(run.error().message, QStringLiteral("cannot reach 127.0.0.1: connection refused (are you offline?)"));
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
}

void TestModelDownloader::download_noData_failsWithTimeoutAndKeepsNoPart()
{
    FakeHub hub;
    Run run;
    run.downloader.setStallTimeout(300);
    const QString dest = path(QStringLiteral("silent.gguf"));
    run.downloader.start(hub.url("/silent/model.gguf"), dest);
    QVERIFY(run.waitEnd(5000));
    QCOMPARE(run.error().code, ErrorCode::Timeout);
    QVERIFY2(run.error().message.contains(QLatin1String("127.0.0.1")), qPrintable(run.error().message));
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
}

void TestModelDownloader::download_unwritableFolder_failsWithDiskError()
{
    FakeHub hub;
    Run run;
    const QString notAFolder = path(QStringLiteral("plain-file"));
    QVERIFY(writeFile(notAFolder, "x"));
    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), notAFolder + QLatin1String("/model.gguf"));
    QCOMPARE(run.failed.count(), 0);  // reported from the event loop, after start() returned
    QVERIFY(run.waitEnd());
    QCOMPARE(run.error().code, ErrorCode::Internal);
    QVERIFY2(run.error().message.startsWith(QLatin1String("cannot write ") + notAFolder),
             qPrintable(run.error().message));
    QVERIFY(hub.ranges.isEmpty());
}

// A peer hive's file is fetched with the cluster's token; a redirect elsewhere never carries it.
void TestModelDownloader::download_bearerToken_sentToItsOriginOnly()
{
    FakeHub home;
    FakeHub elsewhere;
    QList<QByteArray> homeAuth;
    QList<QByteArray> elsewhereAuth;
    home.server.route("GET", QStringLiteral("/auth/model.gguf"), [&](core::HttpRequest r, core::HttpResponder s) {
        homeAuth.append(r.header("authorization"));
        s.send(home.answerRange(r.header("range")));
    });
    home.server.route("GET", QStringLiteral("/away/model.gguf"), [&](core::HttpRequest r, core::HttpResponder s) {
        homeAuth.append(r.header("authorization"));
        s.send(core::HttpResponse{302, {}, {}}.withHeader("Location", elsewhere.url("/auth/model.gguf").toEncoded()));
    });
    elsewhere.server.route("GET", QStringLiteral("/auth/model.gguf"), [&](core::HttpRequest r, core::HttpResponder s) {
        elsewhereAuth.append(r.header("authorization"));
        s.send(elsewhere.answerRange(r.header("range")));
    });
    {
        Run run;
        run.downloader.setBearerToken(QStringLiteral("cluster-token"));
        run.downloader.start(home.url("/auth/model.gguf"), path(QStringLiteral("token-home.gguf")));
        QVERIFY(run.waitEnd());
        QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
        QCOMPARE(homeAuth, QList<QByteArray>{"Bearer cluster-token"});
    }
    homeAuth.clear();
    Run run;
    run.downloader.setBearerToken(QStringLiteral("cluster-token"));
    run.downloader.start(home.url("/away/model.gguf"), path(QStringLiteral("token-away.gguf")));
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(homeAuth, QList<QByteArray>{"Bearer cluster-token"});
    QCOMPARE(elsewhereAuth, QList<QByteArray>{QByteArray()});
    QVERIFY(readAll(path(QStringLiteral("token-away.gguf"))) == elsewhere.file);
}

// The digest covers the whole file: the bytes of the earlier attempt and those fetched now.
void TestModelDownloader::download_resumedPart_hashedWithTheRest()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("hashed-resume.gguf"));
    QVERIFY(writeFile(ModelDownloader::partPath(dest), hub.file.left(hub.half)));
    const QString digest = QString::fromLatin1(QCryptographicHash::hash(hub.file, QCryptographicHash::Sha256).toHex());
    run.downloader.setExpectedSha256(digest);
    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QVERIFY2(run.failed.isEmpty(), qPrintable(run.error().message));
    QCOMPARE(hub.ranges, QList<QByteArray>{QByteArray("bytes=" + QByteArray::number(hub.half) + '-')});
    QCOMPARE(run.downloader.sha256(), digest);
    QVERIFY(readAll(dest) == hub.file);
}

void TestModelDownloader::download_sha256Mismatch_failsAndRemovesPart()
{
    FakeHub hub;
    Run run;
    const QString dest = path(QStringLiteral("wrong-digest.gguf"));
    run.downloader.setExpectedSha256(QString(64, u'a'));
    run.downloader.start(hub.url("/test/tiny/resolve/main/model.gguf"), dest);
    QVERIFY(run.waitEnd());
    QCOMPARE(run.finished.count(), 0);
    QCOMPARE(run.error().code, ErrorCode::ModelError);
    QVERIFY2(run.error().message.contains(QLatin1String("SHA-256")), qPrintable(run.error().message));
    QVERIFY(!QFile::exists(dest));
    QVERIFY(!QFile::exists(ModelDownloader::partPath(dest)));
    QVERIFY(run.downloader.sha256().isEmpty());
}

QTEST_GUILESS_MAIN(TestModelDownloader)
#include "tst_modeldownloader.moc"
