// `rbee hives`, `rbee run`, `rbee stop` and `rbee pull`: command-line clients of the queen's hive
// API (docs/protocol.md, "Queen API"). Each returns the process exit status (0 success, else
// cliExitCode of the error class), like `rbee infer` and `rbee status`.
#pragma once

#include <QStringList>

namespace rbee::app {

int runHives(const QStringList &arguments);
int runStartWorker(const QStringList &arguments);  // rbee run
int runStopWorker(const QStringList &arguments);   // rbee stop
int runPull(const QStringList &arguments);

}  // namespace rbee::app
