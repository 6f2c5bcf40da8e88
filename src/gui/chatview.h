// ChatView: the transcript of one conversation. Renders the turns, grows the answer being
// streamed at the end of the document (cheap appends, no re-layout of earlier turns), puts the
// serving worker and timings under each answer, and shows errors inline with a Retry link.
#pragma once

#include "conversation.h"

#include <QTextBrowser>

namespace rbee::gui {

class ChatView : public QTextBrowser {
    Q_OBJECT
public:
    explicit ChatView(QWidget *parent = nullptr);

    void showConversation(const Conversation &conversation);
    void appendUserTurn(const QString &text);
    void beginAnswer(const QString &note = {});
    void appendAnswerText(const QString &text);
    void finishAnswer(const ChatTurn &turn);
    void showError(const QString &message);
    // The plain text of the last answer (for "Copy answer").
    QString lastAnswer() const { return m_lastAnswer; }
    static QString footerText(const ChatTurn &turn);
    // The text of the message at a document position (for "Copy message"), or empty.
    QString messageAt(int position) const;

Q_SIGNALS:
    void retryRequested();

protected:
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    struct Span {
        int start;
        int end;
        QString text;
    };
    void appendBlock(const QString &html);
    QList<Span> m_spans;  // where each message's text sits in the document
    int m_answerStart = 0;
    QString m_lastAnswer;
    bool m_inAnswer = false;
};

}  // namespace rbee::gui
