// StressOptions: what a stress run may be told from the environment, with the defaults CI uses.
//   RBEE_STRESS_SEED      the random seed (default: from the clock); printed at the start and in
//                         every failure, so a failing run can be repeated
//   RBEE_STRESS_SECONDS   length of the randomized part (default 45; the suite adds ~15 s to start
//                         the processes and drain); an ASan run can use e.g. 20, a long run 3600
//   RBEE_STRESS_SILENCE_MS  the longest a stream may stay silent (default 20000)
//   RBEE_STRESS_RSS_MB    how far each process's RSS may grow over its value after warm-up
//   RBEE_STRESS_STOP_STRINGS=0  sends no stop strings (on by default: text held back for a stop
//                         string and released at the end must not repeat a token index)
#pragma once

#include <QString>

namespace rbee::test {

struct StressOptions {
    quint64 seed = 0;
    int seconds = 45;
    int silenceBoundMs = 20000;
    qint64 rssGrowthBoundKb = 0;
    bool stopStrings = true;

    static StressOptions fromEnvironment();
    QString describe() const;
    // Qt Test stops a test function after 5 minutes; a long run needs longer. Call before qExec.
    void extendQtTestTimeout() const;
};

}  // namespace rbee::test
