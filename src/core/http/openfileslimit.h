// The process's open-files limit (RLIMIT_NOFILE): every connection is a file descriptor, so a
// connection cap above what the limit allows would end in failed accepts instead of 503s.
#pragma once

namespace rbee::core {

// Lifts the soft limit (often 1024) to the hard one; returns the soft limit now in force, or -1
// when it cannot be read. Called once at start by rbee-worker and rbee --serve.
long long raiseOpenFilesLimit();
// The soft limit now in force, or -1 when unknown or unlimited.
long long openFilesLimit();

}  // namespace rbee::core
