// ModelDownloader: fetches one GGUF file over HTTP(S) into "<destination>.part", resuming a part
// left by an earlier attempt, and renames it into place once it is complete, starts with "GGUF" and
// matches the expected SHA-256 when one is known (hashed as it arrives; a resumed part is hashed
// first, a piece per event-loop turn).
// Classifies every failure once; never blocks, never touches the network beyond the one URL.
#pragma once

#include "../error.h"

#include <QCryptographicHash>
#include <QFile>
#include <QNetworkReply>  // complete type for QPointer
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <optional>

class QNetworkAccessManager;

namespace rbee::core {

class ModelDownloader : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultStallTimeoutMs = 30000;
    static constexpr int kProgressIntervalMs = 100;
    static constexpr int kMaxRedirects = 10;

    // Uses `network` when given (it must outlive this object), otherwise owns one.
    explicit ModelDownloader(QNetworkAccessManager *network = nullptr, QObject *parent = nullptr);
    ~ModelDownloader() override;

    // "owner/name" and a plain "*.gguf" file name; an error naming the field otherwise.
    static std::optional<Error> validate(const QString &repo, const QString &file);
    // https://huggingface.co/<owner/name>/resolve/main/<file>; an empty QUrl when validate() fails.
    static QUrl huggingFaceUrl(const QString &repo, const QString &file);
    static QString partPath(const QString &destinationPath) { return destinationPath + QLatin1String(".part"); }

    // Starts (or resumes) a download; a download already running is cancelled first.
    // Ends with exactly one finished() or failed(), unless cancel() comes first.
    void start(const QUrl &url, const QString &destinationPath);
    // Stops at once and keeps the .part for a later start(); no further signals.
    void cancel();
    bool isRunning() const { return m_reply != nullptr; }
    // No data for this long fails the download with ErrorCode::Timeout.
    void setStallTimeout(int ms) { m_stallTimeoutMs = ms; }
    // Sent as "Authorization: Bearer" to the start() URL's own origin only, never after a
    // redirect elsewhere. Empty (the default): no Authorization header.
    void setBearerToken(const QString &token) { m_token = token; }
    // Lower-case hex; the finished file must match it (else failed() and the part is removed).
    void setExpectedSha256(const QString &hex) { m_expectedSha256 = hex.toLower(); }
    // Without an expected digest, take the server's X-Rbee-Sha256 header as one (a peer hive's).
    void setTrustServerDigest(bool trust) { m_trustServerDigest = trust; }
    // The SHA-256 of the finished file, lower-case hex; empty before finished().
    QString sha256() const { return m_sha256; }

Q_SIGNALS:
    // `received` includes bytes already on disk from an earlier attempt; `total` is -1 when unknown.
    // At most every kProgressIntervalMs, and always once with the final count before finished().
    void progress(qint64 received, qint64 total);
    void finished(const QString &path);
    void failed(const rbee::core::Error &error);

private:
    void sendRequest();
    void hashPartThenRequest();
    void onReadyRead();
    void onFinished();
    // Reads the status of the first response; false when the reply was abandoned for a restart.
    bool acceptStatus();
    // Sends the request again to the reply's Location; false when that is not allowed.
    bool followRedirect();
    void restartFromZero();
    void complete();
    void fail(const Error &error);
    void failSoon(const Error &error);  // from start(): after the caller got back to the event loop
    void dropReply();
    void emitProgress(bool force);
    Error httpError(int status) const;
    Error networkError(const QNetworkReply &reply) const;
    Error diskError(const QString &path, const QString &reason) const;

    QNetworkAccessManager *m_network;
    QPointer<QNetworkReply> m_reply;
    QFile m_file;
    QUrl m_url;         // as given to start(); names the file and repository in messages
    QUrl m_requestUrl;  // where the next request goes: m_url, or where it redirected to
    int m_redirects = 0;
    QString m_destination;
    qint64 m_received = 0;  // bytes in the .part
    qint64 m_total = -1;
    qint64 m_receivedThisAttempt = 0;
    int m_status = 0;  // of the current response once accepted; 0 before
    bool m_restarted = false;
    bool m_confirming = false;  // asked for the bytes after a body of unknown length
    int m_stallTimeoutMs = kDefaultStallTimeoutMs;
    QTimer m_stallTimer;
    QTimer m_progressTimer;
    qint64 m_lastReported = -1;
    quint64 m_generation = 0;
    QString m_token;
    QString m_expectedSha256;
    QString m_serverSha256;
    QString m_sha256;
    bool m_trustServerDigest = false;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    qint64 m_hashedOfPart = 0;  // bumped by start() and cancel(); stale queued failures are dropped
};

}  // namespace rbee::core
