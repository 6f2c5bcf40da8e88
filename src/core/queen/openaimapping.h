// OpenAI-compatible request and response mapping: OpenAI chat/completions bodies to validated
// InferenceRequests, and rbee stream events to OpenAI objects and chunks. Pure functions.
#pragma once

#include "../error.h"
#include "../protocol/inferencerequest.h"
#include "../protocol/streamevents.h"
#include "../result.h"

#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct OpenAiRequest {
    enum class Kind { Chat, Completion };
    Kind kind = Kind::Chat;
    QString model;
    InferenceRequest inference;
    bool stream = false;
    bool includeUsage = false;
};

namespace openai {

Result<OpenAiRequest> parseRequest(const QJsonObject &body, OpenAiRequest::Kind kind);
// {"error":{"message","type","param","code"}}
QJsonObject errorBody(const Error &error);
QString finishReason(StopReason reason);

struct ResponseIds {
    QString id;  // chatcmpl-... / cmpl-...
    qint64 created = 0;
    QString model;
};

QJsonObject completion(const OpenAiRequest &request, const ResponseIds &ids, const QString &text, const EndEvent &end);
// A streamed chunk carrying `text` (roleFirst: the first chat chunk also names the role).
QJsonObject textChunk(const OpenAiRequest &request, const ResponseIds &ids, const QString &text, bool roleFirst);
QJsonObject finalChunk(const OpenAiRequest &request, const ResponseIds &ids, const EndEvent &end);
QJsonObject usageChunk(const OpenAiRequest &request, const ResponseIds &ids, const EndEvent &end);
QJsonObject usage(const EndEvent &end);

}  // namespace openai
}  // namespace rbee::core
