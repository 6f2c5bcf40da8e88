// The hive commands of the CLI; each runs its own short event loop on QCoreApplication. The
// following of a transfer (`rbee pull --wait`) lives in TransferFollower.
#include "hivecommands.h"

#include "cliconnection.h"
#include "transferfollower.h"

#include "core/client/hivelisttext.h"
#include "core/error.h"
#include "core/protocol/endpoints.h"
#include "core/protocol/hivereport.h"
#include "core/protocol/modelpullrequest.h"
#include "core/protocol/workerstartrequest.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QUrl>

#include <cstdio>

namespace rbee::app {

using namespace rbee::core;

namespace {

QCommandLineOption valueOption(const char *name, const char *description, const char *valueName)
{
    return QCommandLineOption(QLatin1String(name), QString::fromUtf8(description), QLatin1String(valueName));
}

// A path segment as the queen routes it: percent-encoded, so a name can never add a segment.
QString segment(const QString &text)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

}  // namespace

int runHives(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("rbee hives: the machines (hives) a queen knows, with their devices, models and workers."));
    parser.addOption(QCommandLineOption(QStringLiteral("json"), QStringLiteral("Print the queen's JSON as it is.")));
    CliConnection::addOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = CliConnection::fromOptions(parser);
    if (!conn)
        return fail(conn.error());
    QNetworkAccessManager nam;
    const auto hives = finishJson(nam.get(conn->request(QLatin1String(Endpoint::kHives))), conn.value());
    if (!hives)
        return fail(hives.error());
    if (parser.isSet(QStringLiteral("json"))) {
        std::fputs(QJsonDocument(hives.value()).toJson(QJsonDocument::Indented).constData(), stdout);
        return 0;
    }
    const QByteArray table = HiveListText::format(hives.value());
    if (table.isEmpty()) {
        std::printf("No hives have reported to %s.\n", qPrintable(conn->queen.toString()));
        return 0;
    }
    std::fputs(table.constData(), stdout);
    return 0;
}

int runStartWorker(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("rbee run: start a worker for a model on a hive that has it; the queen places it "
                       "(GPU before CPU, most free memory first) unless --hive and --device say where."));
    parser.addOption(valueOption("model", "Model name, as `rbee hives` lists it (required).", "name"));
    parser.addOption(valueOption("hive", "Start it on this hive only.", "name"));
    parser.addOption(valueOption("device", "Start it on this device (as `rbee hives` names it).", "device"));
    parser.addOption(valueOption("slots", "Parallel sequences (the worker's default otherwise).", "n"));
    parser.addOption(valueOption("ctx", "Context tokens per slot (the worker's default otherwise).", "n"));
    parser.addOption(valueOption("threads", "CPU threads (the worker's default otherwise).", "n"));
    parser.addOption(valueOption("gpu-layers", "auto, all or a count (the worker's default otherwise).", "n"));
    CliConnection::addOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = CliConnection::fromOptions(parser);
    if (!conn)
        return fail(conn.error());
    if (!parser.isSet(QStringLiteral("model")))
        return fail(Error{ErrorCode::BadRequest, QStringLiteral("--model is required (see rbee run --help)")});
    QJsonObject body{{QStringLiteral("model"), parser.value(QStringLiteral("model"))}};
    for (const char *option : {"hive", "device"}) {
        if (parser.isSet(QLatin1String(option)))
            body.insert(QLatin1String(option), parser.value(QLatin1String(option)));
    }
    if (parser.isSet(QStringLiteral("gpu-layers"))) {
        bool count = false;
        const QString layers = parser.value(QStringLiteral("gpu-layers"));
        const int n = layers.toInt(&count);
        body.insert(QStringLiteral("gpu_layers"), count ? QJsonValue(n) : QJsonValue(layers));
    }
    for (const char *option : {"slots", "ctx", "threads"}) {
        if (!parser.isSet(QLatin1String(option)))
            continue;
        bool ok = false;
        const int v = parser.value(QLatin1String(option)).toInt(&ok);
        if (!ok)
            return fail(
                Error{ErrorCode::BadRequest, QStringLiteral("--%1 must be a whole number").arg(QLatin1String(option))});
        body.insert(QLatin1String(option), v);
    }
    // Validated by the reader the queen uses, so a bad value is named before anything is sent.
    const auto request = WorkerStartRequest::fromJson(body, true);
    if (!request)
        return fail(request.error());
    QNetworkAccessManager nam;
    const auto answer = finishJson(nam.post(conn->request(QLatin1String(Endpoint::kWorkers), true),
                                            QJsonDocument(request->toJson()).toJson(QJsonDocument::Compact)),
                                   conn.value());
    if (!answer)
        return fail(answer.error());
    const auto started = WorkerStarted::fromJson(answer.value());
    if (!started)
        return fail(Error{ErrorCode::Internal,
                          QStringLiteral("the queen's answer is not readable: %1").arg(started.error().message)});
    std::printf("Started worker %s on hive %s", shown(started->workerId).constData(), shown(started->hive).constData());
    if (!started->device.isEmpty())
        std::printf(", device %s", shown(started->device).constData());
    std::printf(": %s\n", shown(started->url).constData());
    if (!started->reason.isEmpty())
        std::printf("%s\n", shown(started->reason).constData());
    std::printf("It loads its model now and registers with the queen by heartbeat (see rbee status).\n");
    return 0;
}

