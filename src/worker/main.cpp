// rbee-worker entry point: parse the command line, load ggml's backends, choose the device and
// plan the layers on it, check the model file, run the WorkerApp.
#include "computedevices.h"
#include "gpulayerplan.h"
#include "llamamodel.h"
#include "workerapp.h"
#include "workeroptions.h"

#include "core/http/openfileslimit.h"

#include <QCoreApplication>

#include <cstdio>

namespace {
int usageFailure(const QString &message)
{
    std::fprintf(stderr, "rbee-worker: error: %s\n", qPrintable(message));
    return 2;
}
}  // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rbee-worker"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RBEE_VERSION));

    using namespace rbee::worker;
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
    if (const auto error = ComputeDevices::load()) {
        std::fprintf(stderr, "rbee-worker: error: %s\n", qPrintable(error->message));
        return 1;
    }
    if (options->outcome == WorkerOptions::Outcome::ListDevices) {
        const QList<ComputeDevice> devices = ComputeDevices::all();
        const QByteArray out =
            options->json ? ComputeDevices::listingJson(devices) : ComputeDevices::listing(devices).toUtf8();
        std::fwrite(out.constData(), 1, size_t(out.size()), stdout);
        return 0;
    }
    if (const auto error = LlamaModel::checkFile(options->modelPath))
        return usageFailure(error->message);
    const auto device =
        options->device.isEmpty() ? ComputeDevices::defaultDevice() : ComputeDevices::find(options->device);
    if (!device)
        return usageFailure(device.error().message);
    const auto footprint = ModelFootprint::read(options->modelPath);
    if (!footprint)
        return usageFailure(footprint.error().message);
    const auto plan = GpuLayerPlan::make(footprint.value(), qint64(options->ctx) * options->slots, device.value(),
                                         options->gpuLayers);
    if (!plan)
        return usageFailure(plan.error().message);
    // The connection cap must fit in the open-files limit (the server keeps it under half of it).
    rbee::core::raiseOpenFilesLimit();
    WorkerApp worker(options.value(), device.value(), plan.value());
    if (!worker.start())
        return 1;
    return QCoreApplication::exec();
}
