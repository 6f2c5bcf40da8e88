// OpenAiResponseWriter: answers one OpenAI request from its queen job, read through a JobReader:
// a stream of chunks ending in [DONE], or one completion object at the end. A job that fails
// before the worker took it is answered with its HTTP status and an OpenAI error body, as OpenAI
// does. Deletes itself once the answer is written; deleting it earlier cancels the job.
#pragma once

#include "openaimapping.h"

#include "../http/httpresponder.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <optional>
#include <utility>

namespace rbee::core {

class JobManager;
class JobReader;
class QueenJob;
struct SseEvent;

class OpenAiResponseWriter : public QObject {
    Q_OBJECT
public:
    // Claims `job` and starts answering; `request.stream` picks the shape.
    OpenAiResponseWriter(QueenJob *job, JobManager *jobs, const OpenAiRequest &request, const HttpResponder &responder,
                         QObject *parent = nullptr);

private:
    void onEvent(const SseEvent &event);
    void stream(const SseEvent &event);
    void collect(const SseEvent &event);
    void onEnded();
    void sendToken(const QString &text);

    enum class Phase { Waiting, Streaming, Answered };

    JobReader *m_reader;
    OpenAiRequest m_request;
    openai::ResponseIds m_ids;
    HttpResponder m_responder;
    Phase m_phase = Phase::Waiting;
    bool m_first = true;
    // Every chunk after the first differs only in its text: the JSON around it, built once.
    std::pair<QByteArray, QByteArray> m_chunkParts;
    // Non-streaming: the answer so far.
    QString m_text;
    std::optional<EndEvent> m_end;
};

}  // namespace rbee::core
