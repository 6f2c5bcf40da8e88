// HiveApi: the queen's endpoints about hives: their reports (POST /v1/hive-heartbeat), the table
// (GET /v1/hives), starting a worker where placement says (POST /v1/workers, through
// WorkerLauncher), stopping a hive's worker through its hive (DELETE /v1/workers/{id}) and
// putting a model on a hive (POST /v1/hives/{name}/models). Validates at the edge and talks to
// hives with HiveCall; owns no records (HiveRegistry and WorkerRegistry do). Main thread only.
#pragma once

#include "../http/httprequest.h"
#include "../http/httpresponder.h"

#include <QJsonObject>
#include <QObject>
#include <QString>

namespace rbee::core {

class HiveRegistry;
class WorkerRegistry;

class HiveApi : public QObject {
    Q_OBJECT
public:
    // How long a hive may take to answer: a start answers once the worker listens.
    static constexpr int kStartTimeoutMs = 60000;
    static constexpr int kStopTimeoutMs = 15000;
    static constexpr int kPullTimeoutMs = 30000;

    HiveApi(HiveRegistry *hives, WorkerRegistry *workers, const QString &token, QObject *parent = nullptr);

    void handleReport(const HttpRequest &request, const HttpResponder &responder);
    // The body of GET /v1/hives.
    QJsonObject hivesJson() const;
    void handleStartWorker(const HttpRequest &request, const HttpResponder &responder);
    // A hive's worker is stopped through its hive, then forgotten; any other only forgotten.
    void handleStopWorker(const HttpRequest &request, const HttpResponder &responder);
    void handlePullModel(const HttpRequest &request, const HttpResponder &responder);

private:
    HiveRegistry *m_hives;
    WorkerRegistry *m_workers;
    QString m_token;
};

}  // namespace rbee::core
