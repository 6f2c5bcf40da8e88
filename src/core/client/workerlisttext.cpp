// The table and notes of `rbee status`; see workerlisttext.h.
#include "workerlisttext.h"

#include "../json.h"
#include "../protocol/devicereport.h"
#include "../protocol/displaystatus.h"
#include "../terminaltext.h"

#include <QJsonArray>
#include <QStringList>

namespace rbee::core {

namespace {

// Worker-supplied text reaches the terminal only without control characters (escape codes).
QString shown(const QJsonValue &value)
{
    return stripControlCharacters(value.toString());
}

QString number(const QString &text, int width)
{
    return text.rightJustified(width) + QLatin1Char(' ');
}

// The share of prompt tokens taken from the prompt cache, or "-" before any prompt.
QString cachedShare(const QJsonObject &w)
{
    const double cached = w.value(QStringLiteral("prompt_tokens_cached")).toDouble();
    const double decoded = w.value(QStringLiteral("prompt_tokens_decoded")).toDouble();
    if (cached + decoded <= 0)
        return QStringLiteral("-");
    return QStringLiteral("%1%").arg(qRound(100.0 * cached / (cached + decoded)));
}

// "on Vulkan0 · AMD Radeon RX 7800 XT, 3.1 GiB free of 16.0 GiB, 25 of 25 layers on the GPU";
// empty for workers from before devices were reported.
QString deviceNote(const QJsonObject &w)
{
    DeviceReport d;
    JsonObjectReader r(w);
    d.readFrom(r, false);
    if (!r.ok() || d.description.isEmpty())
        return {};
    QStringList parts{stripControlCharacters(d.label())};
    if (!d.memoryText().isEmpty())
        parts << d.memoryText();
    if (d.backend != QLatin1String("CPU") && !d.layersText().isEmpty())
        parts << d.layersText();
    return QStringLiteral("on ") + parts.join(QStringLiteral(", "));
}

QStringList notes(const QJsonObject &w, const QString &ownVersion)
{
    QStringList out;
    if (const QString device = deviceNote(w); !device.isEmpty())
        out << device;
    const auto status = displayStatusFromName(w.value(QStringLiteral("status")).toString());
    if (status == DisplayStatus::Offline || status == DisplayStatus::Stopping) {
        const QString reason = shown(w.value(QStringLiteral("offline_reason")));
        const QString reported = shown(w.value(QStringLiteral("reported_status")));
        QString note = displayStatusName(*status);
        if (!reason.isEmpty() && reason != note)
            note += QStringLiteral(": ") + reason;
        if (!reported.isEmpty() && reported != displayStatusName(*status))
            note += QStringLiteral(" (last reported %1)").arg(reported);
        if (note != displayStatusName(*status))
            out << note;
    }
    const qint64 skewMs = w.value(QStringLiteral("clock_skew_ms")).toInteger();
    if (qAbs(skewMs) > WorkerListText::kSkewNotedAboveMs) {
        const QString seconds = QString::number(double(skewMs) / 1000.0, 'f', 1);
        out << QStringLiteral(
                   "heartbeats arrive %1 s off the worker's clock: the clocks disagree or the network is slow")
                   .arg(skewMs > 0 ? QString(QLatin1Char('+') + seconds) : seconds);
    }
    const QString version = shown(w.value(QStringLiteral("version")));
    if (!version.isEmpty() && !ownVersion.isEmpty() && version != ownVersion)
        out << QStringLiteral("runs rbee-worker %1; this rbee is %2").arg(version, ownVersion);
    return out;
}

}  // namespace

QByteArray WorkerListText::format(const QJsonObject &workersBody, const QString &ownVersion)
{
    const QJsonArray list = workersBody.value(QStringLiteral("workers")).toArray();
    const qint64 timeoutMs = workersBody.value(QStringLiteral("heartbeat_timeout_ms")).toInteger();
    QString out;
    if (list.isEmpty())
        return QByteArray();
    out += tableColumn(QStringLiteral("ID"), 14) + tableColumn(QStringLiteral("MODEL"), 20)
           + tableColumn(QStringLiteral("DEVICE"), 8) + tableColumn(QStringLiteral("URL"), 28)
           + tableColumn(QStringLiteral("STATUS"), 9) + tableColumn(QStringLiteral("SLOTS"), 7)
           + number(QStringLiteral("QUEUE"), 5) + number(QStringLiteral("CTX"), 7) + number(QStringLiteral("TOK/S"), 8)
           + number(QStringLiteral("CACHED"), 6) + tableColumn(QStringLiteral("VERSION"), 8)
           + QStringLiteral("LAST HEARTBEAT\n");
    for (const QJsonValue &v : list) {
        const QJsonObject w = v.toObject();
        const QString slots = QStringLiteral("%1/%2")
                                  .arg(w.value(QStringLiteral("slots_busy")).toInt())
                                  .arg(w.value(QStringLiteral("slots_total")).toInt());
        out +=
            tableColumn(shown(w.value(QStringLiteral("worker_id"))), 14)
            + tableColumn(shown(w.value(QStringLiteral("model"))), 20)
            + tableColumn(shown(w.value(QStringLiteral("device"))), 8)
            + tableColumn(shown(w.value(QStringLiteral("url"))), 28)
            + tableColumn(shown(w.value(QStringLiteral("status"))), 9) + tableColumn(slots, 7)
            + number(QString::number(w.value(QStringLiteral("queue_depth")).toInt()), 5)
            + number(QString::number(w.value(QStringLiteral("ctx_size")).toInt()), 7)
            + number(QString::number(w.value(QStringLiteral("tokens_per_s")).toDouble(), 'f', 1), 8)
            + number(cachedShare(w), 6) + tableColumn(shown(w.value(QStringLiteral("version"))), 8)
            + QStringLiteral("%1 s ago\n")
                  .arg(QString::number(w.value(QStringLiteral("last_heartbeat_age_ms")).toDouble() / 1000.0, 'f', 1));
        for (const QString &note : notes(w, ownVersion))
            out += QStringLiteral("  ") + note + QLatin1Char('\n');
    }
    if (timeoutMs > 0)
        out += QStringLiteral("A worker is offline after %1 s without a heartbeat.\n")
                   .arg(QString::number(double(timeoutMs) / 1000.0, 'g', 6));
    return out.toUtf8();
}

}  // namespace rbee::core