int runStopWorker(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("rbee stop: stop a worker through the hive that runs it; a worker no hive runs is only "
                       "forgotten by the queen."));
    parser.addPositionalArgument(QStringLiteral("worker_id"), QStringLiteral("The worker, as rbee status lists it."));
    CliConnection::addOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = CliConnection::fromOptions(parser);
    if (!conn)
        return fail(conn.error());
    const QStringList ids = parser.positionalArguments();
    if (ids.size() != 1 || ids.first().isEmpty())
        return fail(Error{ErrorCode::BadRequest, QStringLiteral("give one worker id (see rbee stop --help)")});
    QNetworkAccessManager nam;
    const auto answer = finishJson(
        nam.deleteResource(conn->request(QStringLiteral("/v1/workers/") + segment(ids.first()))), conn.value());
    if (!answer)
        return fail(answer.error());
    const QString hive = answer->value(QStringLiteral("stopped_by")).toString();
    if (hive.isEmpty())
        std::printf("Forgot worker %s (no hive runs it; stop its process where it runs).\n",
                    shown(ids.first()).constData());
    else
        std::printf("Stopping worker %s through hive %s.\n", shown(ids.first()).constData(), shown(hive).constData());
    return 0;
}

int runPull(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("rbee pull: put a model into a hive's models folder, copied from another hive or downloaded "
                       "from a URL. The hive resumes an interrupted transfer."));
    parser.addOption(valueOption("hive", "The hive that gets the model (required).", "name"));
    parser.addOption(valueOption("model", "The model's name there (required).", "name"));
    parser.addOption(valueOption("from-hive", "Copy it from this hive.", "name"));
    parser.addOption(valueOption("url", "Or download it from this http(s) URL (no token is sent there).", "url"));
    parser.addOption(valueOption("sha256", "The expected SHA-256, in hex.", "hex"));
    parser.addOption(
        QCommandLineOption(QStringLiteral("wait"), QStringLiteral("Follow the transfer until it is done or failed.")));
    CliConnection::addOptions(parser);
    if (const auto done = parseOrFinish(parser, arguments))
        return *done;
    const auto conn = CliConnection::fromOptions(parser);
    if (!conn)
        return fail(conn.error());
    if (!parser.isSet(QStringLiteral("hive")) || !parser.isSet(QStringLiteral("model")))
        return fail(
            Error{ErrorCode::BadRequest, QStringLiteral("--hive and --model are required (see rbee pull --help)")});
    const QString hive = parser.value(QStringLiteral("hive"));
    QJsonObject body{{QStringLiteral("model"), parser.value(QStringLiteral("model"))}};
    for (const char *option : {"from-hive", "url", "sha256"}) {
        if (parser.isSet(QLatin1String(option)))
            body.insert(QString::fromLatin1(option).replace(u'-', u'_'), parser.value(QLatin1String(option)));
    }
    const auto request = ModelPullRequest::fromJson(body);
    if (!request)
        return fail(request.error());
    QNetworkAccessManager nam;
    const auto answer = finishJson(nam.post(conn->request(Endpoint::hiveModelsOnQueen(segment(hive)), true),
                                            QJsonDocument(request->toJson()).toJson(QJsonDocument::Compact)),
                                   conn.value());
    if (!answer)
        return fail(answer.error());
    const QString source = request->fromHive.isEmpty() ? request->url : QStringLiteral("hive ") + request->fromHive;
    std::printf("Hive %s is fetching %s from %s.\n", shown(hive).constData(), shown(request->model).constData(),
                shown(source).constData());
    std::fflush(stdout);
    if (!parser.isSet(QStringLiteral("wait")))
        return 0;
    TransferFollower follower(nam, conn.value(), hive, request->model);
    const auto result = follower.run();
    if (!result)
        return fail(result.error());
    std::printf("%s\n", shown(result.value()).constData());
    return 0;
}

}  // namespace rbee::app
