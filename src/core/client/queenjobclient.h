// QueenJobClient: one job on a queen's job API, read as a JobStream: POST /v1/jobs, then GET its
// stream and relay every event until [DONE]. Every failure (refused, queen unreachable, stream
// broken before [DONE]) becomes one `error` event, classified here once, then ended(). The CLI's
// `rbee infer` and the app attached to a remote queen both read their jobs through it.
#pragma once

#include "jobstream.h"
#include "queenconnection.h"

#include "../error.h"
#include "../http/clientrequest.h"
#include "../sse/sseparser.h"

#include <QPointer>
#include <QUrl>

class QNetworkAccessManager;

namespace rbee::core {

class QueenJobClient : public JobStream {
    Q_OBJECT
public:
    // Requests go over `nam` when given, else over their own sockets. `token` may be empty.
    QueenJobClient(const QUrl &queenUrl, const QString &token, JobSubmission submission,
                   QNetworkAccessManager *nam = nullptr, QObject *parent = nullptr);
    // Closes the stream, which makes the queen cancel a job still running.
    ~QueenJobClient() override;
    // Makes the requests instead of ClientRequest::create; for tests. Set before start().
    void setRequestFactory(ClientRequestFactory factory) { m_requestFactory = std::move(factory); }

    void start() override;
    // DELETE /v1/jobs/{id}; the queen then ends the stream with a cancelled `end` and [DONE].
    // Before the queen has answered the submission, remembered and sent once it has.
    void cancel() override;
    QString jobId() const override { return m_jobId; }

    // The JSON body of POST /v1/jobs for a submission.
    static QJsonObject submissionBody(const JobSubmission &submission);

private:
    void onSubmitted();
    void openStream(const QString &path);
    void onStreamData();
    void onStreamEnded(const QString &reason);
    void sendCancel();
    void fail(const Error &error);
    QUrl endpoint(const QString &path) const;
    ClientRequest *newRequest(const QByteArray &method, const QString &path, QObject *parent) const;
    // The queen's error body as it is, or a readable one naming the queen.
    Error errorOfAnswer(int status, const QByteArray &body) const;

    QUrl m_queenUrl;
    QByteArray m_token;
    JobSubmission m_submission;
    QNetworkAccessManager *m_nam;
    ClientRequestFactory m_requestFactory;
    QPointer<ClientRequest> m_submit;
    QPointer<ClientRequest> m_stream;
    SseParser m_parser;
    QString m_jobId;
    bool m_started = false;
    bool m_cancelRequested = false;
    bool m_cancelSent = false;
    bool m_ended = false;
};

}  // namespace rbee::core
