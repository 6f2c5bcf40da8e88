// See guiapp.h. Settings come from the environment for now: RBEE_PORT, RBEE_HOST, RBEE_TOKEN,
// RBEE_MODEL (a model to start a local worker on), RBEE_CONVERSATIONS_DIR.
#include "guiapp.h"

#include "gui/mainwindow.h"

#include "core/queen/queenserver.h"

#include <QApplication>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace rbee::app {

int runGui(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("rbee"));
    QApplication::setApplicationVersion(QStringLiteral(RBEE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/rbee.svg")));
    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();

    core::QueenOptions options;
    if (env.contains(QStringLiteral("RBEE_HOST")))
        options.host = env.value(QStringLiteral("RBEE_HOST"));
    if (env.contains(QStringLiteral("RBEE_PORT")))
        options.port = quint16(env.value(QStringLiteral("RBEE_PORT")).toUInt());
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
    window.show();

    // First run: a local worker on RBEE_MODEL, else on a model found in the models folder.
    QString model = env.value(QStringLiteral("RBEE_MODEL"));
    if (model.isEmpty()) {
        const QDir models(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                          + QStringLiteral("/models"));
        const QStringList found = models.entryList({QStringLiteral("*.gguf")}, QDir::Files);
        if (!found.isEmpty()
            && QMessageBox::question(&window, QObject::tr("rbee"),
                                     QObject::tr("No worker is running. Start one on %1?").arg(found.first()))
                   == QMessageBox::Yes) {
            model = models.filePath(found.first());
        }
    }
    if (!model.isEmpty() && QFileInfo::exists(model))
        window.startLocalWorker(model);
    return QApplication::exec();
}

}  // namespace rbee::app
