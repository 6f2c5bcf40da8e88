// Splitting a growing Markdown text into closed chunks; see markdownchunker.h.
#include "markdownchunker.h"

namespace rbee::gui {

namespace {
struct Fence {
    QChar marker;  // ` or ~; null when the line is no fence
    int length = 0;
};

// A fence line: up to three spaces, then three or more ` or ~.
Fence fenceOf(QStringView line)
{
    int i = 0;
    while (i < line.size() && i < 3 && line[i] == u' ')
        ++i;
    if (i >= line.size() || (line[i] != u'`' && line[i] != u'~'))
        return {};
    const QChar marker = line[i];
    int n = 0;
    while (i + n < line.size() && line[i + n] == marker)
        ++n;
    return n >= 3 ? Fence{marker, n} : Fence{};
}

// A closing fence: the opening marker at least as often, then nothing but spaces.
bool isClosingFence(QStringView line, const Fence &open)
{
    const Fence f = fenceOf(line);
    if (f.marker != open.marker || f.length < open.length)
        return false;
    const QStringView rest = line.trimmed();
    return rest.size() == f.length;
}

bool isBlank(QStringView line)
{
    return line.trimmed().isEmpty();
}

int indentOf(QStringView line)
{
    int n = 0;
    for (; n < line.size() && (line[n] == u' ' || line[n] == u'\t'); ++n) {
        if (line[n] == u'\t')
            return 4;
    }
    return n;
}

// A list item: up to three spaces, then -, * or + and a space, or up to nine digits, . or ) and a space.
bool isListItem(QStringView line)
{
    const int indent = indentOf(line);
    if (indent > 3)
        return false;
    line = line.mid(indent);
    if (line.size() > 1 && (line[0] == u'-' || line[0] == u'*' || line[0] == u'+') && line[1] == u' ')
        return true;
    int digits = 0;
    while (digits < line.size() && digits < 9 && line[digits].isDigit())
        ++digits;
    return digits > 0 && digits + 1 < line.size() && (line[digits] == u'.' || line[digits] == u')')
           && line[digits + 1] == u' ';
}

// A line after a blank line that may still belong to the block before it: a list item (a loose
// list stays one list, numbered on), text indented under a list item, or an indented code block
// (four spaces) that may go on after its own blank lines. Text indented by one to three spaces
// outside a list starts a new paragraph.
bool continuesBlock(QStringView line, bool inList)
{
    return isListItem(line) || indentOf(line) >= 4 || (inList && indentOf(line) > 0);
}
}  // namespace

QList<int> MarkdownChunker::boundaries(const QString &source, int from)
{
    QList<int> result;
    Fence open;
    bool afterBlank = false;
    bool chunkHasText = false;
    bool inList = false;  // the chunk holds a list item
    int lineStart = from;
    while (lineStart < source.size()) {
        const int newline = source.indexOf(u'\n', lineStart);
        if (newline < 0)
            break;  // an incomplete line decides nothing yet
        const QStringView line = QStringView(source).mid(lineStart, newline - lineStart);
        const int next = newline + 1;
        if (!open.marker.isNull()) {
            if (isClosingFence(line, open)) {
                open = {};
                result.append(next);
                chunkHasText = false;
                inList = false;
                afterBlank = false;
            }
        } else if (isBlank(line)) {
            afterBlank = chunkHasText;
        } else {
            if (afterBlank && !continuesBlock(line, inList)) {
                result.append(lineStart);
                chunkHasText = false;
                inList = false;
            }
            inList = inList || isListItem(line);
            afterBlank = false;
            chunkHasText = true;
            open = fenceOf(line);
        }
        lineStart = next;
    }
    return result;
}

}  // namespace rbee::gui
