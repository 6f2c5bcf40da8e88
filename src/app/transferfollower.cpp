// Following a transfer through the queen's list of hives; see transferfollower.h.
#include "transferfollower.h"

#include "core/client/hivelisttext.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/hivereport.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTimer>

#include <cstdio>
#include <utility>

namespace rbee::app {

using namespace rbee::core;

TransferFollower::TransferFollower(QNetworkAccessManager &nam, CliConnection connection, QString hive, QString model)
    : m_nam(nam)
    , m_connection(std::move(connection))
    , m_hive(std::move(hive))
    , m_model(std::move(model))
{
    m_sinceAccepted.start();
}

void TransferFollower::note(const QString &line)
{
    if (line == m_lastNote)
        return;
    m_lastNote = line;
    std::printf("%s\n", shown(line).constData());
    std::fflush(stdout);
}

std::optional<Result<QString>> TransferFollower::poll()
{
    const auto body = finishJson(m_nam.get(m_connection.request(QLatin1String(Endpoint::kHives))), m_connection);
    if (!body)
        return Result<QString>(body.error());
    const QJsonArray hives = body->value(QStringLiteral("hives")).toArray();
    for (const QJsonValue &v : hives) {
        const QJsonObject h = v.toObject();
        if (h.value(QStringLiteral("name")).toString() != m_hive)
            continue;
        if (!h.value(QStringLiteral("online")).toBool()) {
            note(QStringLiteral("hive %1 is offline; waiting for it to come back and resume").arg(m_hive));
            return std::nullopt;
        }
        // A report the queen received before the pull was accepted may still show an older transfer.
        const qint64 ageMs = h.value(QStringLiteral("last_heartbeat_age_ms")).toInteger();
        if (ageMs >= m_sinceAccepted.elapsed())
            return std::nullopt;
        const auto report = HiveReport::fromJson(h);
        if (!report)
            return Result<QString>(report.error());
        for (const HiveTransfer &t : report->transfers) {
            if (t.model != m_model)
                continue;
            if (t.status == QLatin1String("failed"))
                return Result<QString>(
                    Error{ErrorCode::Internal, QStringLiteral("transfer failed: ") + HiveListText::transferText(t)});
            if (t.status != QLatin1String("done")) {
                note(HiveListText::transferText(t));
                return std::nullopt;
            }
        }
        // Done, or already ended and dropped from the report: the model is in the folder.
        if (const HiveModel *m = report->model(m_model)) {
            QString line =
                QStringLiteral("%1 is on hive %2: %3").arg(m->name, m_hive, HiveListText::sizeText(m->sizeBytes));
            if (!m->sha256.isEmpty())
                line += QStringLiteral(", sha256 ") + m->sha256;
            return Result<QString>(line);
        }
        note(QStringLiteral("waiting for hive %1 to report the transfer of %2").arg(m_hive, m_model));
        return std::nullopt;
    }
    return Result<QString>(
        Error{ErrorCode::HiveUnreachable, QStringLiteral("hive %1 is not in the queen's list (any more)").arg(m_hive)});
}

Result<QString> TransferFollower::run()
{
    std::optional<Result<QString>> outcome;
    QEventLoop loop;
    QTimer timer;
    timer.setInterval(kPollMs);
    QObject::connect(&timer, &QTimer::timeout, &loop, [&] {
        timer.stop();  // one request at a time; a slow queen stretches the interval
        outcome = poll();
        if (outcome)
            loop.quit();
        else
            timer.start();
    });
    timer.start();
    loop.exec();
    return std::move(*outcome);
}

}  // namespace rbee::app
