// Markdown chunk → text fragment with monospace code blocks and Copy links; see markdownrenderer.h.
#include "markdownrenderer.h"

#include <QFontDatabase>
#include <QRegularExpression>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>

namespace rbee::gui {

namespace {
constexpr char kCopyScheme[] = "rbee";
constexpr char kCopyPrefix[] = "copy-code:";
constexpr QChar kSeparator(0x200B);  // zero-width space

// Two fenced code blocks with only blank lines between them come out of Qt's importer as one run
// of code lines. A paragraph of one zero-width space before the second fence (indented as the
// fences are, so that it stays in their list item; between blank lines, without which Qt 6.4
// carries the fence on to the list's next item) keeps them apart; render() removes it.
QString separateAdjacentFences(const QString &markdown)
{
    static const QRegularExpression fence(QStringLiteral("^( {0,3})(`{3,}|~{3,})"));
    const QStringList lines = markdown.split(u'\n');
    QStringList out;
    out.reserve(lines.size());
    QString open;          // the open fence's marker, empty outside a fence
    QString closedIndent;  // the indent of a fence that closed with only blank lines after it
    bool justClosed = false;
    for (const QString &line : lines) {
        const QRegularExpressionMatch m = fence.match(line);
        if (open.isEmpty()) {
            if (m.hasMatch()) {
                if (justClosed && m.captured(1) == closedIndent)
                    out << QString() << closedIndent + kSeparator << QString();
                open = m.captured(2);
                justClosed = false;
            } else if (!line.trimmed().isEmpty()) {
                justClosed = false;
            }
        } else if (m.hasMatch() && m.captured(2).at(0) == open.at(0) && m.captured(2).size() >= open.size()
                   && line.mid(m.capturedEnd()).trimmed().isEmpty()) {
            open.clear();
            closedIndent = m.captured(1);
            justClosed = true;
        }
        out << line;
    }
    return out.join(u'\n');
}

void removeSeparators(QTextDocument &doc)
{
    for (QTextBlock block = doc.begin(); block.isValid();) {
        const QTextBlock next = block.next();
        if (block.text() == QString(kSeparator) && block.previous().isValid()) {
            QTextCursor cursor(block);
            cursor.movePosition(QTextCursor::PreviousBlock);
            cursor.movePosition(QTextCursor::EndOfBlock);
            cursor.setPosition(block.position() + block.length() - 1, QTextCursor::KeepAnchor);
            cursor.removeSelectedText();
        }
        block = next;
    }
}

bool isCode(const QTextBlock &block)
{
    return block.blockFormat().hasProperty(QTextFormat::BlockCodeFence)
           || block.blockFormat().hasProperty(QTextFormat::BlockCodeLanguage)
           || (block.blockFormat().nonBreakableLines() && !block.textList());
}
}  // namespace

QUrl MarkdownRenderer::copyLink(int index)
{
    QUrl url;
    url.setScheme(QLatin1String(kCopyScheme));
    url.setPath(QLatin1String(kCopyPrefix) + QString::number(index));
    return url;
}

std::optional<int> MarkdownRenderer::copyIndex(const QUrl &link)
{
    if (link.scheme() != QLatin1String(kCopyScheme) || !link.path().startsWith(QLatin1String(kCopyPrefix)))
        return std::nullopt;
    bool ok = false;
    const int index = link.path().mid(int(qstrlen(kCopyPrefix))).toInt(&ok);
    return ok && index >= 0 ? std::optional<int>(index) : std::nullopt;
}

MarkdownRenderer::Rendered MarkdownRenderer::render(const QString &markdown, int firstCodeIndex, bool copyLinks,
                                                    const QPalette &palette)
{
    Rendered out;
    QTextDocument doc;
    // Raw HTML in an answer is shown as text, never interpreted (no images loaded from paths).
    doc.setMarkdown(
        separateAdjacentFences(markdown),
        QTextDocument::MarkdownFeatures(QTextDocument::MarkdownDialectGitHub | QTextDocument::MarkdownNoHTML));
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    QTextCharFormat monoFormat;
    monoFormat.setFontFamilies(mono.families());
    monoFormat.setFontFixedPitch(true);
    QTextBlock block = doc.begin();
    while (block.isValid()) {
        if (!isCode(block)) {
            block = block.next();
            continue;
        }
        // One code block: the run of code lines; their text joined by newlines is what Copy copies.
        QStringList lines;
        QTextCursor run(block);
        QTextBlock last = block;
        for (; block.isValid() && isCode(block); block = block.next()) {
            lines << block.text();
            last = block;
        }
        run.setPosition(last.position() + last.length() - 1, QTextCursor::KeepAnchor);
        run.mergeCharFormat(monoFormat);
        QTextBlockFormat tint;
        tint.setBackground(palette.color(QPalette::AlternateBase));
        run.mergeBlockFormat(tint);
        out.codeBlocks << lines.join(u'\n');
        if (copyLinks) {
            QTextCursor after(last);
            after.movePosition(QTextCursor::EndOfBlock);
            after.insertBlock(QTextBlockFormat(), QTextCharFormat());
            QTextCharFormat link;
            link.setAnchor(true);
            link.setAnchorHref(copyLink(firstCodeIndex + int(out.codeBlocks.size()) - 1).toString());
            link.setFontUnderline(true);
            link.setForeground(palette.color(QPalette::Link));
            after.insertText(tr("Copy"), link);
            block = after.block().next();
        }
    }
    removeSeparators(doc);
    // The leading empty block (see Rendered::fragment).
    QTextCursor start(&doc);
    start.movePosition(QTextCursor::Start);
    start.insertBlock();
    start.movePosition(QTextCursor::Start);
    start.setBlockFormat(QTextBlockFormat());
    start.setBlockCharFormat(QTextCharFormat());
    out.fragment = QTextDocumentFragment(&doc);
    return out;
}

}  // namespace rbee::gui
