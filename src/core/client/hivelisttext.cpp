// The table and detail lines of `rbee hives`; see hivelisttext.h.
#include "hivelisttext.h"

#include "../protocol/hivereport.h"
#include "../terminaltext.h"

#include <QJsonArray>
#include <QStringList>

namespace rbee::core {

namespace {

QString shown(const QString &text)
{
    return stripControlCharacters(text);
}

QString memoryText(qint64 freeBytes, qint64 totalBytes)
{
    if (totalBytes <= 0)
        return QStringLiteral("-");
    return QStringLiteral("%1 free of %2").arg(HiveListText::sizeText(freeBytes), HiveListText::sizeText(totalBytes));
}

QString parametersText(qint64 parameters)
{
    if (parameters >= 1000000000)
        return QStringLiteral("%1 B params").arg(double(parameters) / 1e9, 0, 'f', 1);
    if (parameters >= 1000000)
        return QStringLiteral("%1 M params").arg(double(parameters) / 1e6, 0, 'f', 1);
    return QStringLiteral("%1 params").arg(parameters);
}

QString deviceLine(const ListedDevice &d)
{
    QString kind = d.gpu ? QStringLiteral("GPU") : QStringLiteral("CPU");
    if (d.software)
        kind += QStringLiteral(", software");
    return QStringLiteral("device %1 (%2): %3")
        .arg(shown(d.label()), kind, memoryText(d.memoryFreeBytes, d.memoryTotalBytes));
}

QString modelLine(const HiveModel &m)
{
    QStringList facts{HiveListText::sizeText(m.sizeBytes)};
    if (!m.architecture.isEmpty())
        facts << shown(m.architecture);
    if (m.parameters > 0)
        facts << parametersText(m.parameters);
    if (!m.quantization.isEmpty())
        facts << shown(m.quantization);
    if (m.contextLength > 0)
        facts << QStringLiteral("trained ctx %1").arg(m.contextLength);
    return QStringLiteral("model %1: %2").arg(shown(m.name), facts.join(QStringLiteral(", ")));
}

QString workerLine(const HiveWorker &w)
{
    QString line = QStringLiteral("worker %1: %2").arg(shown(w.workerId), shown(w.model));
    if (!w.device.isEmpty())
        line += QStringLiteral(" on ") + shown(w.device);
    line += QStringLiteral(", ") + shown(w.status);
    if (!w.exitText.isEmpty())
        line += QStringLiteral(" (") + shown(w.exitText) + QLatin1Char(')');
    if (!w.url.isEmpty())
        line += QStringLiteral(", ") + shown(w.url);
    if (w.pid > 0)
        line += QStringLiteral(", pid %1").arg(w.pid);
    return line;
}

}  // namespace

QString HiveListText::sizeText(qint64 bytes)
{
    static const char *const kUnits[] = {"KiB", "MiB", "GiB", "TiB"};
    if (bytes < 1024)
        return QStringLiteral("%1 B").arg(bytes);
    double value = double(bytes) / 1024.0;
    int unit = 0;
    while (value >= 1024.0 && unit < 3) {
        value /= 1024.0;
        ++unit;
    }
    return QStringLiteral("%1 %2").arg(value, 0, 'f', 1).arg(QLatin1String(kUnits[unit]));
}

QString HiveListText::transferText(const HiveTransfer &t)
{
    QString progress = sizeText(t.receivedBytes);
    if (t.totalBytes > 0) {
        progress += QStringLiteral(" of %1 (%2%)")
                        .arg(sizeText(t.totalBytes))
                        .arg(qBound(qint64(0), t.receivedBytes * 100 / t.totalBytes, qint64(100)));
    }
    QString text = QStringLiteral("%1 from %2: %3, %4").arg(shown(t.model), shown(t.source), progress, shown(t.status));
    if (!t.error.isEmpty())
        text += QStringLiteral(": ") + shown(t.error);
    return text;
}

QByteArray HiveListText::format(const QJsonObject &hivesBody)
{
    const QJsonArray list = hivesBody.value(QStringLiteral("hives")).toArray();
    if (list.isEmpty())
        return QByteArray();
    QString out = tableColumn(QStringLiteral("NAME"), 12) + tableColumn(QStringLiteral("URL"), 28)
                  + tableColumn(QStringLiteral("STATUS"), 8) + tableColumn(QStringLiteral("CORES"), 5)
                  + tableColumn(QStringLiteral("RAM"), 26) + tableColumn(QStringLiteral("DISK FREE"), 10)
                  + tableColumn(QStringLiteral("MODELS"), 6) + tableColumn(QStringLiteral("WORKERS"), 7)
                  + QStringLiteral("LAST REPORT\n");
    for (const QJsonValue &v : list) {
        const QJsonObject h = v.toObject();
        const QString age =
            QStringLiteral("%1 s ago")
                .arg(QString::number(h.value(QStringLiteral("last_heartbeat_age_ms")).toDouble() / 1000.0, 'f', 1));
        const QString status = shown(h.value(QStringLiteral("status")).toString());
        const auto report = HiveReport::fromJson(h);
        if (!report) {
            // A hive of another version may send what this rbee cannot read: say so, show what is sure.
            out += tableColumn(shown(h.value(QStringLiteral("name")).toString()), 12)
                   + tableColumn(shown(h.value(QStringLiteral("url")).toString()), 28) + tableColumn(status, 8) + age
                   + QLatin1Char('\n');
            out += QStringLiteral("  report not readable: ") + shown(report.error().message) + QLatin1Char('\n');
            continue;
        }
        const HiveReport &r = report.value();
        out +=
            tableColumn(shown(r.name), 12) + tableColumn(shown(r.url), 28) + tableColumn(status, 8)
            + tableColumn(QString::number(r.cpuCores), 5) + tableColumn(memoryText(r.ramFreeBytes, r.ramTotalBytes), 26)
            + tableColumn(sizeText(r.diskFreeBytes), 10) + tableColumn(QString::number(r.models.size()), 6)
            + tableColumn(QStringLiteral("%1/%2").arg(r.workers.size()).arg(r.maxWorkers), 7) + age + QLatin1Char('\n');
        for (const ListedDevice &d : r.devices)
            out += QStringLiteral("  ") + deviceLine(d) + QLatin1Char('\n');
        for (const HiveModel &m : r.models)
            out += QStringLiteral("  ") + modelLine(m) + QLatin1Char('\n');
        for (const HiveWorker &w : r.workers)
            out += QStringLiteral("  ") + workerLine(w) + QLatin1Char('\n');
        for (const HiveTransfer &t : r.transfers)
            out += QStringLiteral("  transfer ") + transferText(t) + QLatin1Char('\n');
    }
    const qint64 timeoutMs = hivesBody.value(QStringLiteral("heartbeat_timeout_ms")).toInteger();
    if (timeoutMs > 0)
        out += QStringLiteral("A hive is offline after %1 s without a report.\n")
                   .arg(QString::number(double(timeoutMs) / 1000.0, 'g', 6));
    return out.toUtf8();
}

}  // namespace rbee::core
