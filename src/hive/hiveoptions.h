// HiveOptions: rbee-hive's command line, each option also readable from an RBEE_* variable.
// Parsing validates every value, so the rest of the hive gets only sane settings.
#pragma once

#include "core/result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace rbee::hive {

struct HiveOptions {
    static constexpr quint16 kDefaultPort = 7834;
    static constexpr int kDefaultMaxWorkers = 4;

    QUrl queenUrl;
    QString token;
    QString name;  // default: the host name, made a valid name
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = kDefaultPort;
    QString modelsDir;  // default: <user data>/rbee/models, the app's models folder
    QUrl advertiseUrl;
    int maxWorkers = kDefaultMaxWorkers;

    enum class Outcome { Run, ShowHelp, ShowVersion };
    Outcome outcome = Outcome::Run;
    QString helpText;

    // The address workers started by the hive listen on: the host of --advertise-url, else --host.
    QString workerHost() const;

    static core::Result<HiveOptions> parse(const QStringList &arguments, const QProcessEnvironment &env);
    // The host name as a hive name: [A-Za-z0-9._-], at most 128 characters, "hive" when nothing is left.
    static QString nameFromHostName(const QString &hostName);
    static QString defaultModelsDir();
};

}  // namespace rbee::hive
