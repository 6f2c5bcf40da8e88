// A local worker's log in a window; see workerlogdialog.h.
#include "workerlogdialog.h"

#include "core/client/localworker.h"

#include <QEvent>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace rbee::gui {

WorkerLogDialog::WorkerLogDialog(core::LocalWorker *worker, QWidget *parent) : QDialog(parent)
{
    setAttribute(Qt::WA_DeleteOnClose);
    setWindowTitle(tr("Worker log"));
    auto *view = new QPlainTextEdit(this);
    view->setObjectName(QStringLiteral("workerLogView"));
    view->setReadOnly(true);
    view->setMaximumBlockCount(kMaxLines);
    view->setPlainText(worker->log().join(u'\n'));
    connect(worker, &core::LocalWorker::logAppended, view, &QPlainTextEdit::appendPlainText);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(view);
    resize(760, 420);
}

void WorkerLogDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        setWindowTitle(tr("Worker log"));
}

}  // namespace rbee::gui
