// Rendering of turns into the QTextDocument; see chatview.h.
#include "chatview.h"

#include "markdownchunker.h"
#include "markdownrenderer.h"

#include "core/client/stopreasontext.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace rbee::gui {

namespace {
constexpr int kLongOpenChunk = 2000;  // characters
// The open chunk is rendered again at most this often (closed chunks at once): text still shows
// within a frame or two, at a fraction of the cost of rendering at every update.
constexpr int kOpenChunkRenderMs = 33;
}  // namespace

ChatView::ChatView(QWidget *parent) : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    setObjectName(QStringLiteral("chatView"));
    connect(this, &QTextBrowser::anchorClicked, this, &ChatView::onAnchorClicked);
    m_renderTimer.setSingleShot(true);
    m_renderTimer.setInterval(kOpenChunkRenderMs);
    connect(&m_renderTimer, &QTimer::timeout, this, &ChatView::renderOpenAnswer);
}

void ChatView::onAnchorClicked(const QUrl &url)
{
    if (url.toString() == QLatin1String("rbee:retry")) {
        Q_EMIT retryRequested();
    } else if (const auto code = MarkdownRenderer::copyIndex(url); code && *code < m_codeBlocks.size()) {
        QApplication::clipboard()->setText(m_codeBlocks.at(*code));
    }
}
QString ChatView::footerText(const ChatTurn &t)
{
    QStringList parts;
    if (!t.workerId.isEmpty())
        parts << tr("%1 (%2)").arg(t.workerId, t.device.isEmpty() ? tr("unknown device") : t.device);
    if (t.tokens > 0) {
        parts << tr("first token %L1 ms").arg(t.ttftMs, 0, 'f', 0);
        if (t.cachedTokens > 0)  // next to the first token, which it made faster
            parts << tr("%L1 cached").arg(t.cachedTokens);
        parts << tr("%L1 tokens/s").arg(t.tokensPerS, 0, 'f', 1);
    }
    parts << (t.tokens == 1 ? tr("1 token") : tr("%L1 tokens").arg(t.tokens));
    if (!t.stopReason.isEmpty())
        parts << core::StopReasonText::fromName(t.stopReason);
    return parts.join(QStringLiteral(" · "));
}

void ChatView::appendBlock(const QString &html, Spacing spacing)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    // A turn starts a line's height below what came before (an answer, its footer or an error);
    // a footer or an error sits close under its answer.
    QTextBlockFormat format;
    format.setTopMargin(spacing == Spacing::Turn ? fontMetrics().height() : fontMetrics().height() / 4.0);
    if (document()->isEmpty())
        cursor.setBlockFormat(format);
    else
        cursor.insertBlock(format, QTextCharFormat());
    cursor.insertHtml(html);
    verticalScrollBar()->setValue(verticalScrollBar()->maximum());
}
QString ChatView::messageAt(int position) const
{
    for (const Span &span : m_spans) {
        if (position >= span.start && position <= span.end)
            return span.text;
    }
    return {};
}

void ChatView::contextMenuEvent(QContextMenuEvent *event)
{
    QMenu *menu = createStandardContextMenu(event->pos());
    const QString message = messageAt(cursorForPosition(event->pos()).position());
    if (!message.isEmpty()) {
        QAction *copy = new QAction(tr("Copy message"), menu);
        connect(copy, &QAction::triggered, this, [message] { QApplication::clipboard()->setText(message); });
        menu->insertAction(menu->actions().value(0), copy);
        menu->insertSeparator(menu->actions().value(1));
    }
    menu->exec(event->globalPos());
    delete menu;
}

void ChatView::showConversation(const Conversation &conversation)
{
    m_renderTimer.stop();
    clear();
    m_spans.clear();
    m_codeBlocks.clear();
    m_inAnswer = false;
    m_lastAnswer.clear();
    for (const ChatTurn &t : conversation.turns) {
        if (t.role == QLatin1String("user")) {
            appendUserTurn(t.content);
        } else {
            beginAnswer();
            appendAnswerText(t.content);
            if (t.error.isEmpty())
                finishAnswer(t);
            else
                showError(t.error);
        }
    }
}

