// Command line of `rbee --serve`: QueenOptions from arguments and RBEE_* variables.
#pragma once

#include "core/queen/queenoptions.h"
#include "core/result.h"

#include <QProcessEnvironment>
#include <QStringList>

namespace rbee::app {

struct ServeCommandLine {
    core::QueenOptions options;
    bool showHelp = false;
    QString helpText;
};

core::Result<ServeCommandLine> parseServeOptions(const QStringList &arguments, const QProcessEnvironment &env);

}  // namespace rbee::app
