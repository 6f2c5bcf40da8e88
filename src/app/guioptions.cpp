// See guioptions.h. Accepts "--connect URL" and "--connect=URL" (the same for --token); every other
// argument is Qt's or the desktop app's business.
#include "guioptions.h"

#include "core/commandline.h"

namespace rbee::app {

using core::Error;
using core::ErrorCode;

core::Result<GuiCommandLine> parseGuiOptions(const QStringList &arguments)
{
    GuiCommandLine out;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        for (const QString &name : {QStringLiteral("connect"), QStringLiteral("token")}) {
            const QString option = QStringLiteral("--") + name;
            QString value;
            if (arg == option) {
                if (i + 1 >= arguments.size())
                    return Error{ErrorCode::BadRequest, QStringLiteral("%1 needs a value").arg(option), name};
                value = arguments.at(++i);
            } else if (arg.startsWith(option + u'=')) {
                value = arg.mid(option.size() + 1);
            } else {
                continue;
            }
            if (name == QLatin1String("token")) {
                out.token = value;
                break;
            }
            QUrl url;
            Error error;
            if (!core::parseHttpUrlOption(name, value, url, error))
                return error;
            out.connectUrl = url;
            break;
        }
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
    return "       rbee [--connect URL [--token T]]\n"
           "                                    the desktop app: hosts a queen, or with --connect is attached to\n"
           "                                    the queen at URL and opens no port. Its token: --token, else\n"
           "                                    RBEE_TOKEN, else the one Settings keeps for that URL.\n";
}

}  // namespace rbee::app
