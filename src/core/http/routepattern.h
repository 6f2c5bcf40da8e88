// RoutePattern: "/v1/inference/{job_id}/stream" style paths with named parameters.
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace rbee::core {

class RoutePattern {
public:
    explicit RoutePattern(const QString &pattern);
    // The parameters when `path` matches, e.g. {"job_id": "abc"}.
    std::optional<QHash<QString, QString>> match(const QString &path) const;
    const QString &pattern() const { return m_pattern; }

private:
    QString m_pattern;
    QStringList m_segments;
};

}  // namespace rbee::core
