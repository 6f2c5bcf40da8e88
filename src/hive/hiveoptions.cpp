// Command-line and environment parsing for rbee-hive.
#include "hiveoptions.h"

#include "core/commandline.h"
#include "core/protocol/hivereport.h"

#include <QCommandLineParser>
#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>
#include <QSysInfo>

namespace rbee::hive {

using core::Error;
using core::ErrorCode;

QString HiveOptions::nameFromHostName(const QString &hostName)
{
    QString name;
    for (const QChar c : hostName) {
        if (c.unicode() < 128 && (c.isLetterOrNumber() || c == u'.' || c == u'_' || c == u'-'))
            name += c;
        else
            name += u'-';
    }
    name.truncate(core::HiveReport::kMaxNameChars);
    if (name.isEmpty() || name == QLatin1String(".") || name == QLatin1String(".."))
        return QStringLiteral("hive");
    return name;
}

QString HiveOptions::defaultModelsDir()
{
    // The desktop app keeps its models in AppDataLocation/models with the application name
    // "rbee": the same folder, whatever this program is called.
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + QStringLiteral("/rbee/models");
}

QString HiveOptions::workerHost() const
{
    if (advertiseUrl.isValid()) {
        const QHostAddress address(advertiseUrl.host());
        if (!address.isNull())
            return address.toString();
    }
    return host;
}

core::Result<HiveOptions> HiveOptions::parse(const QStringList &arguments, const QProcessEnvironment &env)
{
    HiveOptions o;
    auto nameOption = [&o](const QString &name, const QString &v, Error &error) {
        if (const auto invalid = core::HiveModel::validateName(v, name)) {
            error = Error{ErrorCode::BadRequest,
                          QStringLiteral("--%1 must be 1 to 128 of A-Z a-z 0-9 . _ -, got '%2'").arg(name, v), name};
            return false;
        }
        o.name = v;
        return true;
    };
    auto advertisedUrl = [&o](const QString &name, const QString &v, Error &error) {
        QUrl parsed;
        if (!core::parseHttpUrlOption(name, v, parsed, error)
            || !core::checkLengthOption(name, parsed.toString(QUrl::StripTrailingSlash), core::HiveReport::kMaxUrlChars,
                                        error))
            return false;
        o.advertiseUrl = parsed;
        return true;
    };
    const core::OptionSpec specs[] = {
        {"queen", "RBEE_QUEEN_URL", "url", "Queen to report to, e.g. http://192.168.1.10:7833.",
         core::httpUrlOption(o.queenUrl)},
        {"token", "RBEE_TOKEN", "token",
         "The cluster's bearer token: needed on this hive's API, sent to the queen and given to the workers "
         "(prefer the environment variable).",
         core::textOption(o.token)},
        {"name", "RBEE_HIVE_NAME", "name", "Name of this machine in the cluster (default: the host name).", nameOption},
        {"host", "RBEE_HOST", "address",
         "Address to listen on, and the workers it starts (default 127.0.0.1; 0.0.0.0 for all).",
         core::hostOption(o.host)},
        {"port", "RBEE_PORT", "port", "Port to listen on; 0 picks a free one (default 7834).",
         core::portOption(o.port)},
        {"models-dir", "RBEE_MODELS_DIR", "dir",
         "Folder of the GGUF models this hive offers (default: the app's models folder, <data>/rbee/models).",
         core::textOption(o.modelsDir)},
        {"advertise-url", "RBEE_ADVERTISE_URL", "url", "URL the queen and other hives should use to reach this hive.",
         advertisedUrl},
        {"max-workers", "RBEE_MAX_WORKERS", "n", "Workers this hive runs at most at once (default 4).",
         core::intOption(o.maxWorkers, 1, core::HiveReport::kMaxWorkers)},
    };

    QCommandLineParser parser;
    const auto parsed =
        core::parseCommandLine(parser,
                               QStringLiteral("rbee-hive: offers this machine to an rbee cluster: reports its devices "
                                              "and models to the queen, starts and stops rbee-worker processes, and "
                                              "copies models between machines."),
                               arguments, env, specs, o.helpText);
    if (!parsed)
        return parsed.error();
    if (parsed.value() == core::ParsedCommandLine::ShowHelp) {
        o.outcome = Outcome::ShowHelp;
        return o;
    }
    if (parsed.value() == core::ParsedCommandLine::ShowVersion) {
        o.outcome = Outcome::ShowVersion;
        return o;
    }
    if (!o.queenUrl.isValid())
        return Error{ErrorCode::BadRequest, QStringLiteral("--queen is required (or RBEE_QUEEN_URL)"),
                     QStringLiteral("queen")};
    if (o.name.isEmpty())
        o.name = nameFromHostName(QSysInfo::machineHostName());
    if (o.modelsDir.isEmpty())
        o.modelsDir = defaultModelsDir();
    o.modelsDir = QDir::cleanPath(QDir(o.modelsDir).absolutePath());
    return o;
}

}  // namespace rbee::hive
