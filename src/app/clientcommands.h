// `rbee infer` and `rbee status`: command-line clients of a queen's job API. Each returns the
// process exit status (0 success, else cliExitCode of the error class).
#pragma once

#include <QStringList>

namespace rbee::app {

int runInfer(const QStringList &arguments);
int runStatus(const QStringList &arguments);

}  // namespace rbee::app
