// See guioptions.h. Accepts "--connect URL" and "--connect=URL" (the same for --token), and the
// options QGuiApplication and QApplication read themselves (one or two dashes, "-style fusion" or
// "-style=fusion"); an unknown option or a stray argument is an error, so that a typo never opens
// a window.
#include "guioptions.h"

#include "core/commandline.h"

#include <QSet>

namespace rbee::app {

using core::Error;
using core::ErrorCode;

namespace {
// Qt's own options (QGuiApplication, QApplication, the xcb platform) that take a value.
bool isQtOptionWithValue(const QString &name)
{
    static const QSet<QString> kNames{
        QStringLiteral("platform"),
        QStringLiteral("platformpluginpath"),
        QStringLiteral("platformtheme"),
        QStringLiteral("plugin"),
        QStringLiteral("qwindowgeometry"),
        QStringLiteral("qwindowicon"),
        QStringLiteral("qwindowtitle"),
        QStringLiteral("session"),
        QStringLiteral("display"),
        QStringLiteral("geometry"),
        QStringLiteral("style"),
        QStringLiteral("stylesheet"),
        QStringLiteral("name"),
        QStringLiteral("title"),
        QStringLiteral("qmljsdebugger"),
    };
    return kNames.contains(name);
}

// Qt's own options that are flags.
bool isQtFlag(const QString &name)
{
    static const QSet<QString> kNames{QStringLiteral("reverse"), QStringLiteral("widgetcount"),
                                      QStringLiteral("nograb"), QStringLiteral("dograb"), QStringLiteral("sync")};
    return kNames.contains(name);
}
}  // namespace

core::Result<GuiCommandLine> parseGuiOptions(const QStringList &arguments)
{
    GuiCommandLine out;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (!arg.startsWith(u'-') || arg == QLatin1String("-") || arg == QLatin1String("--"))
            return Error{ErrorCode::BadRequest, QStringLiteral("unexpected argument '%1'").arg(arg)};
        const QString body = arg.mid(arg.startsWith(QLatin1String("--")) ? 2 : 1);
        const QString name = body.section(u'=', 0, 0);
        const bool hasInlineValue = body.contains(u'=');
        const bool ours =
            arg.startsWith(QLatin1String("--")) && (name == QLatin1String("connect") || name == QLatin1String("token"));
        if (!ours) {
            if (isQtFlag(name) && !hasInlineValue)
                continue;
            if (!isQtOptionWithValue(name))
                return Error{ErrorCode::BadRequest, QStringLiteral("unknown option '%1'").arg(arg)};
            if (!hasInlineValue && ++i >= arguments.size())
                return Error{ErrorCode::BadRequest, QStringLiteral("%1 needs a value").arg(arg), name};
            continue;
        }
        const QString option = QStringLiteral("--") + name;
        QString value;
        if (hasInlineValue) {
            value = body.mid(name.size() + 1);
        } else {
            if (i + 1 >= arguments.size())
                return Error{ErrorCode::BadRequest, QStringLiteral("%1 needs a value").arg(option), name};
            value = arguments.at(++i);
        }
        if (name == QLatin1String("token")) {
            out.token = value;
            continue;
        }
        QUrl url;
        Error error;
        if (!core::parseHttpUrlOption(name, value, url, error))
            return error;
        out.connectUrl = url;
    }
    if (out.token && !out.connectUrl) {
        return Error{ErrorCode::BadRequest,
                     QStringLiteral("--token goes with --connect (the hosted queen's token is set in Settings or "
                                    "RBEE_TOKEN)"),
                     QStringLiteral("token")};
    }
    return out;
}

const char *guiUsage()
{
    return "  rbee                              open the desktop app; it hosts a queen on this machine\n"
           "                                    (127.0.0.1:7833) and starts a local worker\n"
           "  rbee --connect URL [--token T]    open the desktop app attached to the queen at URL (no port of\n"
           "                                    its own). Its token: --token, else RBEE_TOKEN, else the one\n"
           "                                    Settings keeps for that URL. Qt's own options (-platform,\n"
           "                                    -style, ...) are accepted too.\n";
}

}  // namespace rbee::app
