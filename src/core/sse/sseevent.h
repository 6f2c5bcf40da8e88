// SseEvent: one Server-Sent Event as written on the wire and as parsed back by SseParser.
#pragma once

#include <QByteArray>
#include <QString>

namespace rbee::core {

struct SseEvent {
    QString event;  // empty means the default "message" event
    QString data;
    QString id;

    // "event: x\ndata: ...\n\n"; multi-line data becomes several data: lines.
    QByteArray serialize() const;
    bool isDone() const { return event.isEmpty() && data == QLatin1String("[DONE]"); }
    static SseEvent done() { return SseEvent{{}, QStringLiteral("[DONE]"), {}}; }
    friend bool operator==(const SseEvent &, const SseEvent &) = default;
};

}  // namespace rbee::core
