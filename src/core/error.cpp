// The code table: names and HTTP statuses of every ErrorCode.
#include "error.h"

#include <array>
#include <utility>

namespace rbee::core {

namespace {
struct CodeInfo {
    ErrorCode code;
    const char *name;
    int status;
};

constexpr std::array kCodes{
    CodeInfo{ErrorCode::BadRequest, "bad_request", 400},
    CodeInfo{ErrorCode::Unauthorized, "unauthorized", 401},
    CodeInfo{ErrorCode::NotFound, "not_found", 404},
    CodeInfo{ErrorCode::MethodNotAllowed, "method_not_allowed", 405},
    CodeInfo{ErrorCode::Conflict, "conflict", 409},
    CodeInfo{ErrorCode::PayloadTooLarge, "payload_too_large", 413},
    CodeInfo{ErrorCode::HeadersTooLarge, "headers_too_large", 431},
    CodeInfo{ErrorCode::Internal, "internal", 500},
    CodeInfo{ErrorCode::WorkerError, "worker_error", 502},
    CodeInfo{ErrorCode::WorkerUnreachable, "worker_unreachable", 502},
    CodeInfo{ErrorCode::WorkerLost, "worker_lost", 502},
    CodeInfo{ErrorCode::WorkerBusy, "worker_busy", 503},
    CodeInfo{ErrorCode::WorkerLoading, "worker_loading", 503},
    CodeInfo{ErrorCode::WorkerStopping, "worker_stopping", 503},
    CodeInfo{ErrorCode::NoWorker, "no_worker", 503},
    CodeInfo{ErrorCode::TooManyConnections, "too_many_connections", 503},
    CodeInfo{ErrorCode::RequestTimeout, "request_timeout", 408},
    CodeInfo{ErrorCode::Timeout, "timeout", 504},
    CodeInfo{ErrorCode::Cancelled, "cancelled", 499},
    CodeInfo{ErrorCode::ModelError, "model_error", 500},
    CodeInfo{ErrorCode::ModelNotFound, "model_not_found", 404},
    CodeInfo{ErrorCode::Forbidden, "forbidden", 403},
    CodeInfo{ErrorCode::UnsupportedMediaType, "unsupported_media_type", 415},
    CodeInfo{ErrorCode::TooManyWorkers, "too_many_workers", 503},
    CodeInfo{ErrorCode::QueenUnreachable, "queen_unreachable", 502},
    CodeInfo{ErrorCode::HiveUnreachable, "hive_unreachable", 502},
};

const CodeInfo &info(ErrorCode code)
{
    for (const auto &c : kCodes) {
        if (c.code == code)
            return c;
    }
    return kCodes[7];  // internal
}
}  // namespace

QString errorCodeName(ErrorCode code)
{
    return QString::fromLatin1(info(code).name);
}

int httpStatus(ErrorCode code)
{
    return info(code).status;
}

int cliExitCode(ErrorCode code)
{
    switch (code) {
    case ErrorCode::BadRequest:
    case ErrorCode::NotFound:
    case ErrorCode::MethodNotAllowed:
    case ErrorCode::Conflict:
    case ErrorCode::PayloadTooLarge:
    case ErrorCode::HeadersTooLarge:
    case ErrorCode::ModelNotFound:
    case ErrorCode::Forbidden:
    case ErrorCode::UnsupportedMediaType: return 2;
    case ErrorCode::NoWorker: return 3;
    case ErrorCode::WorkerBusy:
    case ErrorCode::WorkerLoading:
    case ErrorCode::WorkerStopping:
    case ErrorCode::TooManyConnections:
    case ErrorCode::TooManyWorkers: return 4;
    case ErrorCode::WorkerUnreachable:
    case ErrorCode::QueenUnreachable:
    case ErrorCode::HiveUnreachable:
    case ErrorCode::Timeout:
    case ErrorCode::RequestTimeout: return 5;
    case ErrorCode::WorkerError:
    case ErrorCode::WorkerLost:
    case ErrorCode::ModelError: return 6;
    case ErrorCode::Unauthorized: return 7;
    case ErrorCode::Internal:
    case ErrorCode::Cancelled: return 1;
    }
    return 1;
}

ErrorCode errorCodeFromName(const QString &name)
{
    for (const auto &c : kCodes) {
        if (name == QLatin1String(c.name))
            return c.code;
    }
    return ErrorCode::Internal;
}

QJsonObject errorEventBody(const Error &error)
{
    QJsonObject body{{QStringLiteral("code"), errorCodeName(error.code)}, {QStringLiteral("message"), error.message}};
    if (!error.field.isEmpty())
        body.insert(QStringLiteral("field"), error.field);
    return body;
}

QJsonObject errorBody(const Error &error)
{
    return QJsonObject{{QStringLiteral("error"), errorEventBody(error)}};
}

}  // namespace rbee::core
