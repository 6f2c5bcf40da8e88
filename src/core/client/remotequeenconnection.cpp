// The app attached to a remote queen; see remotequeenconnection.h.
#include "remotequeenconnection.h"

#include "hivelist.h"
#include "queenjobclient.h"

#include "../http/clientrequest.h"
#include "../json.h"
#include "../logging.h"
#include "../protocol/endpoints.h"
#include "../protocol/registryevents.h"
#include "../registry/workerregistry.h"

#include <QJsonArray>

namespace rbee::core {

namespace {
// How long the queen has to accept the events connection, and to answer it or /health.
constexpr int kConnectTimeoutMs = 5000;
constexpr int kLinkHeadersTimeoutMs = 10000;

// "401 unauthorized: the token is wrong" from a queen's JSON error body.
QString describeAnswer(int status, const QByteArray &body)
{
    const auto json = parseJsonObject(body);
    const QJsonObject e = json ? json->value(QStringLiteral("error")).toObject() : QJsonObject();
    const QString code = e.value(QStringLiteral("code")).toString();
    const QString message = e.value(QStringLiteral("message")).toString();
    if (!code.isEmpty())
        return QStringLiteral("%1 %2: %3").arg(QString::number(status), code, message);
    return QStringLiteral("%1: %2").arg(QString::number(status), QString::fromUtf8(body).trimmed().left(200));
}
}  // namespace

RemoteQueenConnection::RemoteQueenConnection(const QUrl &queenUrl, const QString &token, QObject *parent)
    : QueenConnection(parent)
    , m_queenUrl(queenUrl)
    , m_token(token)
    , m_registry(new WorkerRegistry(Clock::system(), this))
    , m_hives(new HiveList(this))
    , m_silenceLimitMs(RegistryEvents::kKeepAliveIntervalMs * 5 / 2)
{
    m_registry->setMirror(true);
    m_silence.setSingleShot(true);
    m_silence.setTimerType(Qt::PreciseTimer);
    connect(&m_silence, &QTimer::timeout, this,
            [this] { linkDown(QStringLiteral("no word from the queen for %1 s").arg(m_silenceLimitMs / 1000.0)); });
    m_retry.setSingleShot(true);
    m_retry.setTimerType(Qt::PreciseTimer);
    connect(&m_retry, &QTimer::timeout, this, &RemoteQueenConnection::openEvents);
    connect(&m_healthPoll, &QTimer::timeout, this, &RemoteQueenConnection::pollHealth);
    connect(&m_timesPoll, &QTimer::timeout, this, &RemoteQueenConnection::pollTimes);
}

RemoteQueenConnection::~RemoteQueenConnection()
{
    if (m_events)
        m_events->abort();
    if (m_health)
        m_health->abort();
    if (m_times)
        m_times->abort();
}

void RemoteQueenConnection::start()
{
    if (m_started)
        return;
    m_started = true;
    openEvents();
}

ClientRequest *RemoteQueenConnection::newRequest(const QByteArray &method, const QString &path)
{
    QUrl url = m_queenUrl;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path);
    // Own sockets: the events stream stays open for good and must not take one of QNAM's six
    // connections per host, and its socket tells this computer's address.
    ClientRequest *request = ClientRequest::create(nullptr, method, url, this);
    if (!m_token.isEmpty())
        request->setHeader("Authorization", "Bearer " + m_token.toUtf8());
    request->setConnectTimeout(kConnectTimeoutMs);
    request->setHeadersTimeout(kLinkHeadersTimeoutMs);
    return request;
}

void RemoteQueenConnection::openEvents()
{
    m_parser.reset();
    m_events = newRequest("GET", QLatin1String(Endpoint::kEvents));
    m_events->setHeader("Accept", "text/event-stream");
    ClientRequest *events = m_events;
    connect(events, &ClientRequest::headersReceived, this, [this, events](int status) {
        if (status == 200 && !events->localAddress().isEmpty())
            m_localAddress = events->localAddress();
    });
    connect(events, &ClientRequest::dataReceived, this, &RemoteQueenConnection::onEventsData);
    connect(events, &ClientRequest::finished, this, [this, events] {
        const int status = events->status();
        linkDown(status == 200 ? QStringLiteral("the queen ended the event stream")
                               : describeAnswer(status, events->takeBody()));
    });
    connect(events, &ClientRequest::failed, this, [this](const QString &reason) { linkDown(reason); });
    m_silence.start(m_silenceLimitMs);
    events->start();
}

void RemoteQueenConnection::onEventsData()
{
    if (!m_events || m_events->status() != 200)
        return;                         // an error body is read whole when it has arrived
    m_silence.start(m_silenceLimitMs);  // a keep-alive comment counts
    const QPointer<ClientRequest> events(m_events);
    for (const SseEvent &event : m_parser.feed(m_events->takeBody())) {
        onEvent(event);
        if (m_events != events)
            return;  // the link went down while handling it
    }
}

