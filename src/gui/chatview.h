// ChatView: the transcript of one conversation. Renders the turns, answers as Markdown (code
// blocks with a Copy link), grows the answer being streamed at the end of the document: each
// closed Markdown chunk is rendered once, only the open chunk at the end is rendered again as it
// grows (never earlier chunks or turns). Puts the serving worker and timings under each answer,
// and shows errors inline with a Retry link.
#pragma once

#include "conversation.h"

#include <QStringList>
#include <QTextBrowser>
#include <QTimer>

class QTextCursor;

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
    // A line from the app about the turn (e.g. a setting it changed), small and grey.
    void showNote(const QString &message);
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
    enum class Spacing { Turn, Note };
    void appendBlock(const QString &html, Spacing spacing);
    // Renders the answer's chunks closed since the last call and the open tail again; `final`:
    // the answer is over, its tail is rendered as closed (with Copy links).
    void renderAnswer(bool final);
    void insertChunk(QTextCursor &cursor, const QString &markdown, bool closed);
    void renderOpenAnswer();
    void onAnchorClicked(const QUrl &url);
    QList<Span> m_spans;       // where each message's text sits in the document
    QStringList m_codeBlocks;  // the text each Copy link copies, by its index
    int m_answerStart = 0;
    int m_stableEnd = 0;     // document position where the answer's closed chunks end
    int m_sourceStable = 0;  // how much of m_lastAnswer those chunks hold
    int m_deferredRenders = 0;
    QTimer m_renderTimer;  // coalesces re-renders of the open chunk
    QString m_lastAnswer;  // the answer's Markdown source
    bool m_inAnswer = false;
};

}  // namespace rbee::gui
