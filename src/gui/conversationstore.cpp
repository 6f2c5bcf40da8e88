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

QString ConversationStore::trashFolder() const
{
    return m_folder + QStringLiteral("/.trash");
}

QString ConversationStore::trashPathFor(const QString &id) const
{
    return trashFolder() + u'/' + id + QStringLiteral(".json");
}

QByteArray ConversationStore::serialize(const Conversation &conversation)
{
    return QJsonDocument(conversation.toJson()).toJson(QJsonDocument::Indented);
}

std::optional<Conversation> ConversationStore::parse(const QByteArray &json, QString *error)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        if (error)
            *error = parseError.error != QJsonParseError::NoError ? parseError.errorString()
                                                                  : QStringLiteral("not a JSON object");
        return std::nullopt;
    }
    Conversation c = Conversation::fromJson(doc.object());
    if (c.id.isEmpty()) {
        if (error)
            *error = QStringLiteral("no id");
        return std::nullopt;
    }
    return c;
}

QList<Conversation> ConversationStore::loadAll() const
{
    QList<Conversation> out;
    const QDir dir(m_folder);
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files)) {
        QFile file(dir.filePath(name));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        QString error;
        if (std::optional<Conversation> c = parse(file.readAll(), &error))
            out.append(*c);
        else
            qWarning().noquote() << "skipping unreadable conversation" << file.fileName() << ":" << error;
    }
    std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.updated > b.updated; });
    return out;
}

std::optional<Conversation> ConversationStore::load(const QString &id) const
{
    QFile file(pathFor(id));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return parse(file.readAll());
}

bool ConversationStore::contains(const QString &id) const
{
    return QFile::exists(pathFor(id));
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
    file.write(serialize(conversation));
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

bool ConversationStore::moveToTrash(const QString &id) const
{
    if (!QFile::exists(pathFor(id)) || !QDir().mkpath(trashFolder()))
        return false;
    QFile::remove(trashPathFor(id));
    return QFile::rename(pathFor(id), trashPathFor(id));
}

bool ConversationStore::restoreFromTrash(const QString &id) const
{
    return QFile::rename(trashPathFor(id), pathFor(id));
}

bool ConversationStore::removeFromTrash(const QString &id) const
{
    return QFile::remove(trashPathFor(id));
}

void ConversationStore::emptyTrash() const
{
    QDir(trashFolder()).removeRecursively();
}

}  // namespace rbee::gui
