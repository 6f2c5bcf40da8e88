// One logging category per subsystem, controlled by QT_LOGGING_RULES
// (e.g. QT_LOGGING_RULES="rbee.core.http.debug=true"). Never log tokens or secrets.
#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)
Q_DECLARE_LOGGING_CATEGORY(lcProtocol)
Q_DECLARE_LOGGING_CATEGORY(lcRegistry)
Q_DECLARE_LOGGING_CATEGORY(lcScheduler)
Q_DECLARE_LOGGING_CATEGORY(lcQueen)
Q_DECLARE_LOGGING_CATEGORY(lcClient)
Q_DECLARE_LOGGING_CATEGORY(lcWorkerEngine)
Q_DECLARE_LOGGING_CATEGORY(lcWorkerApi)
Q_DECLARE_LOGGING_CATEGORY(lcWorkerHeartbeat)
Q_DECLARE_LOGGING_CATEGORY(lcLlama)
Q_DECLARE_LOGGING_CATEGORY(lcHive)
Q_DECLARE_LOGGING_CATEGORY(lcHiveHeartbeat)
