// TokenTextAssembler: turns the byte pieces of generated tokens into text that is safe to send:
// only complete UTF-8 characters, never text that might be the start of a stop string, and the
// text of a token always whole, so that every text sent holds the end of a token not sent before
// (the stream's token index then never repeats). Pure class; the engine keeps one per running job.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <deque>

namespace rbee::worker {

class TokenTextAssembler {
public:
    explicit TokenTextAssembler(QStringList stopStrings = {});

    // Adds the piece of the next token (token 0, 1, 2, ...) and returns the text that can be sent
    // now (possibly empty): the text of whole tokens only. Once a stop string is complete,
    // stopped() is true and the returned text ends just before it.
    QString push(const QByteArray &piece);
    bool stopped() const { return m_stopped; }
    // What is still held back at the end of generation (never the stop string itself).
    QString flush();
    // Index of the last token whose text is in what push() or flush() returned so far (the one
    // that completed the stop string, once stopped), or -1. Strictly increases with every
    // non-empty text returned.
    int releasedThrough() const { return m_releasedThrough; }

    // Length of the longest prefix of `bytes` that does not end inside a UTF-8 character.
    static qsizetype completeUtf8Prefix(const QByteArray &bytes);

private:
    struct TokenEnd {
        qsizetype offset;  // in m_held, just after the token's text
        int token;
    };
    qsizetype stopPrefixLength() const;

    QStringList m_stops;
    QByteArray m_pendingBytes;
    QString m_held;
    std::deque<TokenEnd> m_ends;  // ends of the tokens whose text is in m_held
    int m_pushed = 0;
    int m_releasedThrough = -1;
    bool m_stopped = false;
};

}  // namespace rbee::worker
