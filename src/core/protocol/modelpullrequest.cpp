// JSON of ModelPullRequest; see modelpullrequest.h.
#include "modelpullrequest.h"

#include "hivereport.h"

#include "../json.h"

#include <QRegularExpression>
#include <QUrl>

namespace rbee::core {

QJsonObject ModelPullRequest::toJson() const
{
    QJsonObject o{{QStringLiteral("model"), model}};
    if (!url.isEmpty())
        o.insert(QStringLiteral("url"), url);
    if (!fromHive.isEmpty())
        o.insert(QStringLiteral("from_hive"), fromHive);
    if (!sha256.isEmpty())
        o.insert(QStringLiteral("sha256"), sha256);
    return o;
}

Result<ModelPullRequest> ModelPullRequest::fromJson(const QJsonObject &object)
{
    JsonObjectReader r(object);
    ModelPullRequest p;
    r.rejectUnknown(
        {QStringLiteral("model"), QStringLiteral("url"), QStringLiteral("from_hive"), QStringLiteral("sha256")});
    r.string("model", p.model, true, false);
    r.string("url", p.url, false, false);
    r.string("from_hive", p.fromHive, false, false);
    r.string("sha256", p.sha256, false, false);
    r.maxLength("url", p.url, HiveReport::kMaxUrlChars);
    r.maxLength("from_hive", p.fromHive, HiveReport::kMaxNameChars);
    if (r.ok()) {
        if (const auto error = HiveModel::validateName(p.model))
            r.fail(*error);
    }
    if (r.ok() && p.url.isEmpty() == p.fromHive.isEmpty())
        r.fail(QStringLiteral("url"), QStringLiteral("give exactly one of 'url' and 'from_hive'"));
    if (r.ok() && !p.url.isEmpty()) {
        const QUrl url(p.url, QUrl::StrictMode);
        if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
            || url.host().isEmpty())
            r.fail(QStringLiteral("url"), QStringLiteral("field 'url' must be an http(s) URL with a host"));
    }
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (r.ok() && !p.sha256.isEmpty() && !hex.match(p.sha256).hasMatch())
        r.fail(QStringLiteral("sha256"), QStringLiteral("field 'sha256' must be 64 lower-case hex digits"));
    if (!r.ok())
        return r.error();
    return p;
}

}  // namespace rbee::core
