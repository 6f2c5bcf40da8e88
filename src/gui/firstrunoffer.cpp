// What the app offers at start; see firstrunoffer.h.
#include "firstrunoffer.h"

#include "core/registry/workerregistry.h"

#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QWidget>

namespace rbee::gui {

FirstRunOffer::Offer FirstRunOffer::decide(int onlineWorkers, bool workerStartingHere, bool modelFound)
{
    if (onlineWorkers > 0 || workerStartingHere)
        return Offer::None;
    return modelFound ? Offer::StartWorker : Offer::GetModel;
}

QString FirstRunOffer::firstModel(const QStringList &folders)
{
    for (const QString &folder : folders) {
        const QDir dir(folder);
        const QStringList found = dir.entryList({QStringLiteral("*.gguf")}, QDir::Files, QDir::Name);
        if (!found.isEmpty())
            return dir.filePath(found.first());
    }
    return {};
}

FirstRunOffer::FirstRunOffer(QWidget *window, core::WorkerRegistry *registry, const QStringList &folders,
                             Actions actions, int graceMs)
    : QObject(window)
    , m_window(window)
    , m_registry(registry)
    , m_folders(folders)
    , m_actions(std::move(actions))
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &FirstRunOffer::offer);
    m_timer.start(graceMs);
}

void FirstRunOffer::offer()
{
    deleteLater();
    const QString model = firstModel(m_folders);
    switch (decide(m_registry->onlineCount(), m_actions.workerStartingHere(), !model.isEmpty())) {
    case Offer::None: return;
    case Offer::StartWorker:
        if (QMessageBox::question(m_window, tr("rbee"),
                                  tr("No worker is running. Start one on %1?").arg(QFileInfo(model).fileName()))
            == QMessageBox::Yes)
            m_actions.startWorker(model);
        return;
    case Offer::GetModel:
        if (QMessageBox::question(m_window, tr("rbee"),
                                  tr("There is no model in %1 yet, and no worker is running. Get one now?")
                                      .arg(QDir::toNativeSeparators(m_folders.value(0))))
            == QMessageBox::Yes)
            m_actions.getModel();
        return;
    }
}

}  // namespace rbee::gui
