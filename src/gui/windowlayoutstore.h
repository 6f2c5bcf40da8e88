// WindowLayoutStore: remembers the main window's geometry, window state (maximised, docks), its
// splitter's sizes and the worker table's columns between starts, in QSettings under "window/".
// Finds the parts by objectName ("splitter", "workerTable"), so it needs nothing from the window.
#pragma once

class QMainWindow;
class QSettings;

namespace rbee::gui {

class WindowLayoutStore {
public:
    static void save(const QMainWindow &window, QSettings &settings);
    // Restores what save() wrote; returns false (and leaves the window as it is) when nothing was saved.
    static bool restore(QMainWindow &window, const QSettings &settings);
};

}  // namespace rbee::gui
