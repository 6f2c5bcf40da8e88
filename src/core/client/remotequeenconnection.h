// RemoteQueenConnection: the desktop app attached to a queen elsewhere, over HTTP. Jobs go through
// that queen's job API (QueenJobClient); its workers are mirrored from GET /v1/events into a
// WorkerRegistry in mirror mode, its hives from the same stream into a HiveList; the link reconnects with backoff when
// the stream fails, ends or falls silent, and meanwhile shows the last known workers offline. The remote queen keeps
// its own settings: nothing here changes them. Main thread only.
#pragma once

#include "queenconnection.h"

#include "../sse/sseparser.h"

#include <QPointer>
#include <QTimer>
#include <QUrl>

namespace rbee::core {

class ClientRequest;
class HiveList;

class RemoteQueenConnection : public QueenConnection {
    Q_OBJECT
public:
    // Reconnection delays: the first, doubled after each failure up to the last; a snapshot
    // resets them.
    static constexpr int kFirstRetryMs = 500;
    static constexpr int kMaxRetryMs = 10000;
    // runningJobs() is GET /health's jobs_running, read this often while connected.
    static constexpr int kHealthPollMs = 2000;
    // The events say when a worker changes, not each heartbeat: its heartbeat age is read again
    // from GET /v1/workers this often while connected (times only; the events stay the source).
    static constexpr int kTimesPollMs = 5000;
    // The offline reason of the last known workers while the link is down.
    static constexpr char kUnreachableReason[] = "queen unreachable";

    RemoteQueenConnection(const QUrl &queenUrl, const QString &token, QObject *parent = nullptr);
    ~RemoteQueenConnection() override;

    // A stream that delivers nothing (not even the queen's keep-alive comment) for this long is
    // taken as broken. Default 2.5 x the queen's keep-alive interval (RegistryEvents); a queen
    // run with a shorter RBEE_EVENTS_KEEPALIVE_MS allows a shorter limit. Set before start().
    void setSilenceLimitMs(int ms) { m_silenceLimitMs = ms; }
    int silenceLimitMs() const { return m_silenceLimitMs; }

    // Opens GET /v1/events; link() is Reconnecting until the first snapshot arrives.
    void start();
    QUrl queenUrl() const { return m_queenUrl; }
    // Why the link is down ("401 unauthorized: ...", "Connection refused"); empty when up.
    QString lastError() const override { return m_lastError; }

    JobStream *newJob(const JobSubmission &submission, QObject *parent) override;
    WorkerRegistry *registry() const override;
    HiveList *hives() const override { return m_hives; }
    int runningJobs() const override { return m_runningJobs; }
    Link link() const override { return m_link; }
    QString address() const override;
    QUrl workerQueenUrl() const override { return m_queenUrl; }
    // This computer's address on the events connection (where the queen reaches a worker
    // started here); 127.0.0.1 before the first connection.
    QString workerHost() const override;
    QString token() const override { return m_token; }
    bool isHosted() const override { return false; }
    void forgetWorker(const QString &workerId) override;
    // A remote queen keeps its own policy and heartbeat timeout: these must not be called
    // (Q_ASSERT in debug builds; a logged warning and nothing changed in release builds).
    void setPolicy(SchedulingPolicy policy) override;
    void setHeartbeatTimeoutMs(qint64 ms) override;

private:
    void openEvents();
    void onEventsData();
    void onEvent(const SseEvent &event);
    // The stream failed, ended or fell silent: workers offline, Reconnecting, retry later.
    void linkDown(const QString &reason);
    void setLink(Link link);
    void pollHealth();
    void pollTimes();
    ClientRequest *newRequest(const QByteArray &method, const QString &path);

    QUrl m_queenUrl;
    QString m_token;
    WorkerRegistry *m_registry;
    HiveList *m_hives;
    Link m_link = Link::Reconnecting;
    QString m_lastError;
    QString m_localAddress;
    int m_runningJobs = 0;
    int m_silenceLimitMs;
    int m_retryMs = kFirstRetryMs;
    bool m_started = false;
    QPointer<ClientRequest> m_events;
    QPointer<ClientRequest> m_health;
    QPointer<ClientRequest> m_times;
    SseParser m_parser;
    QTimer m_silence;
    QTimer m_retry;
    QTimer m_healthPoll;
    QTimer m_timesPoll;
};

}  // namespace rbee::core
