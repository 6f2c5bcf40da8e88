// Wording the queen's narration facts; see narrationtext.h.
#include "narrationtext.h"

namespace rbee::gui {

QString NarrationText::ruleText(const QString &rule)
{
    if (rule == QLatin1String("first-available"))
        return tr("as the first available worker");
    if (rule == QLatin1String("least-loaded"))
        return tr("as the least loaded worker");
    if (rule == QLatin1String("cache-aware"))
        return tr("as the worker most likely to have the conversation cached");
    if (rule == QLatin1String("worker_id"))
        return tr("as asked");
    return rule;
}

QString NarrationText::forUser(const QJsonObject &narration, const QString &language)
{
    const QString message = narration.value(QStringLiteral("message")).toString();
    if (language == QLatin1String("en"))
        return message;
    const QString kind = narration.value(QStringLiteral("kind")).toString();
    const QString worker = narration.value(QStringLiteral("worker_id")).toString();
    if (kind == QLatin1String("selected") && !worker.isEmpty())
        return tr("Selected worker %1 %2.").arg(worker, ruleText(narration.value(QStringLiteral("rule")).toString()));
    if (kind == QLatin1String("waiting"))
        return tr("Every worker for this model is busy; the job waits for a free slot.");
    if (kind == QLatin1String("retrying") && !worker.isEmpty())
        return tr("Worker %1 refused the job; trying another worker.").arg(worker);
    return message;
}

}  // namespace rbee::gui
