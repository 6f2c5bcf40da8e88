// Implementation of the shared command-line tables.
#include "commandline.h"

#include <QCommandLineParser>
#include <QHostAddress>

namespace rbee::core {

void setUpParser(QCommandLineParser &parser, const QString &description)
{
    parser.setApplicationDescription(description
                                     + QStringLiteral("\nEvery option can also be set with the environment "
                                                      "variable in brackets; the command line wins."));
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    parser.addOption(QCommandLineOption(QStringList{QStringLiteral("h"), QStringLiteral("help")},
                                        QStringLiteral("Show this help.")));
}

Result<ParsedCommandLine> parseCommandLine(QCommandLineParser &parser, const QString &description,
                                           const QStringList &arguments, const QProcessEnvironment &env,
                                           std::span<const OptionSpec> specs, QString &helpText)
{
    setUpParser(parser, description);
    const QCommandLineOption version(QStringLiteral("version"), QStringLiteral("Show the version."));
    parser.addOption(version);
    addOptions(parser, specs);
    helpText = parser.helpText();
    if (const auto error = usageError(parser, parser.parse(arguments)))
        return *error;
    if (parser.isSet(QStringLiteral("help")))
        return ParsedCommandLine::ShowHelp;
    if (parser.isSet(version))
        return ParsedCommandLine::ShowVersion;
    if (const auto error = applyOptions(parser, env, specs))
        return *error;
    return ParsedCommandLine::Run;
}

void addOptions(QCommandLineParser &parser, std::span<const OptionSpec> specs)
{
    for (const OptionSpec &s : specs) {
        const QString env = QLatin1String(s.env) + (s.valueName ? QString() : QStringLiteral("=1"));
        const QString help =
            s.env ? QStringLiteral("%1 [%2]").arg(QLatin1String(s.help), env) : QString::fromLatin1(s.help);
        if (s.valueName)
            parser.addOption(QCommandLineOption(QString::fromLatin1(s.name), help, QString::fromLatin1(s.valueName)));
        else
            parser.addOption(QCommandLineOption(QString::fromLatin1(s.name), help));
    }
}

std::optional<Error> applyOptions(const QCommandLineParser &parser, const QProcessEnvironment &env,
                                  std::span<const OptionSpec> specs)
{
    for (const OptionSpec &s : specs) {
        const QString name = QString::fromLatin1(s.name);
        const QString envName = s.env ? QString::fromLatin1(s.env) : QString();
        QString value;
        if (!s.valueName) {
            const QString fromEnv = s.env ? env.value(envName) : QString();
            if (!fromEnv.isEmpty() && fromEnv != QLatin1String("0") && fromEnv != QLatin1String("1"))
                return Error{ErrorCode::BadRequest, QStringLiteral("%1 must be 0 or 1, got '%2'").arg(envName, fromEnv),
                             name};
            if (!parser.isSet(name) && fromEnv != QLatin1String("1"))
                continue;
            value = QStringLiteral("1");
        } else {
            value = parser.isSet(name) ? parser.value(name) : (s.env ? env.value(envName) : QString());
            if (value.isEmpty())
                continue;
        }
        Error error;
        if (!s.set(name, value, error))
            return error;
    }
    return std::nullopt;
}

std::optional<Error> usageError(const QCommandLineParser &parser, bool parsed)
{
    if (!parsed)
        return Error{ErrorCode::BadRequest, parser.errorText()};
    if (!parser.positionalArguments().isEmpty()) {
        return Error{ErrorCode::BadRequest,
                     QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst())};
    }
    return std::nullopt;
}

OptionSetter textOption(QString &out, int maxChars)
{
    return [&out, maxChars](const QString &name, const QString &v, Error &error) {
        if (maxChars >= 0 && !checkLengthOption(name, v, maxChars, error))
            return false;
        out = v;
        return true;
    };
}

OptionSetter intOption(int &out, int min, int max)
{
    return [&out, min, max](const QString &name, const QString &v, Error &error) {
        qint64 n = 0;
        if (!parseIntOption(name, v, min, max, n, error))
            return false;
        out = int(n);
        return true;
    };
}

OptionSetter int64Option(qint64 &out, qint64 min, qint64 max)
{
    return [&out, min, max](const QString &name, const QString &v, Error &error) {
        return parseIntOption(name, v, min, max, out, error);
    };
}

OptionSetter portOption(quint16 &out)
{
    return [&out](const QString &name, const QString &v, Error &error) {
        qint64 n = 0;
        if (!parseIntOption(name, v, 0, 65535, n, error))
            return false;
        out = quint16(n);
        return true;
    };
}

OptionSetter httpUrlOption(QUrl &out)
{
    return
        [&out](const QString &name, const QString &v, Error &error) { return parseHttpUrlOption(name, v, out, error); };
}

OptionSetter hostOption(QString &out)
{
    return [&out](const QString &name, const QString &v, Error &error) { return parseHostOption(name, v, out, error); };
}

OptionSetter flagOption(bool &out)
{
    return [&out](const QString &, const QString &, Error &) {
        out = true;
        return true;
    };
}

bool parseIntOption(const QString &name, const QString &text, qint64 min, qint64 max, qint64 &out, Error &error)
{
    bool ok = false;
    const qint64 v = text.toLongLong(&ok);
    if (!ok || v < min || v > max) {
        error = Error{
            ErrorCode::BadRequest,
            QStringLiteral("--%1 must be an integer from %2 to %3, got '%4'").arg(name).arg(min).arg(max).arg(text),
            name};
        return false;
    }
    out = v;
    return true;
}

bool parseHttpUrlOption(const QString &name, const QString &text, QUrl &out, Error &error)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))
        || url.host().isEmpty()) {
        error =
            Error{ErrorCode::BadRequest, QStringLiteral("--%1 must be an http:// URL, got '%2'").arg(name, text), name};
        return false;
    }
    out = url;
    return true;
}

bool parseHostOption(const QString &name, const QString &text, QString &out, Error &error)
{
    if (text == QLatin1String("localhost")) {
        out = QStringLiteral("127.0.0.1");
        return true;
    }
    if (QHostAddress(text).isNull()) {
        error =
            Error{ErrorCode::BadRequest, QStringLiteral("--%1 must be an IP address, got '%2'").arg(name, text), name};
        return false;
    }
    out = text;
    return true;
}

bool checkLengthOption(const QString &name, const QString &text, int maxChars, Error &error)
{
    if (text.size() <= maxChars)
        return true;
    error = Error{ErrorCode::BadRequest,
                  QStringLiteral("--%1 must be at most %2 characters, got %3").arg(name).arg(maxChars).arg(text.size()),
                  name};
    return false;
}

}  // namespace rbee::core
