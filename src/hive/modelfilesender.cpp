// Model files served to peers; see modelfilesender.h.
#include "modelfilesender.h"

#include "core/http/byterange.h"
#include "core/http/httpconnection.h"

namespace rbee::hive {

using core::Error;
using core::ErrorCode;

ModelFileSender::ModelFileSender(const QString &path, const core::HttpResponder &responder)
    : m_file(path)
    , m_responder(responder)
{}

void ModelFileSender::send(const QString &path, const QString &sha256, const core::HttpRequest &request,
                           const core::HttpResponder &responder)
{
    auto *sender = new ModelFileSender(path, responder);
    if (!sender->m_file.open(QIODevice::ReadOnly)) {
        responder.sendError(Error{ErrorCode::Internal,
                                  QStringLiteral("cannot read the model file: %1").arg(sender->m_file.errorString())});
        delete sender;
        return;
    }
    const qint64 size = sender->m_file.size();
    const core::ByteRange range = core::ByteRange::parse(request.header("range"), size);
    core::HttpResponse head;
    head.withHeader("Accept-Ranges", "bytes");
    if (!sha256.isEmpty())
        head.withHeader("X-Rbee-Sha256", sha256.toLatin1());
    if (range.kind == core::ByteRange::Kind::Unsatisfiable) {
        core::HttpResponse refusal = core::HttpResponse::error(Error{
            ErrorCode::BadRequest, QStringLiteral("the range is not satisfiable: the file has %1 bytes").arg(size),
            QStringLiteral("Range")});
        refusal.status = 416;
        refusal.withHeader("Content-Range", "bytes */" + QByteArray::number(size));
        responder.send(refusal);
        delete sender;
        return;
    }
    head.withHeader("Content-Type", "application/octet-stream");
    if (range.kind == core::ByteRange::Kind::Partial) {
        head.status = 206;
        head.withHeader("Content-Range", range.contentRange(size));
    }
    const qint64 first = range.kind == core::ByteRange::Kind::Partial ? range.first : 0;
    sender->m_left = range.kind == core::ByteRange::Kind::Partial ? range.length() : size;
    if (!sender->m_file.seek(first) || !responder.beginBody(head, sender->m_left)) {
        delete sender;
        return;
    }
    core::HttpConnection *connection = responder.connection();
    connect(connection, &core::HttpConnection::bytesWritten, sender, &ModelFileSender::pump);
    connect(connection, &core::HttpConnection::closed, sender, &QObject::deleteLater);
    sender->pump();
}

void ModelFileSender::pump()
{
    if (m_done)
        return;
    while (m_left > 0 && m_responder.isActive() && m_responder.unreadBytes() < kMaxUnreadBytes) {
        const QByteArray piece = m_file.read(std::min(kPieceBytes, m_left));
        if (piece.isEmpty()) {
            m_left = -1;  // the file shrank: end the body short, the client sees the connection close
            break;
        }
        m_left -= piece.size();
        if (!m_responder.writeBody(piece)) {
            m_done = true;
            deleteLater();
            return;
        }
    }
    if (m_left > 0 && m_responder.isActive())
        return;  // more when the client has read some
    m_done = true;
    m_responder.endBody();
    deleteLater();
}

}  // namespace rbee::hive
