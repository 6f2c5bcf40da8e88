// HttpLimits: every limit the HTTP server enforces on a client, in one value the worker and the
// queen configure and the tests shorten. The numbers and why they were chosen: docs/protocol.md.
#pragma once

#include <QtGlobal>

namespace rbee::core {

struct HttpLimits {
    qsizetype maxHeaderBytes = 16 * 1024;  // request line + headers -> 431 beyond
    qsizetype maxBodyBytes = 1024 * 1024;  // -> 413 beyond
    // A connection with no request under way (new, or kept alive after a response) -> closed.
    int idleTimeoutMs = 30000;
    // From the first byte of a request to the end of its head; not renewed by later bytes, so a
    // client sending a byte now and then cannot hold the connection -> 408 and closed.
    int headerTimeoutMs = 10000;
    // The body must arrive within bodyTimeoutMs after the head, plus one second for every
    // minBodyBytesPerSecond received: a 1 MiB body may take 10 s + 64 s at the slowest -> 408.
    int bodyTimeoutMs = 10000;
    qint64 minBodyBytesPerSecond = 16 * 1024;
    // Open connections. Near the cap, the connection that has waited longest for a request
    // (idle, or still sending one) is closed to make room; only when every connection is busy
    // with a response does a new client get 503. The server also keeps it under half the
    // open-files limit (openfileslimit.h).
    int maxConnections = 512;
    qint64 maxPendingWriteBytes = 8 * 1024 * 1024;  // a client that stops reading is dropped
    // Input read from a client into memory at a time. While a response is handled or streamed,
    // nothing more is read: what the client keeps sending waits in the kernel (TCP back-pressure).
    qint64 maxBufferedInputBytes = 64 * 1024;
};

}  // namespace rbee::core
