// ContentRange: the value of a Content-Range response header ("bytes 100-199/200"), read by the
// model downloader to check that a server resumed where it was asked to. Pure: no network.
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace rbee::core {

struct ContentRange {
    qint64 first = -1;  // -1 for "bytes */N"
    qint64 last = -1;   // likewise
    qint64 total = -1;  // -1 for "bytes a-b/*"
    bool valid = false;

    // "bytes 100-199/200", "bytes 100-199/*" or "bytes */200"; valid is false for anything else,
    // including a range that cannot exist (last before first, or not before the total).
    static ContentRange parse(QByteArrayView header);
    // The Range request header value asking for everything from byte `from` on: "bytes=<from>-".
    static QByteArray requestFrom(qint64 from);
};

}  // namespace rbee::core
