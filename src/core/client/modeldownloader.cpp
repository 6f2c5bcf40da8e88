// Download, resume, completion check and failure classification of one model file; see
// modeldownloader.h. Everything runs on the event loop of the thread that owns the downloader.
#include "modeldownloader.h"

#include <filesystem>
#include <system_error>

#include <QDir>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

#include "../logging.h"
#include "contentrange.h"

namespace rbee::core {

namespace {

// Hugging Face paths are /<owner>/<name>/resolve/<revision>/<file>; for other servers the host
// stands in for the repository.
QString repoOf(const QUrl &url)
{
    const QStringList parts = url.path().split(u'/', Qt::SkipEmptyParts);
    if (parts.size() >= 5 && parts.at(2) == QLatin1String("resolve"))
        return parts.at(0) + u'/' + parts.at(1);
    return url.host();
}

QString shortReason(const QNetworkReply &reply)
{
    switch (reply.error()) {
    case QNetworkReply::ConnectionRefusedError: return QStringLiteral("connection refused");
    case QNetworkReply::HostNotFoundError: return QStringLiteral("host not found");
    case QNetworkReply::RemoteHostClosedError: return QStringLiteral("the connection was closed");
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError: return QStringLiteral("no network");
    case QNetworkReply::SslHandshakeFailedError:
        return QStringLiteral("secure connection failed: %1").arg(reply.errorString());
    default: return reply.errorString();
    }
}

}  // namespace

ModelDownloader::ModelDownloader(QNetworkAccessManager *network, QObject *parent)
    : QObject(parent)
    , m_network(network ? network : new QNetworkAccessManager(this))
{
    m_stallTimer.setSingleShot(true);
    connect(&m_stallTimer, &QTimer::timeout, this, [this] {
        if (!m_reply)
            return;
        const QString host = m_reply->url().host();
        fail(Error{ErrorCode::Timeout, QStringLiteral("no data from %1 for %2 s (start again to resume)")
                                           .arg(host)
                                           .arg(m_stallTimeoutMs / 1000.0)});
    });
    m_progressTimer.setSingleShot(true);
    m_progressTimer.setInterval(kProgressIntervalMs);
    connect(&m_progressTimer, &QTimer::timeout, this, [this] {
        if (m_received != m_lastReported)
            emitProgress(true);
    });
}

ModelDownloader::~ModelDownloader()
{
    dropReply();
    m_file.close();
}

std::optional<Error> ModelDownloader::validate(const QString &repo, const QString &file)
{
    static const QRegularExpression repoPattern(
        QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}$"));
    static const QRegularExpression filePattern(QStringLiteral("^[A-Za-z0-9_][A-Za-z0-9._+-]{0,250}\\.gguf$"),
                                                QRegularExpression::CaseInsensitiveOption);
    if (!repoPattern.match(repo).hasMatch() || repo.contains(QLatin1String("..")))
        return Error::badField(QStringLiteral("repo"),
                               QStringLiteral("repository must look like 'owner/name', not '%1'").arg(repo));
    if (!filePattern.match(file).hasMatch() || file.contains(QLatin1String("..")))
        return Error::badField(QStringLiteral("file"),
                               QStringLiteral("file must be a plain '*.gguf' file name, not '%1'").arg(file));
    return std::nullopt;
}

QUrl ModelDownloader::huggingFaceUrl(const QString &repo, const QString &file)
{
    if (validate(repo, file))
        return {};
    QUrl url;
    url.setScheme(QStringLiteral("https"));
    url.setHost(QStringLiteral("huggingface.co"));
    url.setPath(u'/' + repo + QLatin1String("/resolve/main/") + file);
    return url;
}

void ModelDownloader::start(const QUrl &url, const QString &destinationPath)
{
    cancel();
    ++m_generation;
    m_url = url;
    m_requestUrl = url;
    m_redirects = 0;
    m_destination = destinationPath;
    m_received = 0;
    m_total = -1;
    m_restarted = false;
    m_confirming = false;
    m_lastReported = -1;
    m_hash.reset();
    m_hashedOfPart = 0;
    m_sha256.clear();
    m_serverSha256.clear();
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        failSoon(Error{
            ErrorCode::BadRequest,
            QStringLiteral("cannot download '%1': only http and https URLs are supported").arg(url.toDisplayString())});
        return;
    }
    if (destinationPath.isEmpty()) {
        failSoon(Error::badField(QStringLiteral("destination"), QStringLiteral("no destination file given")));
        return;
    }
    const QString part = partPath(destinationPath);
    const QString folder = QFileInfo(destinationPath).absolutePath();
    if (!QDir().mkpath(folder)) {
        failSoon(diskError(part, QStringLiteral("cannot create the folder %1").arg(folder)));
        return;
    }
    m_file.setFileName(part);
    if (!m_file.open(QIODevice::ReadWrite | QIODevice::Append)) {
        failSoon(diskError(part, m_file.errorString()));
        return;
    }
    m_received = m_file.size();
    qCInfo(lcClient).noquote() << "downloading" << url.toDisplayString(QUrl::RemoveQuery) << "to" << part
                               << (m_received > 0 ? QStringLiteral("resuming at %1").arg(m_received) : QString());
    hashPartThenRequest();
}

