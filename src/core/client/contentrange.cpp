// Content-Range parsing for resumed downloads; see contentrange.h. Strict, as RFC 9110 section
// 14.4 writes it: digits only, and a range that cannot exist (last before first, or past the
// end of the file) is not a range.
#include "contentrange.h"

#include <limits>
#include <optional>

namespace rbee::core {

namespace {
// A non-negative decimal number of at most 63 bits; nothing else (no sign, no space, no hex).
std::optional<qint64> position(QByteArrayView digits)
{
    if (digits.isEmpty())
        return std::nullopt;
    qint64 value = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const int digit = c - '0';
        if (value > (std::numeric_limits<qint64>::max() - digit) / 10)
            return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}
}  // namespace

ContentRange ContentRange::parse(QByteArrayView header)
{
    ContentRange range;
    const QByteArrayView value = header.trimmed();
    if (!value.startsWith("bytes "))
        return range;
    const QByteArrayView spec = value.sliced(6).trimmed();
    const qsizetype slash = spec.indexOf('/');
    if (slash < 0)
        return range;
    const QByteArrayView span = spec.first(slash);
    const QByteArrayView total = spec.sliced(slash + 1);
    if (total != "*") {
        const auto length = position(total);
        if (!length)
            return range;
        range.total = *length;
    }
    if (span == "*") {
        // "bytes */N": the answer to a range that starts past the end, so N must be known.
        range.valid = range.total >= 0;
        return range;
    }
    const qsizetype dash = span.indexOf('-');
    if (dash < 0)
        return range;
    const auto first = position(span.first(dash));
    const auto last = position(span.sliced(dash + 1));
    if (!first || !last || *last < *first || (range.total >= 0 && *last >= range.total))
        return range;
    range.first = *first;
    range.last = *last;
    range.valid = true;
    return range;
}

QByteArray ContentRange::requestFrom(qint64 from)
{
    QByteArray value("bytes=");
    value += QByteArray::number(from);
    value += '-';
    return value;
}

}  // namespace rbee::core
