// Error: the one classification of everything that can go wrong, with a stable code and a human
// message. The mapping from code to HTTP status lives here and nowhere else; SSE error events,
// JSON error bodies and (later) CLI exit codes all read it.
#pragma once

#include <QJsonObject>
#include <QString>

#include <utility>

namespace rbee::core {

enum class ErrorCode {
    BadRequest,            // 400 malformed or invalid input
    Unauthorized,          // 401
    NotFound,              // 404
    MethodNotAllowed,      // 405
    Conflict,              // 409 e.g. a job stream already taken
    PayloadTooLarge,       // 413
    HeadersTooLarge,       // 431
    Internal,              // 500
    WorkerError,           // 502 a worker answered with an error
    WorkerUnreachable,     // 502 no connection to a worker
    WorkerLost,            // 502 a worker died mid-stream
    WorkerBusy,            // 503 every slot and the queue are full
    WorkerLoading,         // 503 the model is still loading
    WorkerStopping,        // 503 the worker is shutting down
    NoWorker,              // 503 nobody serves the model
    TooManyConnections,    // 503
    RequestTimeout,        // 408 a client did not finish its request in time
    Timeout,               // 504 an upstream did not answer in time
    Cancelled,             // 499-like; only ever in streams
    ModelError,            // a model that cannot be loaded or used
    ModelNotFound,         // 404 no worker serves or has served the model (OpenAI's model_not_found)
    Forbidden,             // 403 e.g. a cross-site request (an Origin that is not the server's own)
    UnsupportedMediaType,  // 415 a body that is not the Content-Type the endpoint takes
    TooManyWorkers,        // 503 the registry is full of live workers
    QueenUnreachable,      // 502 a client (the app attached elsewhere, rbee infer) has no connection to its queen
    HiveUnreachable,       // 502 the queen has no connection to a hive, or it did not answer in time
};

struct Error {
    Error() = default;
    Error(ErrorCode c, QString m, QString f = {}) : code(c), message(std::move(m)), field(std::move(f)) {}

    ErrorCode code = ErrorCode::Internal;
    QString message;
    QString field;        // the request field at fault, when there is one
    int retryAfterS = 0;  // for a 503: the Retry-After to send (0 = the default, 1 s)

    static Error badField(const QString &field, const QString &message)
    {
        return Error{ErrorCode::BadRequest, message, field};
    }
};

// Stable lower-case code string, e.g. "worker_busy".
QString errorCodeName(ErrorCode code);
int httpStatus(ErrorCode code);
// {"error":{"code":"...","message":"...","field":"..."}}; field only when set.
QJsonObject errorBody(const Error &error);
// {"code":"...","message":"..."} as carried by SSE error events.
QJsonObject errorEventBody(const Error &error);
// Exit status of the command-line client for an error of this code (0 is success):
// 2 bad input, 3 no worker, 4 busy, 5 unreachable, 6 worker failed, 7 unauthorized, 1 other.
int cliExitCode(ErrorCode code);
// Reverse of errorCodeName, for clients; unknown names map to Internal.
ErrorCode errorCodeFromName(const QString &name);

}  // namespace rbee::core
