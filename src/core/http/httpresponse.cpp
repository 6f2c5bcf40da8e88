// Response serialisation: status line, Content-Length, Connection, then the body.
#include "httpresponse.h"

#include "../json.h"

#include <algorithm>

namespace rbee::core {

HttpResponse HttpResponse::json(int status, const QJsonObject &body)
{
    HttpResponse r;
    r.status = status;
    r.withHeader("Content-Type", "application/json");
    r.body = toCompactJson(body);
    r.body += '\n';
    return r;
}

HttpResponse HttpResponse::error(const Error &error)
{
    HttpResponse r = json(httpStatus(error.code), errorBody(error));
    if (error.code == ErrorCode::WorkerBusy || error.code == ErrorCode::WorkerLoading
        || error.code == ErrorCode::WorkerStopping || error.code == ErrorCode::TooManyConnections
        || error.code == ErrorCode::NoWorker) {
        r.withHeader("Retry-After", QByteArray::number(std::max(error.retryAfterS, 1)));
    }
    return r;
}

HttpResponse &HttpResponse::withHeader(const QByteArray &name, const QByteArray &value)
{
    for (auto &h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0) {
            h.second = value;
            return *this;
        }
    }
    headers.append(qMakePair(name, value));
    return *this;
}

QByteArray HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 416: return "Range Not Satisfiable";
    case 431: return "Request Header Fields Too Large";
    case 499: return "Client Closed Request";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Unknown";
    }
}

QByteArray HttpResponse::serialize(bool keepAlive) const
{
    QByteArray out;
    out.reserve(body.size() + 256);
    out += serializeHead(keepAlive, body.size());
    out += body;
    return out;
}

QByteArray HttpResponse::serializeHead(bool keepAlive, qint64 contentLength) const
{
    QByteArray out;
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &h : headers) {
        if (h.first.compare("Content-Length", Qt::CaseInsensitive) == 0)
            continue;  // always the body's real length, written below
        out += h.first + ": " + h.second + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(contentLength) + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    return out;
}

}  // namespace rbee::core
