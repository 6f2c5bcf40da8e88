// Definitions of the logging categories declared in logging.h.
#include "logging.h"

Q_LOGGING_CATEGORY(lcHttp, "rbee.core.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcProtocol, "rbee.core.protocol", QtInfoMsg)
Q_LOGGING_CATEGORY(lcRegistry, "rbee.core.registry", QtInfoMsg)
Q_LOGGING_CATEGORY(lcScheduler, "rbee.core.scheduler", QtInfoMsg)
Q_LOGGING_CATEGORY(lcQueen, "rbee.core.queen", QtInfoMsg)
Q_LOGGING_CATEGORY(lcClient, "rbee.core.client", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWorkerEngine, "rbee.worker.engine", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWorkerApi, "rbee.worker.api", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWorkerHeartbeat, "rbee.worker.heartbeat", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLlama, "rbee.worker.llama", QtWarningMsg)
Q_LOGGING_CATEGORY(lcHive, "rbee.hive", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHiveHeartbeat, "rbee.hive.heartbeat", QtInfoMsg)
