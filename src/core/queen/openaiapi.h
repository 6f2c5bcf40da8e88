// OpenAiApi: POST /v1/chat/completions, POST /v1/completions and GET /v1/models on the queen,
// in OpenAI's shapes, streaming or not. Runs jobs through the same JobManager as the job API.
#pragma once

#include "openaimapping.h"

#include "../http/httprequest.h"
#include "../http/httpresponder.h"
#include "../http/httpresponse.h"

#include <QObject>

namespace rbee::core {

class QueenServer;

class OpenAiApi : public QObject {
    Q_OBJECT
public:
    OpenAiApi(QueenServer *queen, QObject *parent = nullptr);

    static bool isOpenAiPath(const QString &path);
    static HttpResponse errorResponse(const Error &error);

private:
    void handle(const HttpRequest &request, const HttpResponder &responder, OpenAiRequest::Kind kind);
    void models(const HttpResponder &responder);

    QueenServer *m_queen;
};

}  // namespace rbee::core
