// QueenHiveClient: what a client asks a queen to do with its hives: start a worker on a hive
// (POST /v1/workers), stop one (DELETE /v1/workers/{id}), put a model on a hive by copy or
// download (POST /v1/hives/{name}/models). The same HTTP
// path serves the app's own queen and a remote one. Each answer arrives once, asynchronously, as
// the queen's JSON body or an Error carrying the queen's own message. Each request goes to the
// connection's queen as it is when the request is sent (its URL and token can change). Main
// thread only.
#pragma once

#include "../protocol/modelpullrequest.h"
#include "../protocol/workerstartrequest.h"
#include "../result.h"

#include <QJsonObject>
#include <QObject>
#include <QUrl>

#include <functional>

namespace rbee::core {

class ClientRequest;
class QueenConnection;

class QueenHiveClient : public QObject {
    Q_OBJECT
public:
    using Done = std::function<void(const Result<QJsonObject> &answer)>;

    // Starting a worker waits for it to load its model and listen: minutes for a large model.
    static constexpr int kStartTimeoutMs = 300000;
    static constexpr int kTimeoutMs = 15000;

    // `queen` outlives the client.
    explicit QueenHiveClient(const QueenConnection *queen, QObject *parent = nullptr);
    ~QueenHiveClient() override;

    // `done` runs once, unless `context` is destroyed first.
    void startWorker(const WorkerStartRequest &request, QObject *context, Done done);
    void stopWorker(const QString &workerId, QObject *context, Done done);
    void pullModel(const QString &hive, const ModelPullRequest &request, QObject *context, Done done);

private:
    void send(const QByteArray &method, const QString &path, const QJsonObject *body, int timeoutMs, QObject *context,
              Done done);

    const QueenConnection *m_queen;
};

}  // namespace rbee::core
