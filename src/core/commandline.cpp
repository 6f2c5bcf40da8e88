// Implementation of the shared command-line helpers.
#include "commandline.h"

#include <QCommandLineParser>
#include <QHostAddress>

namespace rbee::core {

void addOptions(QCommandLineParser &parser, std::span<const OptionSpec> specs)
{
    for (const OptionSpec &s : specs) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(s.name),
                                            QStringLiteral("%1 [%2]").arg(QLatin1String(s.help), QLatin1String(s.env)),
                                            QString::fromLatin1(s.valueName)));
    }
}

QString optionValue(const QCommandLineParser &parser, const QProcessEnvironment &env, const OptionSpec &spec)
{
    const QString name = QString::fromLatin1(spec.name);
    return parser.isSet(name) ? parser.value(name) : env.value(QString::fromLatin1(spec.env));
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

}  // namespace rbee::core