void ModelDownloader::hashPartThenRequest()
{
    // The digest covers the whole file: the bytes of an earlier attempt first, a piece per turn
    // of the event loop so that a part of gigabytes never blocks it.
    constexpr qint64 kPieceBytes = qint64(8) << 20;
    if (m_hashedOfPart >= m_received) {
        sendRequest();
        return;
    }
    QFile part(m_file.fileName());
    if (!part.open(QIODevice::ReadOnly) || !part.seek(m_hashedOfPart)) {
        fail(diskError(part.fileName(), part.errorString()));
        return;
    }
    const QByteArray piece = part.read(std::min(kPieceBytes, m_received - m_hashedOfPart));
    if (piece.isEmpty()) {
        fail(diskError(part.fileName(), QStringLiteral("the part file shrank while it was read")));
        return;
    }
    m_hash.addData(piece);
    m_hashedOfPart += piece.size();
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, generation] {
            if (generation == m_generation)
                hashPartThenRequest();
        },
        Qt::QueuedConnection);
}

void ModelDownloader::sendRequest()
{
    QNetworkRequest request(m_requestUrl);
    // Hugging Face answers with a redirect to its CDN. Followed here, each hop with a reply of its
    // own: a reply that follows a redirect itself merges the headers of both responses (Qt 6.4
    // may report "Content-Length: 0, <size>" as 0), which made a complete download look cut short.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    // Byte ranges must count bytes of the file itself, not of a compressed transfer.
    request.setRawHeader("Accept-Encoding", "identity");
    request.setHeader(QNetworkRequest::UserAgentHeader, QStringLiteral("rbee/" RBEE_VERSION));
    if (m_received > 0)
        request.setRawHeader("Range", ContentRange::requestFrom(m_received));
    if (!m_token.isEmpty()
        && m_requestUrl.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment)
               == m_url.adjusted(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment))
        request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    m_status = 0;
    m_receivedThisAttempt = 0;
    m_reply = m_network->get(request);
    connect(m_reply, &QNetworkReply::readyRead, this, &ModelDownloader::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &ModelDownloader::onFinished);
    m_stallTimer.start(m_stallTimeoutMs);
}

void ModelDownloader::cancel()
{
    ++m_generation;
    if (!m_reply && !m_file.isOpen())
        return;
    qCInfo(lcClient) << "download cancelled;" << m_received << "bytes kept for a resume";
    dropReply();
    m_stallTimer.stop();
    m_progressTimer.stop();
    m_file.close();
    if (QFileInfo(m_file.fileName()).size() == 0)
        QFile::remove(m_file.fileName());
}

bool ModelDownloader::acceptStatus()
{
    if (m_status != 0)
        return true;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (status == 200) {
        if (m_received > 0) {
            qCInfo(lcClient) << "the server ignored the range request; starting again from zero";
            if (!m_file.resize(0)) {
                fail(diskError(m_file.fileName(), m_file.errorString()));
                return false;
            }
            m_received = 0;
            m_hash.reset();
        }
        m_total = length.isValid() ? length.toLongLong() : -1;
    } else if (status == 206) {
        const ContentRange range = ContentRange::parse(m_reply->rawHeader("Content-Range"));
        if (!range.valid || range.first != m_received) {
            restartFromZero();
            return false;
        }
        m_total = range.total >= 0 ? range.total : length.isValid() ? m_received + length.toLongLong() : -1;
    }
    // Any other status is judged in onFinished(); its body is not the file.
    m_status = status;
    if ((status == 200 || status == 206) && m_reply->hasRawHeader("X-Rbee-Sha256"))
        m_serverSha256 = QString::fromLatin1(m_reply->rawHeader("X-Rbee-Sha256")).trimmed().toLower();
    return true;
}

void ModelDownloader::restartFromZero()
{
    if (m_restarted) {
        fail(Error{ErrorCode::WorkerError, QStringLiteral("%1 answered a byte range that does not match the request")
                                               .arg(m_reply ? m_reply->url().host() : m_url.host())});
        return;
    }
    qCInfo(lcClient) << "the part on disk does not match the server's file; starting again from zero";
    m_restarted = true;
    dropReply();
    if (!m_file.resize(0)) {
        fail(diskError(m_file.fileName(), m_file.errorString()));
        return;
    }
    m_received = 0;
    m_hash.reset();
    sendRequest();
}

