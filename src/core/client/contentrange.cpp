// Content-Range parsing for resumed downloads; see contentrange.h.
#include "contentrange.h"

namespace rbee::core {

ContentRange ContentRange::parse(QByteArrayView header)
{
    ContentRange range;
    const QByteArray value = header.toByteArray().trimmed();
    if (!value.startsWith("bytes "))
        return range;
    const QByteArray spec = value.mid(6).trimmed();
    const qsizetype slash = spec.indexOf('/');
    if (slash < 0)
        return range;
    const QByteArray span = spec.left(slash).trimmed();
    const QByteArray total = spec.mid(slash + 1).trimmed();
    bool ok = true;
    if (total != "*") {
        range.total = total.toLongLong(&ok);
        if (!ok)
            return range;
    }
    if (span != "*") {
        const qsizetype dash = span.indexOf('-');
        range.first = dash > 0 ? span.left(dash).toLongLong(&ok) : -1;
        if (!ok || dash <= 0)
            return range;
    }
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
