// ByteRange: a request's "Range: bytes=..." header applied to a body of known size, for servers
// that send files (a hive serving a model to a peer). One range only: "N-", "N-M" or "-N".
// Pure: no I/O.
#pragma once

#include <QByteArrayView>

namespace rbee::core {

struct ByteRange {
    enum class Kind {
        Whole,          // no Range header, or one this server ignores (RFC 9110 allows that): 200
        Partial,        // 206 with first..last
        Unsatisfiable,  // 416 with "bytes */size"
    };
    Kind kind = Kind::Whole;
    qint64 first = 0;
    qint64 last = -1;  // inclusive

    qint64 length() const { return last - first + 1; }
    // "bytes first-last/size" for a 206.
    QByteArray contentRange(qint64 size) const;

    static ByteRange parse(QByteArrayView header, qint64 size);
};

}  // namespace rbee::core
