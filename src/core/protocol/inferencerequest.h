// InferenceRequest: the validated body of POST /v1/inference (and the sampling part of the
// queen's job API). Every field accepted here is applied by the engine.
#pragma once

#include "../json.h"
#include "../result.h"
#include "chatmessage.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace rbee::core {

struct SamplingParams {
    // The largest context a worker takes (--ctx), so the most max_tokens can be anywhere. The
    // queen checks requests against it; a worker checks them against its own --ctx.
    static constexpr int kMaxContextTokens = 1 << 20;

    int maxTokens = 256;
    double temperature = 0.8;  // 0 = greedy
    double topP = 0.95;
    int topK = 40;  // 0 = off
    double minP = 0.05;
    double repeatPenalty = 1.0;  // 1 = off
    std::optional<quint32> seed;
    QStringList stop;

    // Reads and validates the sampling fields (max_tokens up to maxTokensLimit, temperature,
    // top_p, top_k, min_p, repeat_penalty, seed, stop) into `out`; other fields are not looked
    // at. The one place their names, ranges and rules live: the worker, the queen's job API and
    // the OpenAI mapping all read them here. An absent or null field keeps its default.
    static void read(JsonObjectReader &reader, SamplingParams &out, int maxTokensLimit);
    static QStringList fieldNames();

    friend bool operator==(const SamplingParams &, const SamplingParams &) = default;
};

struct InferenceRequest {
    static constexpr int kMaxStopStrings = 4;
    static constexpr int kMaxStopLength = 256;

    QString prompt;  // exactly one of prompt and messages is set
    QList<ChatMessage> messages;
    SamplingParams sampling;
    // Reuse the longest prefix of the prompt that the worker still holds (its KV cache); false
    // decodes the whole prompt. The output is the same either way.
    bool cachePrompt = true;

    bool isChat() const { return !messages.isEmpty(); }
    QJsonObject toJson() const;
    // The text the queen's cache-aware routing compares: the prompt, or for a chat a canonical
    // rendering of its messages (role and content, each message closed before the next). It
    // only ever appends, so the next turn of a conversation (these messages, the reply, a new
    // message) starts with this turn's text. Not the worker's chat template: the queen does
    // not know it, and routing needs only that equal prefixes render equal.
    QString routingText() const;

    // Validates a worker request; maxTokensLimit is the worker's context size per slot.
    static Result<InferenceRequest> fromJson(const QJsonObject &object, int maxTokensLimit);
    // Reads the prompt/messages and sampling fields into `out` without rejecting other fields,
    // for APIs that embed them (the queen's job API).
    static void read(JsonObjectReader &reader, InferenceRequest &out, int maxTokensLimit);
    static QStringList fieldNames();

    friend bool operator==(const InferenceRequest &, const InferenceRequest &) = default;
};

}  // namespace rbee::core
