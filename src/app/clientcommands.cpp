// The CLI clients; they run their own short event loop on QCoreApplication.
#include "clientcommands.h"

#include "core/client/queenjobclient.h"
#include "core/client/workerlisttext.h"
#include "core/commandline.h"
#include "core/error.h"
#include "core/json.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/streamevents.h"
#include "core/terminaltext.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcessEnvironment>

#include <cstdio>
#include <optional>

namespace rbee::app {

using namespace rbee::core;

namespace {
const QString kDefaultQueen = QStringLiteral("http://127.0.0.1:7833");

// Worker-supplied text reaches the terminal only without control characters (escape codes).
QByteArray shown(const QString &text, TextLayout layout = TextLayout::SingleLine)
{
    return stripControlCharacters(text, layout).toUtf8();
}

int fail(const Error &error)
{
    std::fprintf(stderr, "rbee: %s\n", shown(error.message).constData());
    return cliExitCode(error.code);
}

// The error a non-200 answer carries, classified by its code; `fallback` when it has none.
Error errorOfAnswer(int status, const QByteArray &body, ErrorCode fallback)
{
    const auto json = parseJsonObject(body);
    const QJsonObject e = json ? json->value(QStringLiteral("error")).toObject() : QJsonObject();
    const QString message =
        e.value(QStringLiteral("message"))
            .toString(QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body).trimmed()));
    const QString code = e.value(QStringLiteral("code")).toString();
    return Error{code.isEmpty() ? fallback : errorCodeFromName(code), message};
}

struct Connection {
    QUrl queen;
    QByteArray token;
};

void addConnectionOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("queen"),
                                        QStringLiteral("Queen URL (default %1) [RBEE_QUEEN_URL].").arg(kDefaultQueen),
                                        QStringLiteral("url")));
    parser.addOption(QCommandLineOption(QStringLiteral("token"), QStringLiteral("Bearer token [RBEE_TOKEN]."),
                                        QStringLiteral("token")));
    parser.addHelpOption();
}

// Parses the command line; returns the exit status when the command is already done (help
// shown, or a usage error reported), nothing when it should go on.
std::optional<int> parseOrFinish(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments))
        return fail(Error{ErrorCode::BadRequest, parser.errorText()});
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    return std::nullopt;
}

Result<Connection> connection(const QCommandLineParser &parser)
{
    const auto env = QProcessEnvironment::systemEnvironment();
    QString url = parser.isSet(QStringLiteral("queen")) ? parser.value(QStringLiteral("queen"))
                                                        : env.value(QStringLiteral("RBEE_QUEEN_URL"));
    if (url.isEmpty())
        url = kDefaultQueen;
    QUrl queen;
    Error error;
    if (!parseHttpUrlOption(QStringLiteral("queen"), url, queen, error))
        return error;
    const QString token = parser.isSet(QStringLiteral("token")) ? parser.value(QStringLiteral("token"))
                                                                : env.value(QStringLiteral("RBEE_TOKEN"));
    return Connection{queen, token.toUtf8()};
}

QNetworkRequest request(const Connection &c, const QString &path)
{
    QUrl url = c.queen;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    QNetworkRequest r(url);
    if (!c.token.isEmpty())
        r.setRawHeader("Authorization", "Bearer " + c.token);
    return r;
}

// Waits for a whole reply; classifies a failure into an Error.
Result<QJsonObject> finishJson(QNetworkReply *reply, const Connection &c)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0) {
        return Error{ErrorCode::QueenUnreachable,
                     QStringLiteral("cannot reach the queen at %1: %2").arg(c.queen.toString(), reply->errorString())};
    }
    if (status != 200)
        return errorOfAnswer(status, body, ErrorCode::Internal);
    const auto json = parseJsonObject(body);
    if (!json)
        return Error{ErrorCode::Internal, QStringLiteral("the queen answered something that is not JSON")};
    return json.value();
}
}  // namespace

