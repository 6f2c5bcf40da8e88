// The resident memory of a server process the tests started, read from /proc, and how much it
// may grow in a test that floods it.
#pragma once

#include <QtGlobal>

namespace rbee::test {

// VmRSS of the process in KiB, or -1 when it cannot be read.
qint64 residentKiB(qint64 pid);

// Growth a flooded server's RSS must stay under. Sanitizer builds keep freed memory in
// quarantine, so there a server's RSS grows with ordinary work and only a wide bound holds.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr qint64 kRssGrowthBoundKiB = 512 * 1024;
#else
inline constexpr qint64 kRssGrowthBoundKiB = 64 * 1024;
#endif

}  // namespace rbee::test
