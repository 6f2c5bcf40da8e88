// Command-line tables shared by rbee-worker and `rbee --serve`: each option is one row of
// {name, environment variable, value name, help, setter}, declared, documented in --help and
// parsed the same way in both programs, with the same error texts (naming --name).
#pragma once

#include "error.h"
#include "result.h"

#include <QProcessEnvironment>
#include <QString>
#include <QUrl>

#include <functional>
#include <optional>
#include <span>

class QCommandLineParser;

namespace rbee::core {

// Takes the option's text (never empty) and stores it; false with `error` set when it is not acceptable.
using OptionSetter = std::function<bool(const QString &name, const QString &value, Error &error)>;

struct OptionSpec {
    const char *name;       // --name
    const char *env;        // RBEE_... variable read when the option is absent (an empty one counts as absent);
                            // nullptr: a command-line-only option (an action such as --list-devices)
    const char *valueName;  // nullptr: a flag; the variable then says 1 (set) or 0 (not set)
    const char *help;
    OptionSetter set;  // called with "1" for a flag that is set
};

// Sets up a parser the way both programs share: the description plus a sentence on the
// variables, -h/--help, and single-dash long options (-port 80 as --port 80).
void setUpParser(QCommandLineParser &parser, const QString &description);
// Adds each option with its variable named in the help text ([RBEE_X], or [RBEE_X=1] for a flag).
void addOptions(QCommandLineParser &parser, std::span<const OptionSpec> specs);
// Applies every option given on the command line or, when absent there, in its variable, in
// table order; the first refusal.
std::optional<Error> applyOptions(const QCommandLineParser &parser, const QProcessEnvironment &env,
                                  std::span<const OptionSpec> specs);
// After parser.parse(): the parser's own error, or an unexpected positional argument.
std::optional<Error> usageError(const QCommandLineParser &parser, bool parsed);

// What a program's command line asks for, before its own checks.
enum class ParsedCommandLine { Run, ShowHelp, ShowVersion };
// The whole sequence both programs share: setUpParser, --version, addOptions, parse, usage errors,
// --help and --version, then applyOptions. `helpText` gets the usage text in every case.
Result<ParsedCommandLine> parseCommandLine(QCommandLineParser &parser, const QString &description,
                                           const QStringList &arguments, const QProcessEnvironment &env,
                                           std::span<const OptionSpec> specs, QString &helpText);

// Setters for the common kinds of value.
OptionSetter textOption(QString &out, int maxChars = -1);  // -1: any length
OptionSetter intOption(int &out, int min, int max);
OptionSetter int64Option(qint64 &out, qint64 min, qint64 max);
OptionSetter portOption(quint16 &out);
OptionSetter httpUrlOption(QUrl &out);
OptionSetter hostOption(QString &out);  // an IP address, or "localhost" (read as 127.0.0.1)
OptionSetter flagOption(bool &out);

// Each returns false and fills `error` (naming --name) when the text is not acceptable.
bool parseIntOption(const QString &name, const QString &text, qint64 min, qint64 max, qint64 &out, Error &error);
bool parseHttpUrlOption(const QString &name, const QString &text, QUrl &out, Error &error);
bool parseHostOption(const QString &name, const QString &text, QString &out, Error &error);
bool checkLengthOption(const QString &name, const QString &text, int maxChars, Error &error);

}  // namespace rbee::core
