// The ended-worker bar and its two actions; see workerexitbar.h.
#include "workerexitbar.h"

#include "workerlogdialog.h"

#include "core/client/localworker.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>

namespace rbee::gui {

WorkerExitBar::WorkerExitBar(QWidget *parent)
    : QFrame(parent)
    , m_message(new QLabel(this))
    , m_restart(new QPushButton(this))
    , m_log(new QPushButton(this))
    , m_close(new QToolButton(this))
{
    setObjectName(QStringLiteral("workerExitBar"));
    setFrameShape(QFrame::StyledPanel);
    // A warning tint that reads on light and dark palettes alike.
    setStyleSheet(QStringLiteral("#workerExitBar { background: rgba(217, 119, 6, 0.18); border: 1px solid "
                                 "rgba(217, 119, 6, 0.7); border-radius: 4px; }"));
    m_message->setObjectName(QStringLiteral("workerExitMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_restart->setObjectName(QStringLiteral("restartWorkerButton"));
    m_log->setObjectName(QStringLiteral("showWorkerLogButton"));
    m_close->setObjectName(QStringLiteral("dismissWorkerExitButton"));
    m_close->setIcon(style()->standardIcon(QStyle::SP_TitleBarCloseButton));
    m_close->setAutoRaise(true);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(8, 4, 4, 4);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_restart);
    layout->addWidget(m_log);
    layout->addWidget(m_close);
    connect(m_restart, &QPushButton::clicked, this, &WorkerExitBar::restart);
    connect(m_log, &QPushButton::clicked, this, &WorkerExitBar::showLog);
    connect(m_close, &QToolButton::clicked, this, [this] {
        hide();
        release();
    });
    retranslate();
    hide();
}

WorkerExitBar::~WorkerExitBar() = default;

void WorkerExitBar::showExit(core::LocalWorker *worker)
{
    if (worker != m_worker)
        release();
    m_worker = worker;
    m_message->setText(worker->exitDescription());
    show();
}

void WorkerExitBar::release()
{
    // A worker that was restarted belongs to the window again; an ended one is done with.
    if (m_worker && m_worker->state() == core::LocalWorker::State::NotRunning)
        m_worker->deleteLater();
    m_worker = nullptr;
}

void WorkerExitBar::restart()
{
    hide();
    core::LocalWorker *worker = m_worker;
    m_worker = nullptr;
    if (!worker)
        return;
    if (worker->start(worker->settings()))
        Q_EMIT restarted(worker);
}

void WorkerExitBar::showLog()
{
    if (m_worker)
        (new WorkerLogDialog(m_worker, window()))->show();
}

void WorkerExitBar::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void WorkerExitBar::retranslate()
{
    m_restart->setText(tr("&Restart"));
    m_restart->setToolTip(tr("Start the worker again with the same model and settings"));
    m_log->setText(tr("Show &log"));
    m_close->setToolTip(tr("Dismiss"));
    if (m_worker)
        m_message->setText(m_worker->exitDescription());
}

}  // namespace rbee::gui
