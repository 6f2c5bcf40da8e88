// HiveApi: the hive's HTTP API (docs/protocol.md, "Hive"): the token and cross-site rules, model
// names checked before routing, and each endpoint handed to the part that owns it (the workers,
// the models folder, the transfers). Parses and answers; decides nothing else.
#pragma once

#include "core/http/httpresponse.h"
#include "core/protocol/hivereport.h"

#include <QObject>

#include <functional>
#include <optional>

namespace rbee::core {
class HttpServer;
struct HttpRequest;
class HttpResponder;
}  // namespace rbee::core

namespace rbee::hive {

class HiveWorkers;
class ModelFolder;
class ModelTransfers;

class HiveApi : public QObject {
    Q_OBJECT
public:
    using ReportFn = std::function<core::HiveReport()>;

    HiveApi(core::HttpServer *server, const QString &token, ReportFn report, HiveWorkers *workers, ModelFolder *folder,
            ModelTransfers *transfers, QObject *parent = nullptr);

    // The model name a /v1/hive/models/... path names (its segment after the prefix, before
    // "/file"), or nothing for other paths. Public for tests.
    static std::optional<QString> modelNameInPath(const QString &path);

private:
    std::optional<core::HttpResponse> filter(const core::HttpRequest &request) const;
    void routes();
    void onStartWorker(const core::HttpRequest &request, const core::HttpResponder &responder);
    void onPullModel(const core::HttpRequest &request, const core::HttpResponder &responder);
    void onDeleteModel(const core::HttpRequest &request, const core::HttpResponder &responder);
    void onModelFile(const core::HttpRequest &request, const core::HttpResponder &responder);

    core::HttpServer *m_server;
    QString m_token;
    ReportFn m_report;
    HiveWorkers *m_workers;
    ModelFolder *m_folder;
    ModelTransfers *m_transfers;
};

}  // namespace rbee::hive
