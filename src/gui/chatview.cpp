// Rendering of turns into the QTextDocument; see chatview.h.
#include "chatview.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QMenu>
#include <QScrollBar>
#include <QTextBlock>
#include <QTextCursor>

namespace rbee::gui {

ChatView::ChatView(QWidget *parent) : QTextBrowser(parent)
{
    setOpenLinks(false);
    setOpenExternalLinks(false);
    setUndoRedoEnabled(false);
    setObjectName(QStringLiteral("chatView"));
    connect(this, &QTextBrowser::anchorClicked, this, [this](const QUrl &url) {
        if (url.toString() == QLatin1String("rbee:retry"))
            Q_EMIT retryRequested();
    });
}

QString ChatView::footerText(const ChatTurn &t)
{
    QStringList parts;
    if (!t.workerId.isEmpty())
        parts << tr("%1 (%2)").arg(t.workerId, t.device.isEmpty() ? tr("unknown device") : t.device);
    if (t.tokens > 0) {
        parts << tr("first token %1 ms").arg(t.ttftMs, 0, 'f', 0);
        if (t.cachedTokens > 0)  // next to the first token, which it made faster
            parts << tr("%L1 cached").arg(t.cachedTokens);
        parts << tr("%1 tokens/s").arg(t.tokensPerS, 0, 'f', 1);
    }
    parts << (t.tokens == 1 ? tr("1 token") : tr("%1 tokens").arg(t.tokens));
    if (!t.stopReason.isEmpty())
        parts << tr("stop: %1").arg(t.stopReason);
    return parts.join(QStringLiteral(" · "));
}

void ChatView::appendBlock(const QString &html)
{
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    if (!document()->isEmpty())
        cursor.insertBlock();
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
    clear();
    m_spans.clear();
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
    appendBlock(QStringLiteral("<p><b>%1</b><br>%2</p>")
                    .arg(tr("You").toHtmlEscaped(), text.toHtmlEscaped().replace(u'\n', QStringLiteral("<br>"))));
    const int end = document()->characterCount() - 1;
    m_spans.append(Span{end - int(text.size()), end, text});
}

void ChatView::beginAnswer(const QString &note)
{
    QString html = QStringLiteral("<p><b>%1</b>").arg(tr("Assistant").toHtmlEscaped());
    if (!note.isEmpty())
        html += QStringLiteral(" <i><small>%1</small></i>").arg(note.toHtmlEscaped());
    appendBlock(html + QStringLiteral("</p>"));
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertBlock(QTextBlockFormat(), QTextCharFormat());
    m_inAnswer = true;
    m_lastAnswer.clear();
    m_answerStart = cursor.position();
}

void ChatView::appendAnswerText(const QString &text)
{
    if (!m_inAnswer)
        beginAnswer();
    QScrollBar *bar = verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum() - 4;
    QTextCursor cursor(document());
    cursor.movePosition(QTextCursor::End);
    cursor.insertText(text, QTextCharFormat());
    m_lastAnswer += text;
    if (atBottom)
        bar->setValue(bar->maximum());
}

void ChatView::finishAnswer(const ChatTurn &turn)
{
    m_inAnswer = false;
    m_spans.append(Span{m_answerStart, document()->characterCount() - 1, m_lastAnswer});
    appendBlock(QStringLiteral("<p style=\"color:gray\"><small>%1</small></p>").arg(footerText(turn).toHtmlEscaped()));
}

void ChatView::showError(const QString &message)
{
    m_inAnswer = false;
    appendBlock(QStringLiteral("<p style=\"color:#b3261e\">%1 <a href=\"rbee:retry\">%2</a></p>")
                    .arg(message.toHtmlEscaped(), tr("Retry").toHtmlEscaped()));
}

}  // namespace rbee::gui
