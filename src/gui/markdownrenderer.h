// MarkdownRenderer: turns one Markdown chunk (CommonMark + GitHub tables, Qt's importer) into a
// fragment ready to append to the chat: code blocks in the system's monospace font on the
// palette's alternate base, each followed by a "Copy" link (rbee:copy-code:N) when the chunk is
// closed. Renders text only; where the fragment goes and what the links do is ChatView's business.
#pragma once

#include <QCoreApplication>
#include <QPalette>
#include <QStringList>
#include <QTextDocumentFragment>
#include <QUrl>

#include <optional>

namespace rbee::gui {

class MarkdownRenderer {
    Q_DECLARE_TR_FUNCTIONS(MarkdownRenderer)

public:
    struct Rendered {
        // Starts with an empty block, so that inserting it at the end of a block adds the chunk's
        // blocks after that block with their own formats (the first block of an inserted
        // fragment merges into the block at the cursor and loses its format).
        QTextDocumentFragment fragment;
        QStringList codeBlocks;  // the text of each code block, in order
    };

    // `firstCodeIndex`: the number the first code block's Copy link carries; `copyLinks`: false for
    // a chunk that is still growing (its last code block may not be complete).
    static Rendered render(const QString &markdown, int firstCodeIndex, bool copyLinks, const QPalette &palette);

    static QUrl copyLink(int index);
    // The code block index a Copy link carries, or nothing for any other link.
    static std::optional<int> copyIndex(const QUrl &link);
};

}  // namespace rbee::gui
