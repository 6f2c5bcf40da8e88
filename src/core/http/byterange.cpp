// Range header of a file request; see byterange.h.
#include "byterange.h"

#include <QByteArray>

#include <limits>

namespace rbee::core {

namespace {
// A non-negative decimal of at most 18 digits; -1 otherwise.
qint64 number(QByteArrayView text)
{
    if (text.isEmpty() || text.size() > 18)
        return -1;
    qint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return -1;
        value = value * 10 + (c - '0');
    }
    return value;
}
}  // namespace

QByteArray ByteRange::contentRange(qint64 size) const
{
    QByteArray out("bytes ");
    out.append(QByteArray::number(first)).append('-').append(QByteArray::number(last)).append('/');
    return out.append(QByteArray::number(size));
}

ByteRange ByteRange::parse(QByteArrayView header, qint64 size)
{
    ByteRange whole;
    whole.last = size - 1;
    const QByteArray text = header.toByteArray().trimmed();
    if (text.isEmpty() || !text.startsWith("bytes="))
        return whole;
    const QByteArray spec = text.mid(6).trimmed();
    if (spec.contains(','))
        return whole;  // several ranges: the whole file instead of a multipart answer
    const qsizetype dash = spec.indexOf('-');
    if (dash < 0)
        return whole;
    const QByteArrayView from = QByteArrayView(spec).first(dash).trimmed();
    const QByteArrayView to = QByteArrayView(spec).sliced(dash + 1).trimmed();
    ByteRange r;
    r.kind = Kind::Partial;
    if (from.isEmpty()) {  // the last N bytes
        const qint64 n = number(to);
        if (n < 0)
            return whole;
        if (n == 0 || size == 0) {
            r.kind = Kind::Unsatisfiable;
            return r;
        }
        r.first = std::max<qint64>(0, size - n);
        r.last = size - 1;
        return r;
    }
    r.first = number(from);
    r.last = to.isEmpty() ? std::numeric_limits<qint64>::max() : number(to);
    if (r.first < 0 || r.last < 0 || r.last < r.first)
        return whole;  // not a valid range: ignored
    if (r.first >= size) {
        r.kind = Kind::Unsatisfiable;
        return r;
    }
    r.last = std::min(r.last, size - 1);
    return r;
}

}  // namespace rbee::core
