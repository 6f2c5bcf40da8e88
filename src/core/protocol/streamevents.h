// The events of an inference stream: started, token, end, error, then the [DONE] sentinel.
// Workers write them; the queen relays them unchanged; the app and the CLI read them.
#pragma once

#include "../error.h"
#include "../result.h"
#include "../sse/sseevent.h"

#include <QString>

#include <optional>

namespace rbee::core {

namespace StreamEventName {
inline constexpr char kStarted[] = "started";
inline constexpr char kToken[] = "token";
inline constexpr char kEnd[] = "end";
inline constexpr char kError[] = "error";
// The queen's sentence on a scheduling decision (a job stream only, before started).
inline constexpr char kNarration[] = "narration";
}  // namespace StreamEventName

enum class StopReason { Length, Stop, Eos, Cancelled };
QString stopReasonName(StopReason reason);
std::optional<StopReason> stopReasonFromName(const QString &name);

struct StartedEvent {
    QString jobId;
    QString workerId;
    QString model;
    int promptTokens = 0;
    int cachedTokens = 0;  // prompt tokens taken from the worker's prompt cache, not decoded

    SseEvent toSse() const;
    static Result<StartedEvent> fromSse(const SseEvent &event);
};

struct TokenEvent {
    QString text;
    int index = 0;

    SseEvent toSse() const;
    static Result<TokenEvent> fromSse(const SseEvent &event);
};

struct EndEvent {
    StopReason stopReason = StopReason::Length;
    int tokens = 0;
    int promptTokens = 0;
    double ttftMs = 0.0;
    double tokensPerS = 0.0;
    int cachedTokens = 0;  // as in StartedEvent

    SseEvent toSse() const;
    static Result<EndEvent> fromSse(const SseEvent &event);
};

SseEvent errorSseEvent(const Error &error);
// The Error carried by an `error` event; a malformed one reads as a worker_error saying so.
Error errorFromSse(const SseEvent &event);

}  // namespace rbee::core
