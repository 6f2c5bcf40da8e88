// Starting a placed worker on its hive, with fallback; see workerlauncher.h.
#include "workerlauncher.h"

#include "hivecall.h"

#include "../http/httpconnection.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../protocol/workerstartrequest.h"

namespace rbee::core {

WorkerLauncher::WorkerLauncher(PlacementPlan plan, const QString &token, int startTimeoutMs,
                               const HttpResponder &responder, QObject *parent)
    : QObject(parent)
    , m_plan(std::move(plan))
    , m_token(token)
    , m_startTimeoutMs(startTimeoutMs)
    , m_responder(responder)
{}

void WorkerLauncher::start()
{
    tryNext();
}

void WorkerLauncher::tryNext()
{
    while (m_next < m_plan.candidates.size() && m_skippedHives.contains(m_plan.candidates.at(m_next).hive))
        ++m_next;
    if (m_next >= m_plan.candidates.size() || m_attempts >= kMaxAttempts) {
        Error error = m_lastError;
        if (m_refusals.size() > 1)
            error.message = QStringLiteral("no hive started the worker: %1").arg(m_refusals.join(QStringLiteral("; ")));
        fail(error);
        return;
    }
    const int index = m_next++;
    ++m_attempts;
    const PlacementCandidate candidate = m_plan.candidates.at(index);
    WorkerStartRequest request = m_plan.request;
    request.hive.clear();  // the hive's own API has no such field
    request.device = candidate.device;
    qCInfo(lcQueen).noquote() << "starting a worker of" << request.model << "on hive" << candidate.hive << "device"
                              << candidate.device;
    HiveCall::send(this, candidate.hive, candidate.hiveUrl, "POST", QLatin1String(Endpoint::kHiveWorkers),
                   request.toJson(), m_token, m_startTimeoutMs, [this, index, candidate](const HiveAnswer &answer) {
                       const auto started = answer.succeeded() ? WorkerStarted::fromJson(answer.json)
                                                               : Result<WorkerStarted>(answer.error());
                       if (started) {
                           WorkerStarted w = started.value();
                           w.hive = candidate.hive;
                           w.device = candidate.device;
                           QStringList reason = m_refusals;
                           reason << m_plan.describe(index);
                           w.reason = reason.join(QStringLiteral("; "));
                           qCInfo(lcQueen).noquote() << "worker" << w.workerId << "started:" << w.reason;
                           m_responder.sendJson(202, w.toJson());
                           deleteLater();
                           return;
                       }
                       m_lastError = answer.succeeded()
                                         ? Error{ErrorCode::Internal,
                                                 QStringLiteral("hive '%1' answered the start with something else "
                                                                "than a started worker: %2")
                                                     .arg(candidate.hive, started.error().message)}
                                         : started.error();
                       m_refusals << QStringLiteral("%1's %2 refused: %3")
                                         .arg(candidate.hive, candidate.device, m_lastError.message);
                       qCInfo(lcQueen).noquote() << m_refusals.last();
                       if (m_lastError.code == ErrorCode::BadRequest) {
                           fail(m_lastError);  // another hive would refuse the same request
                           return;
                       }
                       if (!answer.answered() || answer.status == 409)
                           m_skippedHives.insert(candidate.hive);
                       tryNext();
                   });
}

void WorkerLauncher::fail(const Error &error)
{
    m_responder.sendError(error);
    deleteLater();
}

}  // namespace rbee::core
