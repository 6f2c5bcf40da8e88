// The app attached to a remote queen; see remotequeenconnection.h.
#include "remotequeenconnection.h"

#include "../logging.h"
#include "../registry/workerregistry.h"

namespace rbee::core {

RemoteQueenConnection::RemoteQueenConnection(const QUrl &queenUrl, const QString &token, QObject *parent)
    : QueenConnection(parent)
    , m_queenUrl(queenUrl)
    , m_token(token)
    , m_registry(new WorkerRegistry(Clock::system(), this))
{}

RemoteQueenConnection::~RemoteQueenConnection() = default;

void RemoteQueenConnection::start() {}

JobStream *RemoteQueenConnection::newJob(const JobSubmission &submission, QObject *parent)
{
    Q_UNUSED(submission);
    Q_UNUSED(parent);
    return nullptr;
}

WorkerRegistry *RemoteQueenConnection::registry() const
{
    return m_registry;
}

QString RemoteQueenConnection::address() const
{
    return QStringLiteral("%1:%2").arg(m_queenUrl.host()).arg(m_queenUrl.port(80));
}

QString RemoteQueenConnection::workerHost() const
{
    return m_localAddress.isEmpty() ? QStringLiteral("127.0.0.1") : m_localAddress;
}

void RemoteQueenConnection::setPolicy(SchedulingPolicy policy)
{
    Q_UNUSED(policy);
    qCWarning(lcClient) << "setPolicy ignored: a remote queen keeps its own policy";
    Q_ASSERT_X(false, "RemoteQueenConnection::setPolicy", "a remote queen keeps its own policy");
}

void RemoteQueenConnection::setHeartbeatTimeoutMs(qint64 ms)
{
    Q_UNUSED(ms);
    qCWarning(lcClient) << "setHeartbeatTimeoutMs ignored: a remote queen keeps its own heartbeat timeout";
    Q_ASSERT_X(false, "RemoteQueenConnection::setHeartbeatTimeoutMs", "a remote queen keeps its own timeout");
}

}  // namespace rbee::core
