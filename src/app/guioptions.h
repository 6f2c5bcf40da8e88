// Command line of the desktop app: `rbee [--connect URL [--token T]]`. Read before QApplication
// exists, so a bad URL or an unknown option is reported on stderr even without a display; Qt's
// own options (-platform, -style, ...) pass through untouched, anything else is refused.
#pragma once

#include "core/result.h"

#include <QStringList>
#include <QUrl>

#include <optional>

namespace rbee::app {

struct GuiCommandLine {
    std::optional<QUrl> connectUrl;  // --connect: attach to this queen instead of hosting one
    std::optional<QString> token;    // --token: the token of that queen
};

core::Result<GuiCommandLine> parseGuiOptions(const QStringList &arguments);

// The lines `rbee --help` prints about the desktop app.
const char *guiUsage();

}  // namespace rbee::app
