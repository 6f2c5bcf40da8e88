// HiveApp: puts the hive together (models folder, machine probe, workers, transfers, HTTP API,
// heartbeats) and runs its life cycle: listen, report on a timer and on every change, and on
// SIGINT/SIGTERM stop the workers, send a last report without them and exit.
#pragma once

#include "hiveoptions.h"

#include "core/protocol/hivereport.h"

#include <QObject>

class QTimer;

namespace rbee::core {
class HeartbeatSender;
class HttpServer;
class UnixSignalWatcher;
}  // namespace rbee::core

namespace rbee::hive {

class HiveApi;
class HiveWorkers;
class MachineProbe;
class ModelFolder;
class ModelTransfers;

class HiveApp : public QObject {
    Q_OBJECT
public:
    static constexpr int kDefaultHeartbeatMs = 5000;
    // A burst of changes (a folder filling up) goes out as one report.
    static constexpr int kCoalesceMs = 100;

    explicit HiveApp(const HiveOptions &options, QObject *parent = nullptr);
    ~HiveApp() override;

    // Creates the models folder, binds the port, prints the "listening on" line and starts
    // reporting. False (after printing why) when it cannot.
    bool start();
    core::HiveReport report() const;

private:
    void changed();
    void shutdown();
    QString url() const;

    HiveOptions m_options;
    core::HttpServer *m_server;
    ModelFolder *m_folder;
    MachineProbe *m_probe;
    HiveWorkers *m_workers;
    ModelTransfers *m_transfers;
    HiveApi *m_api;
    core::HeartbeatSender *m_heartbeats = nullptr;
    core::UnixSignalWatcher *m_signals;
    QTimer *m_coalesce;
    bool m_shuttingDown = false;
};

}  // namespace rbee::hive