int runInfer(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("rbee infer: run a prompt on the cluster; tokens go to stdout as they arrive, "
                       "the scheduler's narration to stderr."));
    parser.addOption(
        QCommandLineOption(QStringLiteral("model"), QStringLiteral("Model name (required)."), QStringLiteral("name")));
    parser.addOption(QCommandLineOption(QStringLiteral("prompt"), QStringLiteral("Prompt text (required)."),
                                        QStringLiteral("text")));
    parser.addOption(QCommandLineOption(QStringLiteral("max-tokens"),
                                        QStringLiteral("Most tokens to generate (default 256)."), QStringLiteral("n")));
    parser.addOption(QCommandLineOption(QStringLiteral("temperature"), QStringLiteral("0 = greedy (default 0.8)."),
                                        QStringLiteral("t")));
    addConnectionOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = connection(parser);
    if (!conn)
        return fail(conn.error());
    QJsonObject body{{QStringLiteral("prompt"), parser.value(QStringLiteral("prompt"))}};
    if (!parser.isSet(QStringLiteral("model")) || !parser.isSet(QStringLiteral("prompt")))
        return fail(
            Error{ErrorCode::BadRequest, QStringLiteral("--model and --prompt are required (see rbee infer --help)")});
    for (const auto &[option, field] :
         {std::pair{"max-tokens", "max_tokens"}, std::pair{"temperature", "temperature"}}) {
        if (!parser.isSet(QLatin1String(option)))
            continue;
        bool ok = false;
        const double v = parser.value(QLatin1String(option)).toDouble(&ok);
        if (!ok)
            return fail(
                Error{ErrorCode::BadRequest, QStringLiteral("--%1 must be a number").arg(QLatin1String(option))});
        body.insert(QLatin1String(field), v);
    }
    // Validated here by the same reader the queen uses, so a bad value is named before anything is sent.
    JobSubmission submission;
    submission.model = parser.value(QStringLiteral("model"));
    JsonObjectReader reader(body);
    InferenceRequest::read(reader, submission.request, SamplingParams::kMaxContextTokens);
    if (!reader.ok())
        return fail(reader.error());

    QueenJobClient job(conn->queen, QString::fromUtf8(conn->token), submission);
    int exitCode = -1;
    bool ended = false;
    QEventLoop loop;
    QObject::connect(&job, &JobStream::eventReceived, &loop, [&](const SseEvent &e) {
        if (e.event == QLatin1String(StreamEventName::kToken)) {
            if (const auto t = TokenEvent::fromSse(e)) {
                std::fputs(shown(t->text, TextLayout::KeepLineBreaks).constData(), stdout);
                std::fflush(stdout);
            }
        } else if (e.event == QLatin1String(core::StreamEventName::kNarration)) {
            const auto json = parseJsonObject(e.data.toUtf8());
            std::fprintf(stderr, "[rbee] %s\n",
                         shown(json ? json->value(QStringLiteral("message")).toString() : e.data).constData());
        } else if (e.event == QLatin1String(StreamEventName::kEnd)) {
            std::fputs("\n", stdout);
            if (const auto end = EndEvent::fromSse(e)) {
                std::fprintf(stderr,
                             "[rbee] %d tokens (%s), first token after %.0f ms, %.1f tokens/s; prompt %d tokens, %d "
                             "of them from the prompt cache\n",
                             end->tokens, qPrintable(stopReasonName(end->stopReason)), end->ttftMs, end->tokensPerS,
                             end->promptTokens, end->cachedTokens);
            }
        } else if (e.event == QLatin1String(StreamEventName::kError)) {
            exitCode = fail(errorFromSse(e));
        }
    });
    QObject::connect(&job, &JobStream::ended, &loop, [&] {
        if (exitCode < 0)
            exitCode = 0;
        ended = true;
        loop.quit();
    });
    job.start();
    if (!ended)
        loop.exec();
    return exitCode;
}

int runStatus(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("rbee status: the workers a queen knows."));
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print the queen's JSON as it is.")));
    addConnectionOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = connection(parser);
    if (!conn)
        return fail(conn.error());
    QNetworkAccessManager nam;
    const auto workers =
        finishJson(nam.get(request(conn.value(), QLatin1String(core::Endpoint::kWorkers))), conn.value());
    if (!workers)
        return fail(workers.error());
    if (parser.isSet(QStringLiteral("json"))) {
        std::fputs(QJsonDocument(workers.value()).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    const QByteArray table = WorkerListText::format(workers.value(), QStringLiteral(RBEE_VERSION));
    if (table.isEmpty()) {
        std::printf("No workers have sent heartbeats to %s.\n", qPrintable(conn->queen.toString()));
        return 0;
    }
    std::fputs(table.constData(), stdout);
    return 0;
}

}  // namespace rbee::app
