// OpenAI endpoints over QueenServer's JobManager; see openaiapi.h.
#include "openaiapi.h"

#include "openairesponsewriter.h"
#include "queenserver.h"

#include "../json.h"
#include "../protocol/endpoints.h"

#include <QJsonArray>
#include <QSet>

namespace rbee::core {

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
    new OpenAiResponseWriter(job.value(), m_queen->jobs(), parsed.value(), responder, this);
}

}  // namespace rbee::core
