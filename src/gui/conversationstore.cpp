// One file per conversation; QSaveFile makes each write atomic.
#include "conversationstore.h"

#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtDebug>

#include <algorithm>

namespace rbee::gui {

ConversationStore::ConversationStore(const QString &folder) : m_folder(folder)
{
    if (m_folder.isEmpty())
        m_folder = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/conversations");
}

QString ConversationStore::pathFor(const QString &id) const
{
    return m_folder + u'/' + id + QStringLiteral(".json");
}

QList<Conversation> ConversationStore::loadAll() const
{
    QList<Conversation> out;
    const QDir dir(m_folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning().noquote() << "skipping unreadable conversation" << file.fileName() << ":" << error.errorString();
            continue;
        }
        Conversation c = Conversation::fromJson(doc.object());
        if (!c.id.isEmpty())
            out.append(c);
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.updated > b.updated; });
    return out;
}

bool ConversationStore::save(const Conversation &conversation, QString *error) const
{
    QDir().mkpath(m_folder);
    QSaveFile file(pathFor(conversation.id));
    if (!file.open(QIODevice::WriteOnly)) {
        if (error)
            *error = file.errorString();
        return false;
    }
    file.write(QJsonDocument(conversation.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        if (error)
            *error = file.errorString();
        return false;
    }
    return true;
}

bool ConversationStore::remove(const QString &id) const
{
    return QFile::remove(pathFor(id));
}

}  // namespace rbee::gui
