// The cross-site and media-type rules; see requestguards.h and docs/protocol.md.
#include "requestguards.h"

namespace rbee::core {

std::optional<Error> crossSiteError(const HttpRequest &request)
{
    // A browser adds Origin to cross-site requests (and to its own POSTs); rbee's servers serve
    // no pages, so only their own origin may appear: no web page can post to them.
    const QByteArray origin = request.header("origin");
    if (origin.isEmpty())
        return std::nullopt;
    const QByteArray host = request.header("host");
    const QByteArray http = "http://" + host;
    const QByteArray https = "https://" + host;
    if (!host.isEmpty() && (origin == http || origin == https))
        return std::nullopt;
    return Error{ErrorCode::Forbidden,
                 QStringLiteral("cross-site requests are refused (Origin '%1' is not this server)")
                     .arg(QString::fromLatin1(origin.left(200)))};
}

std::optional<Error> mediaTypeError(const HttpRequest &request)
{
    // A form or text/plain body is what a browser may send cross-site without asking first.
    const QByteArray type = request.header("content-type").split(';').first().trimmed().toLower();
    if (type == "application/json")
        return std::nullopt;
    return Error{ErrorCode::UnsupportedMediaType,
                 QStringLiteral("POST bodies must be sent as Content-Type: application/json")};
}

}  // namespace rbee::core
