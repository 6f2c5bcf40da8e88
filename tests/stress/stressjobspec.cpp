// Requests of a stress job; see stressjobspec.h.
#include "stressjobspec.h"

#include "core/json.h"

#include <QJsonArray>
#include <QJsonObject>

namespace rbee::test {

QString stressApiName(StressApi api)
{
    switch (api) {
    case StressApi::Worker: return QStringLiteral("worker");
    case StressApi::QueenJobs: return QStringLiteral("queen-jobs");
    case StressApi::OpenAiCompletions: return QStringLiteral("openai-completions");
    case StressApi::OpenAiChat: return QStringLiteral("openai-chat");
    }
    return {};
}

QString stressActionName(StressAction action)
{
    switch (action) {
    case StressAction::ReadFull: return QStringLiteral("read-full");
    case StressAction::HangUpMidStream: return QStringLiteral("hang-up-mid-stream");
    case StressAction::CancelBeforeStream: return QStringLiteral("cancel-before-stream");
    case StressAction::CancelBeforeStreamThenRead: return QStringLiteral("cancel-before-stream-then-read");
    case StressAction::CancelDuringStream: return QStringLiteral("cancel-during-stream");
    case StressAction::NeverOpen: return QStringLiteral("never-open");
    case StressAction::OpenTwice: return QStringLiteral("open-twice");
    }
    return {};
}

QByteArray StressJobSpec::requestBody(const QString &model) const
{
    QJsonObject o{{QStringLiteral("max_tokens"), maxTokens},
                  {QStringLiteral("temperature"), temperature},
                  {QStringLiteral("seed"), qint64(seed)}};
    if (!stop.isEmpty())
        o.insert(QStringLiteral("stop"), QJsonArray::fromStringList(stop));
    switch (api) {
    case StressApi::Worker: o.insert(QStringLiteral("prompt"), prompt); break;
    case StressApi::QueenJobs:
        o.insert(QStringLiteral("operation"), QStringLiteral("infer"));
        o.insert(QStringLiteral("model"), model);
        o.insert(QStringLiteral("prompt"), prompt);
        break;
    case StressApi::OpenAiCompletions:
        o.insert(QStringLiteral("model"), model);
        o.insert(QStringLiteral("prompt"), prompt);
        o.insert(QStringLiteral("stream"), true);
        o.insert(QStringLiteral("stream_options"), QJsonObject{{QStringLiteral("include_usage"), true}});
        break;
    case StressApi::OpenAiChat:
        o.insert(QStringLiteral("model"), model);
        o.insert(QStringLiteral("messages"), QJsonArray{QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                                                                    {QStringLiteral("content"), prompt}}});
        o.insert(QStringLiteral("stream"), true);
        break;
    }
    return core::toCompactJson(o);
}

QString StressJobSpec::submitPath() const
{
    switch (api) {
    case StressApi::Worker: return QStringLiteral("/v1/inference");
    case StressApi::QueenJobs: return QStringLiteral("/v1/jobs");
    case StressApi::OpenAiCompletions: return QStringLiteral("/v1/completions");
    case StressApi::OpenAiChat: return QStringLiteral("/v1/chat/completions");
    }
    return {};
}

QString StressJobSpec::cancelPath(const QString &jobId) const
{
    return (api == StressApi::Worker ? QStringLiteral("/v1/inference/") : QStringLiteral("/v1/jobs/")) + jobId;
}

}  // namespace rbee::test