void RemoteQueenConnection::onEvent(const SseEvent &event)
{
    const qint64 now = m_registry->clock().nowMs();
    const auto json = parseJsonObject(event.data.toUtf8());
    if (!json) {
        qCWarning(lcClient).noquote() << "the queen sent an event that is not JSON:" << event.event;
        return;
    }
    if (event.event == QLatin1String(RegistryEvents::kSnapshot)) {
        QList<WorkerRecord> records;
        for (const QJsonValue &v : json->value(QStringLiteral("workers")).toArray()) {
            const auto record = WorkerRecord::fromJson(v.toObject(), now);
            if (record)
                records.append(record.value());
            else
                qCWarning(lcClient).noquote()
                    << "a worker in the queen's snapshot is unreadable:" << record.error().message;
        }
        m_registry->mirrorAll(records);
        // The queen follows its snapshot with one `hive` event per hive it knows: the list starts
        // again from those.
        m_hives->replaceAll({});
        if (!m_lastError.isEmpty() || m_link != Link::Connected)
            qCInfo(lcClient).noquote() << "connected to the queen at" << m_queenUrl.toString() << "with"
                                       << records.size() << "workers";
        m_lastError.clear();
        m_retryMs = kFirstRetryMs;
        setLink(Link::Connected);
        pollHealth();
        m_healthPoll.start(kHealthPollMs);
        m_timesPoll.start(kTimesPollMs);
    } else if (event.event == QLatin1String(RegistryEvents::kWorker)) {
        const auto record = WorkerRecord::fromJson(json.value(), now);
        if (record)
            m_registry->mirrorOne(record.value());
        else
            qCWarning(lcClient).noquote() << "a worker event from the queen is unreadable:" << record.error().message;
    } else if (event.event == QLatin1String(RegistryEvents::kWorkerRemoved)) {
        m_registry->remove(json->value(QStringLiteral("worker_id")).toString());
    } else if (event.event == QLatin1String(RegistryEvents::kHive)) {
        const auto record = HiveRecord::fromJson(json.value(), now);
        if (record)
            m_hives->upsert(record.value());
        else
            qCWarning(lcClient).noquote() << "a hive event from the queen is unreadable:" << record.error().message;
    } else if (event.event == QLatin1String(RegistryEvents::kHiveRemoved)) {
        m_hives->remove(json->value(QStringLiteral("name")).toString());
    }
    // Other kinds of events are later additions to the same stream: skipped.
}

void RemoteQueenConnection::linkDown(const QString &reason)
{
    if (m_events) {
        m_events->disconnect(this);
        m_events->abort();
        m_events->deleteLater();
    }
    m_silence.stop();
    m_healthPoll.stop();
    m_timesPoll.stop();
    for (ClientRequest *poll : {m_health.data(), m_times.data()}) {
        if (poll) {
            poll->abort();
            poll->deleteLater();
        }
    }
    if (reason != m_lastError)  // logged once, not at every retry
        qCWarning(lcClient).noquote() << "the link to the queen at" << m_queenUrl.toString() << "is down:" << reason;
    m_lastError = reason;
    m_runningJobs = 0;
    m_registry->mirrorOffline(QLatin1String(kUnreachableReason));
    m_hives->markAllOffline(QLatin1String(kUnreachableReason));
    setLink(Link::Reconnecting);
    m_retry.start(m_retryMs);
    m_retryMs = qMin(m_retryMs * 2, kMaxRetryMs);
}

void RemoteQueenConnection::setLink(Link link)
{
    if (m_link == link)
        return;
    m_link = link;
    Q_EMIT linkChanged();
}

void RemoteQueenConnection::pollHealth()
{
    if (m_health)
        return;  // the last one has not answered yet
    m_health = newRequest("GET", QLatin1String(Endpoint::kHealth));
    ClientRequest *health = m_health;
    connect(health, &ClientRequest::finished, this, [this, health] {
        health->deleteLater();
        const auto json = health->status() == 200 ? parseJsonObject(health->takeBody())
                                                  : Result<QJsonObject>(Error{ErrorCode::Internal, QString()});
        if (json && m_link == Link::Connected)
            m_runningJobs = json->value(QStringLiteral("jobs_running")).toInt();
    });
    connect(health, &ClientRequest::failed, health, &QObject::deleteLater);
    health->start();
}

void RemoteQueenConnection::pollTimes()
{
    if (m_times)
        return;
    m_times = newRequest("GET", QLatin1String(Endpoint::kWorkers));
    ClientRequest *times = m_times;
    connect(times, &ClientRequest::finished, this, [this, times] {
        times->deleteLater();
        const auto json = times->status() == 200 ? parseJsonObject(times->takeBody())
                                                 : Result<QJsonObject>(Error{ErrorCode::Internal, QString()});
        if (!json || m_link != Link::Connected)
            return;
        const qint64 now = m_registry->clock().nowMs();
        for (const QJsonValue &v : json->value(QStringLiteral("workers")).toArray()) {
            if (const auto record = WorkerRecord::fromJson(v.toObject(), now))
                m_registry->mirrorTimes(record.value());
        }
    });
    connect(times, &ClientRequest::failed, times, &QObject::deleteLater);
    times->start();
}

JobStream *RemoteQueenConnection::newJob(const JobSubmission &submission, QObject *parent)
{
    return new QueenJobClient(m_queenUrl, m_token, submission, nullptr, parent);
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

void RemoteQueenConnection::forgetWorker(const QString &workerId)
{
    ClientRequest *request = newRequest("DELETE", Endpoint::worker(workerId));
    connect(request, &ClientRequest::finished, request, [request, workerId] {
        request->deleteLater();
        if (request->status() != 200)
            qCWarning(lcClient).noquote()
                << "the queen did not forget worker" << workerId << ": HTTP" << request->status();
    });
    connect(request, &ClientRequest::failed, request, [request, workerId](const QString &reason) {
        request->deleteLater();
        qCWarning(lcClient).noquote() << "the queen did not forget worker" << workerId << ":" << reason;
    });
    request->start();
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
