// Reading StressOptions from the environment; see stressoptions.h.
#include "stressoptions.h"

#include <QDateTime>
#include <QProcessEnvironment>
#include <QRandomGenerator>

namespace rbee::test {

namespace {
// Sanitizer builds keep freed memory in quarantine and shadow it: RSS grows for reasons that are
// not leaks, so the default bound is wider there.
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr qint64 kDefaultRssGrowthMb = 768;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr qint64 kDefaultRssGrowthMb = 768;
#else
constexpr qint64 kDefaultRssGrowthMb = 64;
#endif
#else
constexpr qint64 kDefaultRssGrowthMb = 64;
#endif

qint64 number(const QProcessEnvironment &env, const char *name, qint64 fallback)
{
    bool ok = false;
    const qint64 v = env.value(QString::fromLatin1(name)).toLongLong(&ok);
    return ok ? v : fallback;
}
}  // namespace

StressOptions StressOptions::fromEnvironment()
{
    const auto env = QProcessEnvironment::systemEnvironment();
    StressOptions o;
    bool ok = false;
    o.seed = env.value(QStringLiteral("RBEE_STRESS_SEED")).toULongLong(&ok);
    if (!ok)
        o.seed = QRandomGenerator::system()->generate() % 1000000000u;
    o.seconds = int(qBound(qint64(1), number(env, "RBEE_STRESS_SECONDS", o.seconds), qint64(24 * 3600)));
    o.silenceBoundMs =
        int(qBound(qint64(1000), number(env, "RBEE_STRESS_SILENCE_MS", o.silenceBoundMs), qint64(600000)));
    o.rssGrowthBoundKb = number(env, "RBEE_STRESS_RSS_MB", kDefaultRssGrowthMb) * 1024;
    o.stopStrings = number(env, "RBEE_STRESS_STOP_STRINGS", 1) != 0;
    return o;
}

QString StressOptions::describe() const
{
    return QStringLiteral("RBEE_STRESS_SEED=%1 RBEE_STRESS_SECONDS=%2 RBEE_STRESS_SILENCE_MS=%3 RBEE_STRESS_RSS_MB=%4 "
                          "RBEE_STRESS_STOP_STRINGS=%5")
        .arg(seed)
        .arg(seconds)
        .arg(silenceBoundMs)
        .arg(rssGrowthBoundKb / 1024)
        .arg(stopStrings ? 1 : 0);
}

void StressOptions::extendQtTestTimeout() const
{
    if (!qEnvironmentVariableIsSet("QTEST_FUNCTION_TIMEOUT"))
        qputenv("QTEST_FUNCTION_TIMEOUT", QByteArray::number((qint64(seconds) + 600) * 1000));
}

}  // namespace rbee::test
