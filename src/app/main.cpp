// rbee entry point: picks the queen (--serve) or a CLI client (infer, status, hives, run, stop, pull)
// from the command line, then builds the matching application object. The desktop app comes with the GUI.
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
    std::fputs("Usage: rbee --serve [options]       run the queen (see rbee --serve --help)\n"
               "       rbee infer --model M --prompt P [options]\n"
               "       rbee status [--json] [options]\n"
               "       rbee hives [--json] [options]\n"
               "       rbee run --model M [--hive H] [--device D] [--slots N] [--ctx N] [options]\n"
               "       rbee stop WORKER_ID [options]\n"
               "       rbee pull --hive H --model M (--from-hive G | --url U) [--sha256 X] [--wait] [options]\n",
               out);
#ifdef RBEE_WITH_GUI
    std::fputs(rbee::app::guiUsage(), out);
#endif
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
#ifdef RBEE_WITH_GUI
    if (first.isEmpty() || first.startsWith(u'-')) {
        QStringList args;
        for (int i = 0; i < argc; ++i)
            args << QString::fromLocal8Bit(argv[i]);
        const auto parsed = rbee::app::parseGuiOptions(args);
        if (!parsed) {
            std::fprintf(stderr, "rbee: error: %s\nTry 'rbee --help'.\n", qPrintable(parsed.error().message));
            return 2;
        }
        return rbee::app::runGui(argc, argv, parsed.value());  // Qt's own options (-platform, ...) go to QApplication
    }
#endif
    usage(stderr);
#ifndef RBEE_WITH_GUI
    std::fputs("rbee: this build has no desktop app (RBEE_BUILD_GUI=OFF); use --serve or a client command.\n", stderr);
#endif
    return 2;
}
