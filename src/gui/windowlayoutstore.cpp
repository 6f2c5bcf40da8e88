// Saving and restoring the main window's layout; see windowlayoutstore.h.
#include "windowlayoutstore.h"

#include <QHeaderView>
#include <QMainWindow>
#include <QSettings>
#include <QSplitter>
#include <QTableView>

namespace rbee::gui {

namespace {
const QString kGeometry = QStringLiteral("window/geometry");
const QString kState = QStringLiteral("window/state");
const QString kSplitter = QStringLiteral("window/splitter");
const QString kWorkerColumns = QStringLiteral("window/workerColumns");

QSplitter *splitterOf(const QMainWindow &window)
{
    return window.findChild<QSplitter *>(QStringLiteral("splitter"));
}
QHeaderView *workerHeaderOf(const QMainWindow &window)
{
    auto *table = window.findChild<QTableView *>(QStringLiteral("workerTable"));
    return table ? table->horizontalHeader() : nullptr;
}
}  // namespace

void WindowLayoutStore::save(const QMainWindow &window, QSettings &settings)
{
    settings.setValue(kGeometry, window.saveGeometry());
    settings.setValue(kState, window.saveState());
    if (QSplitter *splitter = splitterOf(window))
        settings.setValue(kSplitter, splitter->saveState());
    if (QHeaderView *header = workerHeaderOf(window))
        settings.setValue(kWorkerColumns, header->saveState());
}

bool WindowLayoutStore::restore(QMainWindow &window, const QSettings &settings)
{
    if (!settings.contains(kGeometry))
        return false;
    window.restoreGeometry(settings.value(kGeometry).toByteArray());
    window.restoreState(settings.value(kState).toByteArray());
    if (QSplitter *splitter = splitterOf(window); splitter && settings.contains(kSplitter))
        splitter->restoreState(settings.value(kSplitter).toByteArray());
    if (QHeaderView *header = workerHeaderOf(window); header && settings.contains(kWorkerColumns))
        header->restoreState(settings.value(kWorkerColumns).toByteArray());
    return true;
}

}  // namespace rbee::gui
