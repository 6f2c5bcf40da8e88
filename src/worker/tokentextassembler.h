// TokenTextAssembler: turns the byte pieces of generated tokens into text that is safe to send:
// only complete UTF-8 characters, and never text that might be the start of a stop string.
// Pure class; the engine keeps one per running job.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace rbee::worker {

class TokenTextAssembler {
public:
    explicit TokenTextAssembler(QStringList stopStrings = {});

    // Text that can be sent now (possibly empty). Once a stop string is complete, stopped() is
    // true and the returned text ends just before it.
    QString push(const QByteArray &piece);
    bool stopped() const { return m_stopped; }
    // What is still held back at the end of generation (never the stop string itself).
    QString flush();

    // Length of the longest prefix of `bytes` that does not end inside a UTF-8 character.
    static qsizetype completeUtf8Prefix(const QByteArray &bytes);

private:
    QStringList m_stops;
    QByteArray m_pendingBytes;
    QString m_held;
    bool m_stopped = false;
};

}  // namespace rbee::worker
