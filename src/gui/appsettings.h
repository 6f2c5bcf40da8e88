// AppSettings: the desktop app's preferences as a plain value, read from and written to QSettings
// (organisation "rbee", application "rbee"). Knows which changes need the queen to restart; applies
// nothing itself. The hosted queen's token is stored as given (plain text in the user's settings
// file); the token of a queen the app connects to lives in the system keyring (TokenKeyring) and
// only reaches the settings file where no keyring runs (queenTokenInFile).
#pragma once

#include "core/queen/queenoptions.h"
#include "core/scheduler/scheduler.h"

#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

class QSettings;

namespace rbee::gui {

struct AppSettings {
    enum class Theme { System, Light, Dark };
    // Host: the app runs the queen (QueenServer). Connect: the app is attached to a queen elsewhere.
    enum class QueenMode { Host, Connect };

    static constexpr quint16 kDefaultPort = core::QueenOptions::kDefaultPort;
    static constexpr int kDefaultHeartbeatTimeoutMs = 15000;
    static constexpr int kMinHeartbeatTimeoutMs = 1000;
    static constexpr int kMaxHeartbeatTimeoutMs = 600000;

    QueenMode queenMode = QueenMode::Host;
    // Host mode.
    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = kDefaultPort;
    QString token;  // empty = no authentication
    int heartbeatTimeoutMs = kDefaultHeartbeatTimeoutMs;
    core::SchedulingPolicy policy = core::SchedulingPolicy::CacheAware;
    // Connect mode.
    QUrl queenUrl;
    QString queenToken;             // empty = the queen needs none
    bool queenTokenInFile = false;  // no keyring ran when it was saved: plain text in the settings file
    QString modelsFolder = defaultModelsFolder();
    QStringList addedModelFolders;  // more folders the Models view lists
    bool trayEnabled = false;
    Theme theme = Theme::System;
    QString language = QStringLiteral("system");  // "system" or one of languages()

    // <AppDataLocation>/models
    static QString defaultModelsFolder();
    // The language codes the app offers, "system" first.
    static QStringList languages();
    static QString themeName(Theme theme);  // "system", "light", "dark"
    static std::optional<Theme> themeFromName(const QString &name);
    static QString queenModeName(QueenMode mode);  // "host", "connect"
    static std::optional<QueenMode> queenModeFromName(const QString &name);
    // An http:// or https:// URL with a host, else nullopt.
    static std::optional<QUrl> parseQueenUrl(const QString &text);

    // Missing or invalid values read as their defaults.
    static AppSettings load(QSettings &settings);
    static AppSettings load();  // QSettings("rbee", "rbee")
    void save(QSettings &settings) const;
    void save() const;

    core::QueenOptions queenOptions() const;
    // The mode, and the listen address, port and token (hosting) or the queen's URL and token
    // (connected), are fixed while the app runs; the rest applies live.
    bool needsRestartComparedTo(const AppSettings &old) const;
    // 127.0.0.0/8, ::1 or "localhost": nobody else on the network can reach the queen.
    bool isLoopback() const;

    bool operator==(const AppSettings &other) const = default;
};

}  // namespace rbee::gui
