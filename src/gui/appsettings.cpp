// See appsettings.h. Keys are grouped by what they configure ("queen/", "models/", "ui/"); renaming
// one loses the user's value, so add new keys instead.
#include "appsettings.h"

#include <QHostAddress>
#include <QSettings>
#include <QStandardPaths>

namespace rbee::gui {

namespace {
const QString kMode = QStringLiteral("queen/mode");
const QString kHost = QStringLiteral("queen/host");
const QString kPort = QStringLiteral("queen/port");
const QString kToken = QStringLiteral("queen/token");
const QString kHeartbeat = QStringLiteral("queen/heartbeatTimeoutMs");
const QString kPolicy = QStringLiteral("queen/policy");
const QString kQueenUrl = QStringLiteral("queen/url");
const QString kQueenToken = QStringLiteral("queen/remoteToken");  // only where no keyring runs
const QString kModelsFolder = QStringLiteral("models/folder");
const QString kAddedModelFolders = QStringLiteral("models/addedFolders");
const QString kTray = QStringLiteral("ui/tray");
const QString kTheme = QStringLiteral("ui/theme");
const QString kLanguage = QStringLiteral("ui/language");
}  // namespace

QString AppSettings::defaultModelsFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/models");
}

QStringList AppSettings::languages()
{
    return {QStringLiteral("system"), QStringLiteral("en"), QStringLiteral("de"), QStringLiteral("fr")};
}

QString AppSettings::themeName(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

std::optional<AppSettings::Theme> AppSettings::themeFromName(const QString &name)
{
    for (Theme theme : {Theme::System, Theme::Light, Theme::Dark}) {
        if (themeName(theme) == name)
            return theme;
    }
    return std::nullopt;
}

QString AppSettings::queenModeName(QueenMode mode)
{
    return mode == QueenMode::Connect ? QStringLiteral("connect") : QStringLiteral("host");
}

std::optional<AppSettings::QueenMode> AppSettings::queenModeFromName(const QString &name)
{
    for (QueenMode mode : {QueenMode::Host, QueenMode::Connect}) {
        if (queenModeName(mode) == name)
            return mode;
    }
    return std::nullopt;
}

std::optional<QUrl> AppSettings::parseQueenUrl(const QString &text)
{
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty())
        return std::nullopt;
    return url;
}

AppSettings AppSettings::load(QSettings &settings)
{
    AppSettings s;
    if (const auto mode = queenModeFromName(settings.value(kMode).toString()))
        s.queenMode = *mode;
    const QString host = settings.value(kHost).toString().trimmed();
    if (!host.isEmpty())
        s.listenHost = host;
    bool ok = false;
    const uint port = settings.value(kPort).toUInt(&ok);
    if (ok && port <= 65535)
        s.listenPort = quint16(port);
    s.token = settings.value(kToken).toString();
    const int heartbeat = settings.value(kHeartbeat).toInt(&ok);
    if (ok && heartbeat >= kMinHeartbeatTimeoutMs && heartbeat <= kMaxHeartbeatTimeoutMs)
        s.heartbeatTimeoutMs = heartbeat;
    if (const auto policy = core::schedulingPolicyFromName(settings.value(kPolicy).toString()))
        s.policy = *policy;
    if (const auto url = parseQueenUrl(settings.value(kQueenUrl).toString()))
        s.queenUrl = *url;
    s.queenTokenInFile = settings.contains(kQueenToken);
    s.queenToken = settings.value(kQueenToken).toString();
    const QString folder = settings.value(kModelsFolder).toString();
    if (!folder.isEmpty())
        s.modelsFolder = folder;
    s.addedModelFolders = settings.value(kAddedModelFolders).toStringList();
    s.trayEnabled = settings.value(kTray, false).toBool();
    if (const auto theme = themeFromName(settings.value(kTheme).toString()))
        s.theme = *theme;
    const QString language = settings.value(kLanguage).toString();
    if (languages().contains(language))
        s.language = language;
    return s;
}

AppSettings AppSettings::load()
{
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    return load(settings);
}

void AppSettings::save(QSettings &settings) const
{
    settings.setValue(kMode, queenModeName(queenMode));
    settings.setValue(kHost, listenHost);
    settings.setValue(kPort, uint(listenPort));
    settings.setValue(kToken, token);
    settings.setValue(kHeartbeat, heartbeatTimeoutMs);
    settings.setValue(kPolicy, core::schedulingPolicyName(policy));
    if (queenUrl.isEmpty())
        settings.remove(kQueenUrl);
    else
        settings.setValue(kQueenUrl, queenUrl.toString());
    if (queenTokenInFile)
        settings.setValue(kQueenToken, queenToken);
    else
        settings.remove(kQueenToken);
    settings.setValue(kModelsFolder, modelsFolder);
    settings.setValue(kAddedModelFolders, addedModelFolders);
    settings.setValue(kTray, trayEnabled);
    settings.setValue(kTheme, themeName(theme));
    settings.setValue(kLanguage, language);
}

void AppSettings::save() const
{
    QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
    save(settings);
}

core::QueenOptions AppSettings::queenOptions() const
{
    core::QueenOptions options;
    options.host = listenHost;
    options.port = listenPort;
    options.token = token;
    options.heartbeatTimeoutMs = heartbeatTimeoutMs;
    options.jobs.policy = policy;
    return options;
}

bool AppSettings::needsRestartComparedTo(const AppSettings &old) const
{
    if (queenMode != old.queenMode)
        return true;
    if (queenMode == QueenMode::Connect)
        return queenUrl != old.queenUrl || queenToken != old.queenToken;
    return listenHost != old.listenHost || listenPort != old.listenPort || token != old.token;
}

bool AppSettings::isLoopback() const
{
    if (listenHost.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(listenHost);
    return !address.isNull() && address.isLoopback();
}

}  // namespace rbee::gui
