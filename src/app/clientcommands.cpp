// The CLI clients; they run their own short event loop on QCoreApplication.
#include "clientcommands.h"

#include "cliconnection.h"

#include "core/client/queenjobclient.h"
#include "core/client/stopreasontext.h"
#include "core/client/workerlisttext.h"
#include "core/error.h"
#include "core/json.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/streamevents.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>

#include <cstdio>

namespace rbee::app {

using namespace rbee::core;

namespace {
// Why the job ended, in words. A job this client sees cancelled was cancelled by someone else
// (the queen's DELETE, a shutdown): not "stopped by you" as in the app.
QString stopReasonWords(StopReason reason)
{
    return reason == StopReason::Cancelled ? QStringLiteral("cancelled") : StopReasonText::text(reason);
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
    CliConnection::addOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = CliConnection::fromOptions(parser);
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
                             end->tokens, qPrintable(stopReasonWords(end->stopReason)), end->ttftMs, end->tokensPerS,
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
    CliConnection::addOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = CliConnection::fromOptions(parser);
    if (!conn)
        return fail(conn.error());
    QNetworkAccessManager nam;
    const auto workers = finishJson(nam.get(conn->request(QLatin1String(core::Endpoint::kWorkers))), conn.value());
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
