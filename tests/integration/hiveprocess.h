// HiveProcess: a real rbee-hive for the cluster suites, started (directly, or through a launcher
// such as `ip netns exec NS`) with its own environment, its "rbee-hive listening on" line read.
#pragma once

#include "serverprocess.h"

#include <QProcessEnvironment>

namespace rbee::test {

QString hiveBinary();

class HiveProcess : public ServerProcess {
public:
    // `launcher`: programs and arguments put in front of the hive's own (empty: none).
    bool start(const QStringList &arguments, const QProcessEnvironment &environment, const QStringList &launcher = {});
};

}  // namespace rbee::test
