// rbee-hive entry point: parse the command line, run the HiveApp.
#include "hiveapp.h"
#include "hiveoptions.h"

#include "core/http/openfileslimit.h"

#include <QCoreApplication>

#include <cstdio>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("rbee-hive"));
    QCoreApplication::setApplicationVersion(QStringLiteral(RBEE_VERSION));

    using namespace rbee::hive;
    const auto options = HiveOptions::parse(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    if (!options) {
        std::fprintf(stderr, "rbee-hive: error: %s\nTry 'rbee-hive --help'.\n", qPrintable(options.error().message));
        return 2;
    }
    if (options->outcome == HiveOptions::Outcome::ShowHelp) {
        std::fputs(qPrintable(options->helpText), stdout);
        return 0;
    }
    if (options->outcome == HiveOptions::Outcome::ShowVersion) {
        std::printf("rbee-hive %s\n", RBEE_VERSION);
        return 0;
    }
    rbee::core::raiseOpenFilesLimit();
    HiveApp hive(options.value());
    if (!hive.start())
        return 1;
    return QCoreApplication::exec();
}
