// MarkdownChunker: where a Markdown answer that is still growing splits into top-level pieces that
// no later text can change (a paragraph, a list, a table, a closed code fence), so that a view
// renders each piece once and re-renders only the open one at the end. Pure text; no Qt GUI.
#pragma once

#include <QList>
#include <QString>

namespace rbee::gui {

class MarkdownChunker {
public:
    // The source indexes after `from` (a line start at a chunk boundary) where chunks end: after a
    // closing code fence, or before a line that follows a blank line and cannot continue the
    // block before it (not indented, not a list item, not a fence). Only complete lines count;
    // an open code fence never ends a chunk.
    static QList<int> boundaries(const QString &source, int from);
};

}  // namespace rbee::gui
