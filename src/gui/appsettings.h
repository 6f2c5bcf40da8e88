// AppSettings: the desktop app's preferences as a plain value, read from and written to QSettings
// (organisation "rbee", application "rbee"). Knows which changes need the queen to restart; applies
// nothing itself. The token is stored as given (plain text in the user's settings file).
#pragma once

#include "core/queen/queenoptions.h"
#include "core/scheduler/scheduler.h"

#include <QString>
#include <QStringList>

#include <optional>

class QSettings;

namespace rbee::gui {

struct AppSettings {
    enum class Theme { System, Light, Dark };

    static constexpr quint16 kDefaultPort = core::QueenOptions::kDefaultPort;
    static constexpr int kDefaultHeartbeatTimeoutMs = 15000;
    static constexpr int kMinHeartbeatTimeoutMs = 1000;
    static constexpr int kMaxHeartbeatTimeoutMs = 600000;

    QString listenHost = QStringLiteral("127.0.0.1");
    quint16 listenPort = kDefaultPort;
    QString token;  // empty = no authentication
    int heartbeatTimeoutMs = kDefaultHeartbeatTimeoutMs;
    core::SchedulingPolicy policy = core::SchedulingPolicy::CacheAware;
    QString modelsFolder = defaultModelsFolder();
    bool trayEnabled = false;
    Theme theme = Theme::System;
    QString language = QStringLiteral("system");  // "system" or one of languages()

    // <AppDataLocation>/models
    static QString defaultModelsFolder();
    // The language codes the app offers, "system" first.
    static QStringList languages();
    static QString themeName(Theme theme);  // "system", "light", "dark"
    static std::optional<Theme> themeFromName(const QString &name);

    // Missing or invalid values read as their defaults.
    static AppSettings load(QSettings &settings);
    static AppSettings load();  // QSettings("rbee", "rbee")
    void save(QSettings &settings) const;
    void save() const;

    core::QueenOptions queenOptions() const;
    // Listen address, port and token are fixed while the queen listens; the rest applies live.
    bool needsRestartComparedTo(const AppSettings &old) const;
    // 127.0.0.0/8, ::1 or "localhost": nobody else on the network can reach the queen.
    bool isLoopback() const;

    bool operator==(const AppSettings &other) const = default;
};

}  // namespace rbee::gui