void ModelDownloader::onReadyRead()
{
    if (!m_reply)
        return;
    m_stallTimer.start(m_stallTimeoutMs);
    if (!acceptStatus())
        return;
    const QByteArray data = m_reply->readAll();
    if (data.isEmpty() || (m_status != 200 && m_status != 206))
        return;
    if (m_file.write(data) != data.size()) {
        fail(diskError(m_file.fileName(), m_file.errorString()));
        return;
    }
    m_hash.addData(data);
    m_received += data.size();
    m_receivedThisAttempt += data.size();
    emitProgress(false);
}

void ModelDownloader::onFinished()
{
    if (!m_reply)
        return;
    m_stallTimer.stop();
    if (m_reply->bytesAvailable() > 0)
        onReadyRead();
    if (!m_reply || !acceptStatus())
        return;
    const QNetworkReply &reply = *m_reply;
    if (m_status == 416 && m_received > 0) {
        // Nothing after the end of the file: the part is complete, if it has the server's size.
        const ContentRange range = ContentRange::parse(reply.rawHeader("Content-Range"));
        if (range.valid && range.total >= 0 && range.total != m_received) {
            restartFromZero();
            return;
        }
        m_total = m_received;
        complete();
        return;
    }
    if (m_status >= 400) {
        fail(httpError(m_status));
        return;
    }
    if (m_status >= 300 && m_status < 400 && reply.hasRawHeader("Location")) {
        followRedirect();
        return;
    }
    if (reply.error() != QNetworkReply::NoError) {
        fail(networkError(reply));
        return;
    }
    if (m_status != 200 && m_status != 206) {
        fail(Error{ErrorCode::WorkerError,
                   QStringLiteral("%1 answered HTTP %2 instead of the file").arg(reply.url().host()).arg(m_status)});
        return;
    }
    if (m_total < 0 && m_received > 0 && !m_confirming) {
        // A body without a length can be cut short without QNetworkAccessManager noticing (it may
        // even resend the request and report success), so ask for what follows: 416 = complete,
        // 206 = the rest, appended like a resume.
        qCInfo(lcClient) << "download of unknown length ended at" << m_received << "bytes; checking for more";
        m_confirming = true;
        dropReply();
        sendRequest();
        return;
    }
    if (m_total < 0)
        qCWarning(lcClient) << "cannot confirm the size of" << m_url.fileName() << "(the server sends no length)";
    if (m_total >= 0 && m_received != m_total) {
        fail(Error{ErrorCode::WorkerUnreachable,
                   QStringLiteral("cannot reach %1: the download stopped at %2 of %3 bytes (are you offline?)")
                       .arg(reply.url().host())
                       .arg(m_received)
                       .arg(m_total)});
        return;
    }
    complete();
}

bool ModelDownloader::followRedirect()
{
    const QUrl from = m_reply->url();
    const QUrl target = from.resolved(QUrl::fromEncoded(m_reply->rawHeader("Location")));
    if (++m_redirects > kMaxRedirects) {
        fail(Error{ErrorCode::WorkerError, QStringLiteral("%1 redirected too many times").arg(m_url.host())});
        return false;
    }
    if (!target.isValid() || (target.scheme() != QLatin1String("http") && target.scheme() != QLatin1String("https"))
        || target.host().isEmpty()) {
        fail(Error{ErrorCode::WorkerError, QStringLiteral("%1 redirected to '%2', which is not an http(s) URL")
                                               .arg(from.host(), target.toDisplayString(QUrl::RemoveQuery))});
        return false;
    }
    if (from.scheme() == QLatin1String("https") && target.scheme() == QLatin1String("http")) {
        fail(Error{ErrorCode::WorkerError,
                   QStringLiteral("%1 redirected from https to an insecure http URL").arg(m_url.host())});
        return false;
    }
    qCDebug(lcClient).noquote() << "redirected to" << target.toDisplayString(QUrl::RemoveQuery);
    dropReply();
    m_requestUrl = target;
    sendRequest();  // with the same Range: the bytes on disk are still the file's first ones
    return true;
}

