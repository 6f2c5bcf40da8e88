// See guiapp.h. Settings come from QSettings (the Settings dialog); RBEE_PORT, RBEE_HOST,
// RBEE_TOKEN and RBEE_LANGUAGE override them (RBEE_TOKEN: the connected queen's token, when
// attached); RBEE_MODEL names a model to start a local worker on; RBEE_CONVERSATIONS_DIR moves the
// saved conversations.
#include "guiapp.h"

#include "gui/appsettings.h"
#include "gui/firstrunoffer.h"
#include "gui/languageswitcher.h"
#include "gui/mainwindow.h"
#include "gui/modelloadsettings.h"
#include "gui/tokenkeyring.h"
#include "gui/windowlayoutstore.h"

#include "core/client/remotequeenconnection.h"
#include "core/queen/queenserver.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QSettings>

namespace rbee::app {

namespace {
// The window's size, state and splitters as the user left them; saved when the app quits.
void keepLayout(QMainWindow &window)
{
    gui::WindowLayoutStore::restore(window, QSettings(QStringLiteral("rbee"), QStringLiteral("rbee")));
    QObject::connect(qApp, &QCoreApplication::aboutToQuit, &window, [&window] {
        QSettings settings(QStringLiteral("rbee"), QStringLiteral("rbee"));
        gui::WindowLayoutStore::save(window, settings);
    });
}

// The app hosts its queen (QueenServer on 127.0.0.1:7833, or a free port after asking).
int runHosted(const gui::AppSettings &settings, const QProcessEnvironment &env)
{
    core::QueenOptions options = settings.queenOptions();
    if (env.contains(QStringLiteral("RBEE_HOST")))
        options.host = env.value(QStringLiteral("RBEE_HOST"));
    if (env.contains(QStringLiteral("RBEE_PORT")))
        options.port = quint16(env.value(QStringLiteral("RBEE_PORT")).toUInt());
    if (env.contains(QStringLiteral("RBEE_TOKEN")))
        options.token = env.value(QStringLiteral("RBEE_TOKEN"));
    auto queen = std::make_unique<core::QueenServer>(options);
    if (!queen->listen()) {
        const QString reason = queen->errorString();
        const auto answer = QMessageBox::question(
            nullptr, QObject::tr("rbee"),
            QObject::tr("rbee cannot listen for workers on %1:%2: %3.\n\nAnother rbee may be running. Use a free port "
                        "instead? (Workers then need that port in --queen.)")
                .arg(options.host)
                .arg(options.port)
                .arg(reason));
        if (answer != QMessageBox::Yes)
            return 1;
        options.port = 0;
        queen = std::make_unique<core::QueenServer>(options);
        if (!queen->listen()) {
            QMessageBox::critical(nullptr, QObject::tr("rbee"), queen->errorString());
            return 1;
        }
    }

    gui::MainWindow window(queen.get(), env.value(QStringLiteral("RBEE_CONVERSATIONS_DIR")));
    window.applySettings(settings);
    keepLayout(window);
    window.show();

    // A local worker on RBEE_MODEL; else the models the user chose to load again at start; else,
    // once running workers have had time to report, an offer of what is missing.
    const QString model = env.value(QStringLiteral("RBEE_MODEL"));
    if (!model.isEmpty() && QFileInfo::exists(model))
        window.startLocalWorker(gui::ModelLoadSettings::remembered(model));
    else if (window.startRememberedModels() == 0)
        window.offerFirstRun(gui::FirstRunOffer::kDefaultGraceMs);
    return QApplication::exec();
}

// The app attached to a queen elsewhere: no QueenServer, no listening port. The remote queen's
// workers count, so there is no "start a worker / get a model" prompt; RBEE_MODEL (else the models
// chosen to load again at start) still starts local workers, pointed at that queen.
int runAttached(gui::AppSettings settings, const QUrl &url, const std::optional<QString> &token,
                const QProcessEnvironment &env)
{
    std::unique_ptr<core::RemoteQueenConnection> connection;
    std::unique_ptr<gui::MainWindow> window;
    auto attach = [&](const QString &queenToken) {
        // The window's settings say what runs, so the Settings dialog shows this mode and queen.
        settings.queenMode = gui::AppSettings::QueenMode::Connect;
        settings.queenUrl = url;
        settings.queenToken = queenToken;
        connection = std::make_unique<core::RemoteQueenConnection>(url, queenToken);
        window =
            std::make_unique<gui::MainWindow>(connection.get(), env.value(QStringLiteral("RBEE_CONVERSATIONS_DIR")));
        window->applySettings(settings);
        keepLayout(*window);
        window->show();
        connection->start();
        const QString model = env.value(QStringLiteral("RBEE_MODEL"));
        if (!model.isEmpty() && QFileInfo::exists(model))
            window->startLocalWorker(gui::ModelLoadSettings::remembered(model));
        else
            window->startRememberedModels();
    };

    // The token: --token, else RBEE_TOKEN, else the one saved for this queen (never sent elsewhere).
    gui::TokenKeyring keyring;
    if (token) {
        attach(*token);
    } else if (env.contains(QStringLiteral("RBEE_TOKEN"))) {
        attach(env.value(QStringLiteral("RBEE_TOKEN")));
    } else if (url != settings.queenUrl) {
        attach(QString());
    } else if (settings.queenTokenInFile) {
        attach(settings.queenToken);
    } else {
        keyring.read([&](const gui::TokenKeyring::Answer &answer) {
            if (!answer.available)
                qWarning("rbee: the system keyring did not answer (%s); connecting without a token",
                         qPrintable(answer.error));
            attach(answer.token);
        });
    }
    return QApplication::exec();
}
}  // namespace

int runGui(int argc, char *argv[], const GuiCommandLine &commandLine)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("rbee"));
    QApplication::setApplicationVersion(QStringLiteral(RBEE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/rbee.svg")));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();

    const gui::AppSettings settings = gui::AppSettings::load();
    gui::LanguageSwitcher::instance()->apply(env.value(QStringLiteral("RBEE_LANGUAGE"), settings.language));
    if (commandLine.connectUrl)
        return runAttached(settings, *commandLine.connectUrl, commandLine.token, env);
    if (settings.queenMode == gui::AppSettings::QueenMode::Connect) {
        if (!settings.queenUrl.isEmpty())
            return runAttached(settings, settings.queenUrl, std::nullopt, env);
        qWarning("rbee: Settings say to connect to a queen but name none; hosting one instead");
    }
    return runHosted(settings, env);
}

}  // namespace rbee::app
