// rbee-worker entry point: parse the command line, check the model file, run the WorkerApp.
#include "llamamodel.h"
#include "workerapp.h"
#include "workeroptions.h"

#include "core/http/openfileslimit.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rbee-worker"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RBEE_VERSION));

    using rbee::worker::WorkerOptions;
    const auto options = WorkerOptions::parse(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    if (!options) {
        std::fprintf(stderr, "rbee-worker: error: %s\nTry 'rbee-worker --help'.\n",
                     qPrintable(options.error().message));
        return 2;
    }
    if (options->outcome == WorkerOptions::Outcome::ShowHelp) {
        std::fputs(qPrintable(options->helpText), stdout);
        return 0;
    }
    if (options->outcome == WorkerOptions::Outcome::ShowVersion) {
        std::printf("rbee-worker %s\n", RBEE_VERSION);
        return 0;
    }
    if (const auto error = rbee::worker::LlamaModel::checkFile(options->modelPath)) {
        std::fprintf(stderr, "rbee-worker: error: %s\n", qPrintable(error->message));
        return 2;
    }
    // The connection cap must fit in the open-files limit (the server keeps it under half of it).
    rbee::core::raiseOpenFilesLimit();
    rbee::worker::WorkerApp worker(options.value());
    if (!worker.start())
        return 1;
    return QCoreApplication::exec();
}
