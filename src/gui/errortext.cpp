// Translated headlines for error codes; see errortext.h.
#include "errortext.h"

namespace rbee::gui {

QString ErrorText::headline(core::ErrorCode code)
{
    using core::ErrorCode;
    switch (code) {
    case ErrorCode::BadRequest: return tr("The request was not valid.");
    case ErrorCode::Unauthorized: return tr("The queen refused the token.");
    case ErrorCode::Forbidden: return tr("The queen refused the request.");
    case ErrorCode::NotFound: return tr("Not found.");
    case ErrorCode::MethodNotAllowed:
    case ErrorCode::UnsupportedMediaType:
    case ErrorCode::HeadersTooLarge:
    case ErrorCode::Conflict: return tr("The queen could not take the request.");
    case ErrorCode::PayloadTooLarge: return tr("The conversation is too long to send.");
    case ErrorCode::Internal: return tr("Something went wrong inside rbee.");
    case ErrorCode::WorkerError: return tr("The worker answered with an error.");
    case ErrorCode::WorkerUnreachable: return tr("The worker cannot be reached.");
    case ErrorCode::WorkerLost: return tr("The connection to the worker was lost during the answer.");
    case ErrorCode::WorkerBusy: return tr("Every worker for this model is busy.");
    case ErrorCode::WorkerLoading: return tr("The worker is still loading its model.");
    case ErrorCode::WorkerStopping: return tr("The worker is stopping.");
    case ErrorCode::NoWorker: return tr("No worker serves this model.");
    case ErrorCode::TooManyConnections: return tr("The queen has too many connections.");
    case ErrorCode::RequestTimeout:
    case ErrorCode::Timeout: return tr("No answer in time.");
    case ErrorCode::Cancelled: return tr("Stopped.");
    case ErrorCode::ModelError: return tr("The model cannot be used.");
    case ErrorCode::ModelNotFound: return tr("No worker serves or has served this model.");
    case ErrorCode::TooManyWorkers: return tr("The queen's table of workers is full.");
    case ErrorCode::QueenUnreachable: return tr("The queen cannot be reached.");
    case ErrorCode::HiveUnreachable: return tr("The machine's hive cannot be reached.");
    }
    return tr("Something went wrong inside rbee.");
}

QString ErrorText::forUser(const core::Error &error, const QString &language)
{
    if (language == QLatin1String("en") && !error.message.isEmpty())
        return error.message;
    const QString head = headline(error.code);
    return error.message.isEmpty() ? head : tr("%1 (%2)", "headline (core's English detail)").arg(head, error.message);
}

}  // namespace rbee::gui
