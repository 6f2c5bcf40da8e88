// SseEvent: one Server-Sent Event as written on the wire and as parsed back by SseParser.
#pragma once

#include <QByteArray>
#include <QString>

#include <utility>

namespace rbee::core {

struct SseEvent {
    SseEvent() = default;
    SseEvent(QString eventName, QString eventData, QString eventId = {}, QByteArray rawBytes = {})
        : event(std::move(eventName))
        , data(std::move(eventData))
        , id(std::move(eventId))
        , raw(std::move(rawBytes))
    {}

    QString event;  // empty means the default "message" event
    QString data;
    QString id;
    // The event exactly as it arrived, when it was parsed (SseParser fills it): relaying it costs
    // no re-serialisation. Not part of the event's identity.
    QByteArray raw;

    // "event: x\ndata: ...\n\n"; multi-line data becomes several data: lines.
    QByteArray serialize() const;
    bool isDone() const { return event.isEmpty() && data == QLatin1String("[DONE]"); }
    static SseEvent done() { return SseEvent{{}, QStringLiteral("[DONE]"), {}, {}}; }
    friend bool operator==(const SseEvent &a, const SseEvent &b)
    {
        return a.event == b.event && a.data == b.data && a.id == b.id;
    }
};

}  // namespace rbee::core
