// The desktop app's start: QApplication, the queen's services on 127.0.0.1:7833 (or another
// port when that one is taken, after asking), the main window, and a first local worker.
#pragma once

namespace rbee::app {

int runGui(int argc, char *argv[]);

}  // namespace rbee::app
