// Text from the network made safe for a terminal: no escape sequences, no control characters that
// move the cursor or rewrite what is shown. Used by the command-line clients for worker-supplied text.
#pragma once

#include <QString>

namespace rbee::core {

enum class TextLayout { SingleLine, KeepLineBreaks };

// Drops C0 controls (ESC included), DEL and C1 controls; KeepLineBreaks keeps '\n' and '\t'.
QString stripControlCharacters(const QString &text, TextLayout layout = TextLayout::SingleLine);
// A table cell: `text` padded to `width` characters (never cut), then one space.
QString tableColumn(const QString &text, int width);

}  // namespace rbee::core