void ChatView::appendUserTurn(const QString &text)
{
    appendBlock(QStringLiteral("<b>%1</b><br>%2")
                    .arg(tr("You").toHtmlEscaped(), text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"))),
                Spacing::Turn);
    const int end = document()->characterCount() - 1;
    m_spans.append(Span{end - int(text.size()), end, text});
}

void ChatView::beginAnswer(const QString &note)
{
    QString html = QStringLiteral("<b>%1</b>").arg(tr("Assistant").toHtmlEscaped());
    if (!note.isEmpty())
        html += QStringLiteral(" <i><small>%1</small></i>").arg(note.toHtmlEscaped());
    appendBlock(html, Spacing::Turn);
    m_inAnswer = true;
    m_lastAnswer.clear();
    m_sourceStable = 0;
    m_deferredRenders = 0;
    m_answerStart = m_stableEnd = document()->characterCount() - 1;
}

void ChatView::appendAnswerText(const QString &text)
{
    if (!m_inAnswer)
        beginAnswer();
    m_lastAnswer += text;
    if (!MarkdownChunker::boundaries(m_lastAnswer, m_sourceStable).isEmpty())
        renderOpenAnswer();
    else if (!m_renderTimer.isActive())
        m_renderTimer.start();
}

void ChatView::renderOpenAnswer()
{
    m_renderTimer.stop();
    if (!m_inAnswer)
        return;
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    renderAnswer(false);
    if (atBottom)
        bar->setValue(bar->maximum());
}

void ChatView::renderAnswer(bool final)
{
    if (final)
        m_renderTimer.stop();
    const QList<int> ends = MarkdownChunker::boundaries(m_lastAnswer, m_sourceStable);
    // Rendering the open chunk costs in proportion to its length: a long one (a big code block
    // still growing) is rendered again every few updates, not at each.
    const int openLength = int(m_lastAnswer.size()) - (ends.isEmpty() ? m_sourceStable : ends.last());
    if (!final && ends.isEmpty() && openLength > kLongOpenChunk && ++m_deferredRenders < openLength / kLongOpenChunk)
        return;
    m_deferredRenders = 0;
    QTextCursor cursor(document());
    cursor.beginEditBlock();
    // The open tail rendered last time goes; closed chunks before it stay as they are.
    cursor.setPosition(m_stableEnd);
    cursor.movePosition(QTextCursor::End, QTextCursor::KeepAnchor);
    cursor.removeSelectedText();
    for (const int end : ends) {
        insertChunk(cursor, m_lastAnswer.mid(m_sourceStable, end - m_sourceStable), true);
        m_sourceStable = end;
        m_stableEnd = cursor.position();
    }
    insertChunk(cursor, m_lastAnswer.mid(m_sourceStable), final);
    if (final) {
        m_sourceStable = int(m_lastAnswer.size());
        m_stableEnd = cursor.position();
    }
    cursor.endEditBlock();
}

void ChatView::insertChunk(QTextCursor &cursor, const QString &markdown, bool closed)
{
    if (markdown.trimmed().isEmpty())
        return;
    const MarkdownRenderer::Rendered rendered =
        MarkdownRenderer::render(markdown, int(m_codeBlocks.size()), closed, palette());
    cursor.insertFragment(rendered.fragment);
    if (closed)
        m_codeBlocks += rendered.codeBlocks;
}

void ChatView::finishAnswer(const ChatTurn &turn)
{
    if (m_inAnswer)
        renderAnswer(true);
    m_inAnswer = false;
    m_spans.append(Span{m_answerStart, document()->characterCount() - 1, m_lastAnswer});
    appendBlock(
        QStringLiteral("<span style=\"color:gray\"><small>%1</small></span>").arg(footerText(turn).toHtmlEscaped()),
        Spacing::Note);
}

void ChatView::showNote(const QString &message)
{
    appendBlock(
        QStringLiteral("<span style=\"color:gray\"><i><small>%1</small></i></span>").arg(message.toHtmlEscaped()),
        Spacing::Note);
}

void ChatView::showError(const QString &message)
{
    if (m_inAnswer)
        renderAnswer(true);
    m_inAnswer = false;
    appendBlock(QStringLiteral("<span style=\"color:#b3261e\">%1</span> <a href=\"rbee:retry\">%2</a>")
                    .arg(message.toHtmlEscaped(), tr("Retry").toHtmlEscaped()),
                Spacing::Note);
}

}  // namespace rbee::gui
