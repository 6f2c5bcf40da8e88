// Control-character stripping; see terminaltext.h.
#include "terminaltext.h"

namespace rbee::core {

QString stripControlCharacters(const QString &text, TextLayout layout)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u <= 0x9f);
        if (!control || (layout == TextLayout::KeepLineBreaks && (u == u'\n' || u == u'\t')))
            out.append(c);
    }
    return out;
}

QString tableColumn(const QString &text, int width)
{
    return text.leftJustified(width) + QLatin1Char(' ');
}

}  // namespace rbee::core
