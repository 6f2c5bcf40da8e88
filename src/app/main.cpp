// rbee entry point: picks the queen (--serve), a CLI client (infer, status, hives, run, stop, pull) or
// the desktop app (no arguments) from the command line, then builds the matching application object.
// A usage error, --help and --version are answered before any application object exists, so they
// never open a window.
#include "clientcommands.h"
#include "hivecommands.h"
#ifdef RBEE_WITH_GUI
#include "guiapp.h"
#include "guioptions.h"
#endif
#include "serveoptions.h"

#include "core/http/openfileslimit.h"
#include "core/logging.h"
#include "core/protocol/endpoints.h"
#include "core/queen/queenserver.h"
#include "core/unixsignalwatcher.h"

#include <QCoreApplication>

#include <csignal>
#include <cstdio>
#include <utility>

namespace {
int runServe(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const auto parsed =
        rbee::app::parseServeOptions(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    if (!parsed) {
        std::fprintf(stderr, "rbee: error: %s\nTry 'rbee --serve --help'.\n", qPrintable(parsed.error().message));
        return 2;
    }
    if (parsed->showHelp) {
        std::fputs(qPrintable(parsed->helpText), stdout);
        return 0;
    }
    rbee::core::QueenServer queen(parsed->options);
    if (!queen.listen()) {
        std::fprintf(stderr, "rbee: error: cannot listen on %s:%u: %s\n", qPrintable(parsed->options.host),
                     parsed->options.port, qPrintable(queen.errorString()));
        return 1;
    }
    std::printf("%s http://%s:%u\n", rbee::core::Endpoint::kQueenListening, qPrintable(queen.host()), queen.port());
    std::fflush(stdout);
    rbee::core::UnixSignalWatcher signals({SIGINT, SIGTERM});
    QObject::connect(&signals, &rbee::core::UnixSignalWatcher::signalReceived, &app, [] { QCoreApplication::quit(); });
    return QCoreApplication::exec();
}

using ClientCommand = int (*)(const QStringList &);

// The CLI client a first argument names, or null.
ClientCommand clientCommand(const QString &name)
{
    static const std::pair<const char *, ClientCommand> kCommands[] = {
        {"infer", rbee::app::runInfer},     {"status", rbee::app::runStatus},   {"hives", rbee::app::runHives},
        {"run", rbee::app::runStartWorker}, {"stop", rbee::app::runStopWorker}, {"pull", rbee::app::runPull},
    };
    for (const auto &[command, run] : kCommands) {
        if (name == QLatin1String(command))
            return run;
    }
    return nullptr;
}

void usage(FILE *out)
{
    std::fputs("rbee " RBEE_VERSION ": an LLM cluster for the machines of a home or small lab.\n"
               "\n"
               "Usage:\n",
               out);
#ifdef RBEE_WITH_GUI
    std::fputs(rbee::app::guiUsage(), out);
#endif
    std::fputs("  rbee --serve [options]            run the queen without a window: the worker registry,\n"
               "                                    scheduler, job API and OpenAI API (rbee --serve --help)\n"
               "  rbee infer --model M --prompt P [options]\n"
               "                                    run one job through a queen and print the answer\n"
               "  rbee status [--json] [options]    the queen's workers\n"
               "  rbee hives [--json] [options]     the queen's hives (machines running rbee-hive)\n"
               "  rbee run --model M [--hive H] [--device D] [--slots N] [--ctx N] [options]\n"
               "                                    start a worker on a hive\n"
               "  rbee stop WORKER_ID [options]     stop a worker a hive started\n"
               "  rbee pull --hive H --model M (--from-hive G | --url U) [--sha256 X] [--wait] [options]\n"
               "                                    copy or download a model to a hive\n"
               "  rbee --version                    print the version\n"
               "  rbee --help                       print this help\n"
               "\n"
               "Every command has its own --help (rbee infer --help). The clients reach the queen at\n"
               "--queen URL, else RBEE_QUEEN_URL, else http://127.0.0.1:7833.\n",
               out);
#ifndef RBEE_WITH_GUI
    std::fputs("This build has no desktop app (RBEE_BUILD_GUI=OFF).\n", out);
#endif
}

// A usage error of `rbee` itself: one line naming it, then the usage, on stderr.
int usageError(const QString &message)
{
    std::fprintf(stderr, "rbee: error: %s\n", qPrintable(message));
    usage(stderr);
    return 2;
}
}  // namespace

int main(int argc, char *argv[])
{
    // Each worker holds a keep-alive connection to the queen: lift the soft open-files limit (often
    // 1024) to the hard one so thousands of workers fit.
    rbee::core::raiseOpenFilesLimit();
    const QString first = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QString();
    if (const auto command = clientCommand(first)) {
        QCoreApplication app(argc, argv);
        QStringList args = QCoreApplication::arguments();
        args.removeAt(1);  // the subcommand
        return command(args);
    }
    for (int i = 1; i < argc; ++i) {
        if (QByteArrayView(argv[i]) == "--serve")
            return runServe(argc, argv);
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        usage(stdout);
        return 0;
    }
    if (first == QLatin1String("--version")) {
        std::printf("rbee %s\n", RBEE_VERSION);
        return 0;
    }
    if (!first.isEmpty() && !first.startsWith(u'-'))
        return usageError(QStringLiteral("unknown command '%1'").arg(first));
#ifdef RBEE_WITH_GUI
    QStringList args;
    for (int i = 0; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);
    const auto parsed = rbee::app::parseGuiOptions(args);
    if (!parsed)
        return usageError(parsed.error().message);
    return rbee::app::runGui(argc, argv, parsed.value());  // Qt's own options (-platform, ...) go to QApplication
#else
    if (!first.isEmpty())
        return usageError(QStringLiteral("unknown option '%1'").arg(first));
    usage(stderr);
    return 2;
#endif
}