void ModelDownloader::complete()
{
    dropReply();
    m_stallTimer.stop();
    const QString part = m_file.fileName();
    if (!m_file.flush()) {
        fail(diskError(part, m_file.errorString()));
        return;
    }
    m_file.close();
    QFile check(part);
    const QByteArray magic = check.open(QIODevice::ReadOnly) ? check.read(4) : QByteArray();
    check.close();
    if (magic != "GGUF") {
        QFile::remove(part);
        fail(Error{ErrorCode::ModelError,
                   QStringLiteral("'%1' from %2 is not a GGUF file").arg(m_url.fileName(), m_url.host())});
        return;
    }
    const QString digest = QString::fromLatin1(m_hash.result().toHex());
    const QString expected = !m_expectedSha256.isEmpty() ? m_expectedSha256
                             : m_trustServerDigest       ? m_serverSha256
                                                         : QString();
    if (!expected.isEmpty() && digest != expected) {
        QFile::remove(part);
        fail(Error{ErrorCode::ModelError,
                   QStringLiteral("'%1' from %2 has SHA-256 %3, expected %4; the file was removed")
                       .arg(m_url.fileName(), m_url.host(), digest, expected)});
        return;
    }
    m_sha256 = digest;
    // rename(2) replaces an existing destination atomically; QFile::rename would refuse.
    std::error_code ec;
    std::filesystem::rename(std::filesystem::path(QFile::encodeName(part).toStdString()),
                            std::filesystem::path(QFile::encodeName(m_destination).toStdString()), ec);
    if (ec) {
        fail(diskError(m_destination, QString::fromLocal8Bit(ec.message())));
        return;
    }
    m_total = m_received;
    emitProgress(true);
    m_progressTimer.stop();
    qCInfo(lcClient).noquote() << "downloaded" << m_destination << '(' << m_received << "bytes)";
    Q_EMIT finished(m_destination);
}

void ModelDownloader::fail(const Error &error)
{
    if ((m_status == 200 || m_status == 206) && m_received != m_lastReported)
        emitProgress(true);  // the bytes that did arrive, before the failure
    dropReply();
    m_stallTimer.stop();
    m_progressTimer.stop();
    if (m_file.isOpen()) {
        m_file.flush();
        m_file.close();
    }
    // A part with data is the start of a later resume; an empty one is litter.
    const QString part = partPath(m_destination);
    if (!m_destination.isEmpty() && QFileInfo::exists(part) && QFileInfo(part).size() == 0)
        QFile::remove(part);
    qCInfo(lcClient).noquote() << "download failed:" << error.message;
    Q_EMIT failed(error);
}

void ModelDownloader::failSoon(const Error &error)
{
    m_file.close();
    const quint64 generation = m_generation;
    QMetaObject::invokeMethod(
        this,
        [this, error, generation] {
            if (generation == m_generation)
                fail(error);
        },
        Qt::QueuedConnection);
}

void ModelDownloader::dropReply()
{
    if (!m_reply)
        return;
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    disconnect(reply, nullptr, this, nullptr);
    if (reply->isRunning())
        reply->abort();
    reply->deleteLater();
}

void ModelDownloader::emitProgress(bool force)
{
    if (!force && m_progressTimer.isActive())
        return;  // the timer reports the newest count when it fires
    m_lastReported = m_received;
    m_progressTimer.start();
    Q_EMIT progress(m_received, m_total);
}

Error ModelDownloader::httpError(int status) const
{
    const QString repo = repoOf(m_url);
    switch (status) {
    case 401:
    case 403:
        return Error{ErrorCode::Unauthorized,
                     QStringLiteral("this repository needs a Hugging Face login ('%1' answered "
                                    "HTTP %2 for '%3')")
                         .arg(repo)
                         .arg(status)
                         .arg(m_url.fileName())};
    case 404: return Error{ErrorCode::NotFound, QStringLiteral("no file '%1' in '%2'").arg(m_url.fileName(), repo)};
    case 408:
    case 504:
        return Error{ErrorCode::Timeout,
                     QStringLiteral("%1 timed out (HTTP %2); try again later").arg(m_url.host()).arg(status)};
    default:
        return Error{
            ErrorCode::WorkerError,
            QStringLiteral("%1 answered HTTP %2 for '%3'").arg(m_url.host()).arg(status).arg(m_url.fileName())};
    }
}

Error ModelDownloader::networkError(const QNetworkReply &reply) const
{
    const QString host = reply.url().host();
    switch (reply.error()) {
    case QNetworkReply::TimeoutError:
    case QNetworkReply::OperationCanceledError:  // a transfer timeout; cancel() emits nothing
        return Error{ErrorCode::Timeout, QStringLiteral("no answer from %1 in time (start again to resume)").arg(host)};
    default: break;
    }
    QString message = QStringLiteral("cannot reach %1: %2 (are you offline?)").arg(host, shortReason(reply));
    if (m_received > 0)
        message += QStringLiteral("; %1 bytes are kept, start again to resume").arg(m_received);
    return Error{ErrorCode::WorkerUnreachable, message};
}

Error ModelDownloader::diskError(const QString &path, const QString &reason) const
{
    return Error{ErrorCode::Internal, QStringLiteral("cannot write %1: %2").arg(path, reason)};
}

}  // namespace rbee::core
