// Command-line helpers shared by rbee-worker and rbee: options that can also come from an
// environment variable, and value checks whose errors name the option.
#pragma once

#include "error.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <span>

class QCommandLineParser;

namespace rbee::core {

struct OptionSpec {
    const char *name;  // --name
    const char *env;   // RBEE_... variable read when the option is absent
    const char *valueName;
    const char *help;
};

// Adds each option with its variable named in the help text.
void addOptions(QCommandLineParser &parser, std::span<const OptionSpec> specs);
// The option's value, else its environment variable's, else empty.
QString optionValue(const QCommandLineParser &parser, const QProcessEnvironment &env, const OptionSpec &spec);

// Each returns false and fills `error` (naming --name) when the text is not acceptable.
bool parseIntOption(const QString &name, const QString &text, qint64 min, qint64 max, qint64 &out, Error &error);
bool parseHttpUrlOption(const QString &name, const QString &text, QUrl &out, Error &error);
// An IP address, or "localhost" (read as 127.0.0.1).
bool parseHostOption(const QString &name, const QString &text, QString &out, Error &error);

}  // namespace rbee::core
