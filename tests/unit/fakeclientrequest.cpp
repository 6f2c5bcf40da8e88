// Scripted requests for JobManager's tests; see fakeclientrequest.h.
#include "fakeclientrequest.h"

#include "core/json.h"

#include <QJsonObject>

#include <utility>

namespace rbee::test {

FakeRequest::FakeRequest(FakeTransport *transport, int index, const QByteArray &method, const QUrl &url,
                         QObject *parent)
    : ClientRequest(method, url, parent)
    , m_transport(transport)
    , m_index(index)
{}

void FakeRequest::start()
{
    m_transport->log()[m_index].body = m_body;
    setState(State::Started);
}

void FakeRequest::abort()
{
    setState(State::Aborted);
}

QByteArray FakeRequest::takeBody()
{
    return std::exchange(m_pending, {});
}

QByteArray FakeRequest::responseHeader(QByteArrayView lowerName) const
{
    return lowerName == QByteArrayView("content-type") ? m_contentType : QByteArray();
}

void FakeRequest::answer(int status, const QByteArray &body)
{
    if (!live())
        return;
    m_connected = true;
    m_status = status;
    m_contentType = "application/json";
    m_pending = body;
    setState(State::Ended);
    Q_EMIT headersReceived(status);
    Q_EMIT finished();
}

void FakeRequest::accept(const QString &workerJobId)
{
    answer(200, core::toCompactJson(
                    {{QStringLiteral("job_id"), workerJobId},
                     {QStringLiteral("sse_url"), QStringLiteral("/v1/inference/%1/events").arg(workerJobId)}}));
}

void FakeRequest::refuseConnection()
{
    if (!live())
        return;
    m_connected = false;
    setState(State::Ended);
    Q_EMIT failed(QStringLiteral("Connection refused"));
}

void FakeRequest::send(const core::SseEvent &event)
{
    if (!live())
        return;
    if (m_state != State::Streaming) {
        m_connected = true;
        m_status = 200;
        m_contentType = "text/event-stream";
        setState(State::Streaming);
        Q_EMIT headersReceived(200);
    }
    m_pending += event.serialize();
    Q_EMIT dataReceived();
}

void FakeRequest::breakOff()
{
    if (!live())
        return;
    setState(State::Ended);
    Q_EMIT failed(QStringLiteral("Connection reset by peer"));
}

void FakeRequest::endResponse()
{
    if (!live())
        return;
    setState(State::Ended);
    Q_EMIT finished();
}

void FakeRequest::setState(State state)
{
    m_state = state;
    m_transport->log()[m_index].state = state;
}

core::ClientRequestFactory FakeTransport::factory()
{
    return [this](const QByteArray &method, const QUrl &url, QObject *parent) -> core::ClientRequest * {
        auto *request = new FakeRequest(this, int(m_log.size()), method, url, parent);
        m_log.append(Entry{method, url.host().section(u'.', 0, 0), url.path(), {}, {}, request});
        return request;
    };
}

QList<FakeTransport::Entry> FakeTransport::requests(const QByteArray &method, const QString &worker) const
{
    QList<Entry> out;
    for (const Entry &e : m_log) {
        if (e.method == method && (worker.isEmpty() || e.worker == worker))
            out.append(e);
    }
    return out;
}

FakeRequest *FakeTransport::open(const QByteArray &method, const QString &worker) const
{
    for (auto it = m_log.crbegin(); it != m_log.crend(); ++it) {
        if (it->method == method && it->worker == worker && it->request && it->request->live())
            return it->request;
    }
    return nullptr;
}

QList<FakeRequest *> FakeTransport::live(const QByteArray &method) const
{
    QList<FakeRequest *> out;
    for (const Entry &e : m_log) {
        if (e.method == method && e.request && e.request->live() && e.state != FakeRequest::State::Created)
            out.append(e.request);
    }
    return out;
}

}  // namespace rbee::test
