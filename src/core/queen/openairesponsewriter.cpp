// One OpenAI answer written from a job's events; see openairesponsewriter.h.
#include "openairesponsewriter.h"

#include "jobreader.h"
#include "openaiapi.h"

#include "../http/httpconnection.h"
#include "../json.h"

#include <QDateTime>
#include <QJsonArray>

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

openai::ResponseIds responseIds(const OpenAiRequest &request, const QString &jobId)
{
    return {(request.kind == OpenAiRequest::Kind::Chat ? QStringLiteral("chatcmpl-") : QStringLiteral("cmpl-")) + jobId,
            QDateTime::currentSecsSinceEpoch(), request.model};
}
}  // namespace

OpenAiResponseWriter::OpenAiResponseWriter(QueenJob *job, JobManager *jobs, const OpenAiRequest &request,
                                           const HttpResponder &responder, QObject *parent)
    : QObject(parent)
    , m_reader(new JobReader(job, jobs, this))
    , m_request(request)
    , m_ids(responseIds(request, job->id()))
    , m_responder(responder)
{
    if (m_request.stream)
        m_chunkParts = textChunkParts(m_request, m_ids);
    connect(m_reader, &JobReader::eventReceived, this, &OpenAiResponseWriter::onEvent);
    connect(m_reader, &JobReader::ended, this, &OpenAiResponseWriter::onEnded);
    m_reader->bindTo(responder);
    m_reader->start();
}

void OpenAiResponseWriter::onEvent(const SseEvent &event)
{
    // Narration is rbee's own; OpenAI clients do not expect it.
    if (event.event == QLatin1String(StreamEventName::kNarration) || m_phase == Phase::Answered)
        return;
    if (m_request.stream)
        stream(event);
    else
        collect(event);
}

void OpenAiResponseWriter::stream(const SseEvent &e)
{
    // The response begins when the worker has taken the job (its first event): a job refused,
    // queued out or failed before that gets its HTTP status and an error body, not a 200 stream
    // that carries the error.
    if (m_phase == Phase::Waiting) {
        if (e.event == QLatin1String(StreamEventName::kError)) {
            m_responder.send(OpenAiApi::errorResponse(errorFromSse(e)));
            m_phase = Phase::Answered;
            return;
        }
        m_responder.beginEventStream();
        m_phase = Phase::Streaming;
    }
    if (e.event == QLatin1String(StreamEventName::kToken)) {
        if (const auto t = TokenEvent::fromSse(e))
            sendToken(t->text);
    } else if (e.event == QLatin1String(StreamEventName::kEnd)) {
        if (const auto end = EndEvent::fromSse(e)) {
            if (m_first && m_request.kind == OpenAiRequest::Kind::Chat)
                m_responder.sendEvent(dataEvent(openai::textChunk(m_request, m_ids, QString(), true)));
            m_responder.sendEvent(dataEvent(openai::finalChunk(m_request, m_ids, end.value())));
            if (m_request.includeUsage)
                m_responder.sendEvent(dataEvent(openai::usageChunk(m_request, m_ids, end.value())));
        }
    } else if (e.event == QLatin1String(StreamEventName::kError)) {
        m_responder.sendEvent(dataEvent(openai::errorBody(errorFromSse(e))));
    }
    // started is rbee's own too: it only opens the response.
}

void OpenAiResponseWriter::sendToken(const QString &text)
{
    if (m_first) {
        m_responder.sendEvent(dataEvent(openai::textChunk(m_request, m_ids, text, true)));
        m_first = false;
        return;
    }
    const QByteArray quoted = toCompactJsonArray(QJsonArray{text});  // ["..."]: Qt's own escaping
    const QByteArray chunk =
        "data: " + m_chunkParts.first + quoted.mid(1, quoted.size() - 2) + m_chunkParts.second + "\n\n";
    m_responder.sendRaw(chunk);
}

void OpenAiResponseWriter::collect(const SseEvent &e)
{
    if (e.event == QLatin1String(StreamEventName::kToken)) {
        if (const auto t = TokenEvent::fromSse(e))
            m_text += t->text;
    } else if (e.event == QLatin1String(StreamEventName::kEnd)) {
        if (const auto end = EndEvent::fromSse(e))
            m_end = end.value();
    }
}

void OpenAiResponseWriter::onEnded()
{
    const bool failed = m_reader->outcome() == QueenJob::Outcome::Failed;
    if (m_phase == Phase::Streaming) {
        m_responder.sendEvent(SseEvent::done());
        m_responder.endEventStream();
    } else if (m_phase == Phase::Waiting && m_request.stream) {  // ended with no event at all (cancelled)
        m_responder.send(OpenAiApi::errorResponse(
            failed ? m_reader->error() : Error{ErrorCode::Cancelled, QStringLiteral("the job was cancelled")}));
    } else if (!m_request.stream) {
        if (failed || !m_end)
            m_responder.send(OpenAiApi::errorResponse(
                failed ? m_reader->error()
                       : Error{ErrorCode::WorkerError, QStringLiteral("the worker ended without an answer")}));
        else
            m_responder.sendJson(200, openai::completion(m_request, m_ids, m_text, *m_end));
    }
    m_phase = Phase::Answered;
    deleteLater();
}

}  // namespace rbee::core
