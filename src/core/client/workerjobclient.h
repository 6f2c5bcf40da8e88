// WorkerJobClient: runs one job on one worker over the worker API: POST /v1/inference, then read
// its event stream and hand each event on as it arrives. Classifies every failure once, with
// the texts users see, and says whether another worker may be tried (nothing streamed yet).
#pragma once

#include "../error.h"
#include "../http/clientrequest.h"
#include "../protocol/inferencerequest.h"
#include "../sse/sseevent.h"
#include "../sse/sseparser.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

namespace rbee::core {

class WorkerJobClient : public QObject {
    Q_OBJECT
public:
    // A worker that has not accepted the connection by then is taken as unreachable.
    static constexpr int kConnectTimeoutMs = 2000;

    // Requests go over `nam` when given (the desktop app), else over their own sockets (the queen).
    WorkerJobClient(const QUrl &workerUrl, QNetworkAccessManager *nam = nullptr, QObject *parent = nullptr);
    ~WorkerJobClient() override;
    // Makes this client's requests (submit, stream, cancel) instead of ClientRequest::create;
    // for tests, which script the worker's answers. Set before start().
    void setRequestFactory(ClientRequestFactory factory) { m_requestFactory = std::move(factory); }

    void start(const InferenceRequest &request);
    // Cancels on the worker (DELETE, and closing the stream). No further signals.
    void cancel();
    QString workerJobId() const { return m_jobId; }

Q_SIGNALS:
    // The worker refused or could not be reached before anything was streamed.
    void refused(const rbee::core::Error &error, bool tryAnotherWorker);
    // Comes just before refused() when the worker should get no more jobs for now: it did not
    // accept a connection, or what answered does not speak rbee's worker protocol.
    void outOfService(const QString &reason);
    void eventReceived(const rbee::core::SseEvent &event);
    // The stream ended with [DONE].
    void finished();
    // The stream broke after it had started (worker_lost).
    void lost(const rbee::core::Error &error);

private:
    void onSubmitted();
    void openStream(const QString &path);
    void onStreamData();
    void onStreamFailed(const QString &reason);
    QUrl endpoint(const QString &path) const;
    ClientRequest *newRequest(const QByteArray &method, const QUrl &url, QObject *parent) const;

    QUrl m_workerUrl;
    QNetworkAccessManager *m_nam;
    ClientRequestFactory m_requestFactory;
    QPointer<ClientRequest> m_submit;
    QPointer<ClientRequest> m_stream;
    SseParser m_parser;
    QString m_jobId;
    int m_streamedEvents = 0;
    bool m_done = false;
    bool m_cancelled = false;
};

}  // namespace rbee::core
