// ConversationStore: conversations saved as one JSON file each in a folder (by default the
// user's data folder), written atomically, read back at start.
#pragma once

#include "conversation.h"

#include <QList>
#include <QString>

namespace rbee::gui {

class ConversationStore {
public:
    // `folder` empty: <AppDataLocation>/conversations.
    explicit ConversationStore(const QString &folder = {});

    const QString &folder() const { return m_folder; }
    // Newest first; unreadable files are skipped (and reported in the log).
    QList<Conversation> loadAll() const;
    bool save(const Conversation &conversation, QString *error = nullptr) const;
    bool remove(const QString &id) const;

private:
    QString pathFor(const QString &id) const;
    QString m_folder;
};

}  // namespace rbee::gui
