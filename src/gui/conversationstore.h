// ConversationStore: conversations saved as one JSON file each in a folder (by default the
// user's data folder), written atomically, read back at start. A deleted conversation waits in
// the folder's .trash/ until its undo expires; nothing else reads the trash.
#pragma once

#include "conversation.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace rbee::gui {

class ConversationStore {
public:
    // `folder` empty: <AppDataLocation>/conversations.
    explicit ConversationStore(const QString &folder = {});

    const QString &folder() const { return m_folder; }
    // Newest first; unreadable files are skipped (and reported in the log).
    QList<Conversation> loadAll() const;
    std::optional<Conversation> load(const QString &id) const;
    bool contains(const QString &id) const;
    bool save(const Conversation &conversation, QString *error = nullptr) const;
    bool remove(const QString &id) const;

    // Deletion with undo: the file moves to .trash/ and back, or is removed from there for good.
    bool moveToTrash(const QString &id) const;
    bool restoreFromTrash(const QString &id) const;
    bool removeFromTrash(const QString &id) const;
    // What a crash left in .trash/ (deletions whose undo never expired) is gone at the next start.
    void emptyTrash() const;

    // The file format (also the JSON export): one object, see docs/conversations.md.
    static QByteArray serialize(const Conversation &conversation);
    // Null when `json` is not a conversation object (no id); `error` says why.
    static std::optional<Conversation> parse(const QByteArray &json, QString *error = nullptr);

private:
    QString pathFor(const QString &id) const;
    QString trashFolder() const;
    QString trashPathFor(const QString &id) const;
    QString m_folder;
};

}  // namespace rbee::gui
