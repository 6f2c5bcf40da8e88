// Segment-wise matching; a {name} segment matches any one non-empty segment.
#include "routepattern.h"

namespace rbee::core {

RoutePattern::RoutePattern(const QString &pattern)
    : m_pattern(pattern)
    , m_segments(pattern.split(u'/', Qt::SkipEmptyParts))
{}

std::optional<QHash<QString, QString>> RoutePattern::match(const QString &path) const
{
    const QStringList parts = path.split(u'/', Qt::SkipEmptyParts);
    if (parts.size() != m_segments.size())
        return std::nullopt;
    QHash<QString, QString> params;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const QString &seg = m_segments.at(i);
        if (seg.startsWith(u'{') && seg.endsWith(u'}'))
            params.insert(seg.mid(1, seg.size() - 2), parts.at(i));
        else if (seg != parts.at(i))
            return std::nullopt;
    }
    return params;
}

}  // namespace rbee::core
