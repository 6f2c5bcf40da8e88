// The desktop app's start: QApplication, then either the queen's services on 127.0.0.1:7833 (or
// another port when that one is taken, after asking), the main window and a first local worker;
// or, with --connect or Settings › Queen › Connect, the main window attached to a queen elsewhere
// (RemoteQueenConnection) and no port of its own.
#pragma once

#include "guioptions.h"

namespace rbee::app {

int runGui(int argc, char *argv[], const GuiCommandLine &commandLine);

}  // namespace rbee::app
