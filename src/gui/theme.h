// The app's look: the platform's own style and palette, or Fusion with a light or dark palette.
#pragma once

#include "appsettings.h"

namespace rbee::gui {

void applyTheme(AppSettings::Theme theme);

}  // namespace rbee::gui
