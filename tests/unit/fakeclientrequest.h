// FakeRequest: a ClientRequest whose answers a test scripts (status and body, an event stream,
// a refused connection, a broken one), and FakeTransport, the factory that makes them and keeps
// a log of every request that outlives the request itself. The two are one pair: a request
// writes its fate into its transport's log. No sockets; for JobManager's tests.
#pragma once

#include "core/http/clientrequest.h"
#include "core/sse/sseevent.h"

#include <QList>
#include <QPointer>
#include <QString>

namespace rbee::test {

class FakeTransport;

// One request as a worker would answer it. After abort() it says nothing more, like the real
// transports.
class FakeRequest : public core::ClientRequest {
public:
    enum class State { Created, Started, Streaming, Ended, Aborted };

    FakeRequest(FakeTransport *transport, int index, const QByteArray &method, const QUrl &url, QObject *parent);

    void start() override;
    void abort() override;
    int status() const override { return m_status; }
    QByteArray takeBody() override;
    QByteArray responseHeader(QByteArrayView lowerName) const override;

    QUrl url() const { return m_url; }
    QByteArray body() const { return m_body; }
    bool live() const { return m_state != State::Ended && m_state != State::Aborted; }

    // A whole response: status and JSON body.
    void answer(int status, const QByteArray &body);
    // The worker took the job: 200 {"job_id","sse_url"}.
    void accept(const QString &workerJobId);
    // Nobody listens at the worker's address (connected() stays false).
    void refuseConnection();
    // An event on the stream (200 and its headers first, if not sent yet).
    void send(const core::SseEvent &event);
    // The connection breaks mid-response.
    void breakOff();
    // The response ends cleanly, without [DONE].
    void endResponse();

private:
    void setState(State state);

    FakeTransport *m_transport;
    int m_index;
    State m_state = State::Created;
    int m_status = 0;
    QByteArray m_contentType;
    QByteArray m_pending;
};

// Makes the fakes (factory() goes into JobManager::Options) and logs every request: method,
// worker, path, body and what became of it.
class FakeTransport {
public:
    struct Entry {
        QByteArray method;
        QString worker;  // the first label of the worker's host, which the tests make its id
        QString path;
        QByteArray body;
        FakeRequest::State state = FakeRequest::State::Created;
        QPointer<FakeRequest> request;  // null once its client deleted it
    };

    core::ClientRequestFactory factory();

    QList<Entry> &log() { return m_log; }
    // The requests with `method` (to `worker` when given), oldest first.
    QList<Entry> requests(const QByteArray &method, const QString &worker = {}) const;
    // The newest request with `method` to `worker` that is still open; null when none.
    FakeRequest *open(const QByteArray &method, const QString &worker) const;
    // Every started request with `method` that is still open, oldest first.
    QList<FakeRequest *> live(const QByteArray &method) const;

private:
    QList<Entry> m_log;
};

}  // namespace rbee::test
