// Rows kept newest first by hand (no sorting proxy): an upsert moves one row, nothing more.
#include "conversationlistmodel.h"

#include <algorithm>

#include <QLocale>

namespace rbee::gui {

ConversationListModel::ConversationListModel(QObject *parent) : QAbstractListModel(parent) {}

QString ConversationListModel::searchText(const Conversation &conversation)
{
    QString text = conversation.title;
    for (const ChatTurn &turn : conversation.turns)
        text += u'\n' + turn.content;
    return text.toCaseFolded();
}

void ConversationListModel::setConversations(const QList<Conversation> &conversations)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(conversations.size());
    for (const Conversation &c : conversations)
        m_rows.append(Row{c, searchText(c)});
    std::stable_sort(m_rows.begin(), m_rows.end(),
                     [](const Row &a, const Row &b) { return a.conversation.updated > b.conversation.updated; });
    endResetModel();
}

int ConversationListModel::rowOf(const QString &id) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).conversation.id == id)
            return i;
    }
    return -1;
}

int ConversationListModel::insertionRow(const QDateTime &updated) const
{
    int row = 0;
    while (row < m_rows.size() && m_rows.at(row).conversation.updated > updated)
        ++row;
    return row;
}

void ConversationListModel::upsert(const Conversation &conversation)
{
    const int old = rowOf(conversation.id);
    if (old >= 0) {
        m_rows[old] = Row{conversation, searchText(conversation)};
        const QModelIndex changed = index(old);
        Q_EMIT dataChanged(changed, changed);
        // Move it where its (new) update time belongs.
        const Row row = m_rows.takeAt(old);
        const int to = insertionRow(conversation.updated);
        m_rows.insert(old, row);
        if (to != old) {
            beginMoveRows({}, old, old, {}, to > old ? to + 1 : to);
            m_rows.move(old, to);
            endMoveRows();
        }
        return;
    }
    const int to = insertionRow(conversation.updated);
    beginInsertRows({}, to, to);
    m_rows.insert(to, Row{conversation, searchText(conversation)});
    endInsertRows();
}

Conversation ConversationListModel::take(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return {};
    beginRemoveRows({}, row, row);
    const Conversation taken = m_rows.takeAt(row).conversation;
    endRemoveRows();
    return taken;
}

int ConversationListModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

QVariant ConversationListModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return row.conversation.title.isEmpty() ? tr("New chat") : row.conversation.title;
    case Qt::EditRole: return row.conversation.title;
    case Qt::ToolTipRole:
        return row.conversation.updated.isValid()
                   ? tr("Last changed %1")
                         .arg(QLocale().toString(row.conversation.updated.toLocalTime(), QLocale::ShortFormat))
                   : QString();
    case IdRole: return row.conversation.id;
    case SearchTextRole: return row.folded;
    default: return {};
    }
}

bool ConversationListModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const QString title = value.toString().simplified();
    Row &row = m_rows[index.row()];
    if (title.isEmpty() || title == row.conversation.title)
        return false;
    row.conversation.title = title;
    row.folded = searchText(row.conversation);
    Q_EMIT dataChanged(index, index);
    Q_EMIT titleEdited(row.conversation.id, title);
    return true;
}

Qt::ItemFlags ConversationListModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsEditable;
}

}  // namespace rbee::gui
