// ModelFileSender: answers GET /v1/hive/models/{name}/file: the whole file or the requested byte
// range, streamed from disk a piece at a time as the client reads (never the whole file in
// memory). Owns itself: deleted once the body is sent or the client is gone.
#pragma once

#include "core/http/httpconnection.h"  // complete type for HttpResponder's QPointer
#include "core/http/httprequest.h"
#include "core/http/httpresponder.h"

#include <QFile>
#include <QObject>

namespace rbee::hive {

class ModelFileSender : public QObject {
    Q_OBJECT
public:
    static constexpr qint64 kPieceBytes = 256 * 1024;
    static constexpr qint64 kMaxUnreadBytes = 1024 * 1024;

    // Answers `request` with the file at `path`; `sha256` (hex, may be empty) as X-Rbee-Sha256.
    static void send(const QString &path, const QString &sha256, const core::HttpRequest &request,
                     const core::HttpResponder &responder);

private:
    ModelFileSender(const QString &path, const core::HttpResponder &responder);
    void pump();

    QFile m_file;
    core::HttpResponder m_responder;
    qint64 m_left = 0;
    bool m_done = false;
};

}  // namespace rbee::hive
