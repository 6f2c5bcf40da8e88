// The parts every CLI client of a queen shares: the --queen/--token options with their environment
// fallbacks, requests to the queen with the token, a whole JSON answer awaited and classified into
// an Error, and the one way errors and network text reach the terminal. No command logic here.
#pragma once

#include "core/error.h"
#include "core/result.h"
#include "core/terminaltext.h"

#include <QByteArray>
#include <QJsonObject>
#include <QNetworkRequest>
#include <QString>
#include <QUrl>

#include <optional>

class QCommandLineParser;
class QNetworkReply;

namespace rbee::app {

// Network-supplied text reaches the terminal only without control characters (escape codes).
QByteArray shown(const QString &text, core::TextLayout layout = core::TextLayout::SingleLine);

// Prints "rbee: MESSAGE" on stderr (and, when no queen answered, how to start one); returns the
// exit status of the error's class.
int fail(const core::Error &error);

struct CliConnection {
    QUrl queen;
    QByteArray token;

    // `path` below the queen's URL, with the token; JSON content type when `json`.
    QNetworkRequest request(const QString &path, bool json = false) const;

    static void addOptions(QCommandLineParser &parser);
    // --queen/--token, else RBEE_QUEEN_URL/RBEE_TOKEN, else the default queen without a token.
    static core::Result<CliConnection> fromOptions(const QCommandLineParser &parser);
};

// Parses the command line; returns the exit status when the command is already done (help
// shown, or a usage error reported), nothing when it should go on.
std::optional<int> parseOrFinish(QCommandLineParser &parser, const QStringList &arguments);

// Waits for a whole reply (and deletes it later). A 2xx JSON object is the result; anything
// else an Error classified by the answer's error code (no answer at all: queen_unreachable).
core::Result<QJsonObject> finishJson(QNetworkReply *reply, const CliConnection &connection);

}  // namespace rbee::app
