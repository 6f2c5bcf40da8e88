// How the CLI clients reach the queen and report what went wrong; see cliconnection.h.
#include "cliconnection.h"

#include "core/commandline.h"
#include "core/json.h"

#include <QCommandLineParser>
#include <QEventLoop>
#include <QNetworkReply>
#include <QProcessEnvironment>

#include <cstdio>

namespace rbee::app {

using namespace rbee::core;

namespace {
const QString kDefaultQueen = QStringLiteral("http://127.0.0.1:7833");

// The error a non-2xx answer carries, classified by its code; `fallback` when it has none.
Error errorOfAnswer(int status, const QByteArray &body, ErrorCode fallback)
{
    const auto json = parseJsonObject(body);
    const QJsonObject e = json ? json->value(QStringLiteral("error")).toObject() : QJsonObject();
    const QString message =
        e.value(QStringLiteral("message"))
            .toString(QStringLiteral("HTTP %1: %2").arg(status).arg(QString::fromUtf8(body).trimmed()));
    const QString code = e.value(QStringLiteral("code")).toString();
    return Error{code.isEmpty() ? fallback : errorCodeFromName(code), message};
}
}  // namespace

QByteArray shown(const QString &text, TextLayout layout)
{
    return stripControlCharacters(text, layout).toUtf8();
}

int fail(const Error &error)
{
    std::fprintf(stderr, "rbee: %s\n", shown(error.message).constData());
    if (error.code == ErrorCode::QueenUnreachable) {
        std::fputs("rbee: is a queen running there? Start one with 'rbee --serve' (or open the desktop app, "
                   "which hosts one), or name another with --queen URL.\n",
                   stderr);
    }
    return cliExitCode(error.code);
}

QNetworkRequest CliConnection::request(const QString &path, bool json) const
{
    QUrl url = queen;
    QString base = url.path();
    if (base.endsWith(u'/'))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    QNetworkRequest r(url);
    if (!token.isEmpty())
        r.setRawHeader("Authorization", "Bearer " + token);
    if (json)
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    return r;
}

void CliConnection::addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(QStringLiteral("queen"),
                                        QStringLiteral("Queen URL (default %1) [RBEE_QUEEN_URL].").arg(kDefaultQueen),
                                        QStringLiteral("url")));
    parser.addOption(QCommandLineOption(QStringLiteral("token"), QStringLiteral("Bearer token [RBEE_TOKEN]."),
                                        QStringLiteral("token")));
    parser.addHelpOption();
}

Result<CliConnection> CliConnection::fromOptions(const QCommandLineParser &parser)
{
    const auto env = QProcessEnvironment::systemEnvironment();
    QString url = parser.isSet(QStringLiteral("queen")) ? parser.value(QStringLiteral("queen"))
                                                        : env.value(QStringLiteral("RBEE_QUEEN_URL"));
    if (url.isEmpty())
        url = kDefaultQueen;
    QUrl queen;
    Error error;
    if (!parseHttpUrlOption(QStringLiteral("queen"), url, queen, error))
        return error;
    const QString token = parser.isSet(QStringLiteral("token")) ? parser.value(QStringLiteral("token"))
                                                                : env.value(QStringLiteral("RBEE_TOKEN"));
    return CliConnection{queen, token.toUtf8()};
}

std::optional<int> parseOrFinish(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments))
        return fail(Error{ErrorCode::BadRequest, parser.errorText()});
    if (parser.isSet(QStringLiteral("help"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        return 0;
    }
    return std::nullopt;
}

Result<QJsonObject> finishJson(QNetworkReply *reply, const CliConnection &connection)
{
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    if (status == 0) {
        return Error{
            ErrorCode::QueenUnreachable,
            QStringLiteral("cannot reach the queen at %1: %2").arg(connection.queen.toString(), reply->errorString())};
    }
    if (status < 200 || status > 299)
        return errorOfAnswer(status, body, ErrorCode::Internal);
    const auto json = parseJsonObject(body);
    if (!json)
        return Error{ErrorCode::Internal, QStringLiteral("the queen answered something that is not JSON")};
    return json.value();
}

}  // namespace rbee::app
