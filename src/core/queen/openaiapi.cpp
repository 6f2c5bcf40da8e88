// OpenAI endpoints over QueenServer's JobManager; see openaiapi.h.
#include "openaiapi.h"

#include "queenserver.h"

#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"

#include <QDateTime>
#include <QJsonArray>
#include <QPointer>
#include <QSet>

namespace rbee::core {

namespace {
SseEvent dataEvent(const QJsonObject &o)
{
    return SseEvent{{}, QString::fromUtf8(toCompactJson(o)), {}};
}

// The serialised text chunk split around its text value, so streaming a token costs one string
// escape instead of building a JSON object.
std::pair<QByteArray, QByteArray> textChunkParts(const OpenAiRequest &request, const openai::ResponseIds &ids)
{
    static const QString marker = QStringLiteral("rbee-text-marker-7f3a");
    const QByteArray whole = toCompactJson(openai::textChunk(request, ids, marker, false));
    const QByteArray quotedMarker = '"' + marker.toUtf8() + '"';
    const qsizetype at = whole.indexOf(quotedMarker);
    return {whole.left(at), whole.mid(at + quotedMarker.size())};
}

// Cancels the job when the client goes away before it ends.
void cancelOnClose(QObject *context, QueenJob *job, const HttpResponder &responder)
{
    if (HttpConnection *connection = responder.connection()) {
        QPointer<QueenJob> guard(job);
        QObject::connect(connection, &HttpConnection::closed, context, [guard] {
            if (guard && !guard->isFinished())
                guard->cancel();
        });
    }
}
}  // namespace

OpenAiApi::OpenAiApi(QueenServer *queen, QObject *parent) : QObject(parent), m_queen(queen)
{
    HttpServer *http = queen->http();
    http->route("POST", QLatin1String(Endpoint::kChatCompletions),
                [this](HttpRequest r, HttpResponder s) { handle(r, s, OpenAiRequest::Kind::Chat); });
    http->route("POST", QLatin1String(Endpoint::kCompletions),
                [this](HttpRequest r, HttpResponder s) { handle(r, s, OpenAiRequest::Kind::Completion); });
    http->route("GET", QLatin1String(Endpoint::kModels), [this](HttpRequest, HttpResponder s) { models(s); });
}

bool OpenAiApi::isOpenAiPath(const QString &path)
{
    return path == QLatin1String(Endpoint::kChatCompletions) || path == QLatin1String(Endpoint::kCompletions)
           || path == QLatin1String(Endpoint::kModels);
}

HttpResponse OpenAiApi::errorResponse(const Error &error)
{
    HttpResponse r = HttpResponse::json(httpStatus(error.code), openai::errorBody(error));
    const HttpResponse plain = HttpResponse::error(error);
    const QByteArray retry = [&] {
        for (const auto &h : plain.headers) {
            if (h.first == "Retry-After")
                return h.second;
        }
        return QByteArray();
    }();
    if (!retry.isEmpty())
        r.withHeader("Retry-After", retry);
    return r;
}

void OpenAiApi::models(const HttpResponder &responder)
{
    QJsonArray data;
    QSet<QString> seen;
    for (const auto &w : m_queen->registry()->workers()) {
        if (!w.online || seen.contains(w.last.model))
            continue;
        seen.insert(w.last.model);
        data.append(QJsonObject{{QStringLiteral("id"), w.last.model},
                                {QStringLiteral("object"), QStringLiteral("model")},
                                {QStringLiteral("created"), 0},
                                {QStringLiteral("owned_by"), QStringLiteral("rbee")}});
    }
    responder.sendJson(200, {{QStringLiteral("object"), QStringLiteral("list")}, {QStringLiteral("data"), data}});
}

void OpenAiApi::handle(const HttpRequest &request, const HttpResponder &responder, OpenAiRequest::Kind kind)
{
    const auto body = parseJsonObject(request.body);
    if (!body) {
        responder.send(errorResponse(body.error()));
        return;
    }
    const auto parsed = openai::parseRequest(body.value(), kind);
    if (!parsed) {
        responder.send(errorResponse(parsed.error()));
        return;
    }
    const auto job = m_queen->jobs()->submit(parsed->model, parsed->inference);
    if (!job) {
        Error error = job.error();
        // OpenAI clients tell a model that does not exist (404) from one that is busy (503).
        if (error.code == ErrorCode::NoWorker && !m_queen->registry()->knowsModel(parsed->model))
            error.code = ErrorCode::ModelNotFound;
        responder.send(errorResponse(error));
        return;
    }
    job.value()->setClaimed();
    if (parsed->stream)
        stream(job.value(), parsed.value(), responder);
    else
        collect(job.value(), parsed.value(), responder);
}

void OpenAiApi::stream(QueenJob *job, const OpenAiRequest &request, const HttpResponder &responder)
{
    const openai::ResponseIds ids{
        (request.kind == OpenAiRequest::Kind::Chat ? QStringLiteral("chatcmpl-") : QStringLiteral("cmpl-")) + job->id(),
        QDateTime::currentSecsSinceEpoch(), request.model};
    // The response begins when the worker has taken the job (its first event): a job refused,
    // queued out or failed before that is answered with its HTTP status and an error body, as
    // OpenAI does, not with a 200 stream that carries the error.
    enum class Phase { Waiting, Streaming, Answered };
    auto phase = std::make_shared<Phase>(Phase::Waiting);
    auto first = std::make_shared<bool>(true);
    // Every chunk after the first differs only in its text: build the JSON around it once.
    const auto chunkParts = std::make_shared<std::pair<QByteArray, QByteArray>>(textChunkParts(request, ids));
    auto onEvent = [request, ids, responder, phase, first, chunkParts](const SseEvent &e) {
        if (e.event == QLatin1String(StreamEventName::kNarration) || *phase == Phase::Answered)
            return;  // narration is rbee's own; OpenAI clients do not expect it
        if (*phase == Phase::Waiting) {
            if (e.event == QLatin1String(StreamEventName::kError)) {
                responder.send(errorResponse(errorFromSse(e)));
                *phase = Phase::Answered;
                return;
            }
            responder.beginEventStream();
            *phase = Phase::Streaming;
        }
        if (e.event == QLatin1String(StreamEventName::kToken)) {
            if (const auto t = TokenEvent::fromSse(e)) {
                if (*first) {
                    responder.sendEvent(dataEvent(openai::textChunk(request, ids, t->text, true)));
                    *first = false;
                } else {
                    QByteArray quoted = toCompactJsonArray(QJsonArray{t->text});  // ["..."]: Qt's own escaping
                    const QByteArray chunk =
                        "data: " + chunkParts->first + quoted.mid(1, quoted.size() - 2) + chunkParts->second + "\n\n";
                    responder.sendRaw(chunk);
                }
            }
        } else if (e.event == QLatin1String(StreamEventName::kEnd)) {
            if (const auto end = EndEvent::fromSse(e)) {
                if (*first && request.kind == OpenAiRequest::Kind::Chat)
                    responder.sendEvent(dataEvent(openai::textChunk(request, ids, QString(), true)));
                responder.sendEvent(dataEvent(openai::finalChunk(request, ids, end.value())));
                if (request.includeUsage)
                    responder.sendEvent(dataEvent(openai::usageChunk(request, ids, end.value())));
            }
        } else if (e.event == QLatin1String(StreamEventName::kError)) {
            responder.sendEvent(dataEvent(openai::errorBody(errorFromSse(e))));
        }
        // started is rbee's own too: it only opens the response.
    };
    for (const SseEvent &e : job->events())
        onEvent(e);
    job->followLive();
    const QString id = job->id();
    auto finishStream = [this, job, responder, phase, id] {
        if (*phase == Phase::Streaming) {
            responder.sendEvent(SseEvent::done());
            responder.endEventStream();
        } else if (*phase == Phase::Waiting) {  // ended with no event at all (cancelled)
            responder.send(errorResponse(job->outcome() == QueenJob::Outcome::Failed
                                             ? job->error()
                                             : Error{ErrorCode::Cancelled, QStringLiteral("the job was cancelled")}));
        }
        m_queen->jobs()->forget(id);
    };
    if (job->isFinished()) {
        finishStream();
        return;
    }
    connect(job, &QueenJob::eventAdded, this, onEvent);
    connect(job, &QueenJob::ended, this, finishStream);
    cancelOnClose(this, job, responder);
}

void OpenAiApi::collect(QueenJob *job, const OpenAiRequest &request, const HttpResponder &responder)
{
    const openai::ResponseIds ids{
        (request.kind == OpenAiRequest::Kind::Chat ? QStringLiteral("chatcmpl-") : QStringLiteral("cmpl-")) + job->id(),
        QDateTime::currentSecsSinceEpoch(), request.model};
    const QString id = job->id();
    auto answer = [this, job, request, ids, responder, id] {
        QString text;
        std::optional<EndEvent> end;
        for (const SseEvent &e : job->events()) {
            if (e.event == QLatin1String(StreamEventName::kToken)) {
                if (const auto t = TokenEvent::fromSse(e))
                    text += t->text;
            } else if (e.event == QLatin1String(StreamEventName::kEnd)) {
                if (const auto parsed = EndEvent::fromSse(e))
                    end = parsed.value();
            }
        }
        if (job->outcome() == QueenJob::Outcome::Failed || !end)
            responder.send(errorResponse(
                job->outcome() == QueenJob::Outcome::Failed
                    ? job->error()
                    : Error{ErrorCode::WorkerError, QStringLiteral("the worker ended without an answer")}));
        else
            responder.sendJson(200, openai::completion(request, ids, text, *end));
        m_queen->jobs()->forget(id);
    };
    if (job->isFinished()) {
        answer();
        return;
    }
    connect(job, &QueenJob::ended, this, answer);
    cancelOnClose(this, job, responder);
}

}  // namespace rbee::core
