// ConversationListModel: the saved conversations (and the one being written), newest first, with
// each one's title and text case-folded in memory so a search over hundreds of them never reads
// a file. Holds data only: saving, deleting and opening belong to ConversationList.
#pragma once

#include "conversation.h"

#include <QAbstractListModel>
#include <QList>

namespace rbee::gui {

class ConversationListModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role { IdRole = Qt::UserRole + 1, SearchTextRole };

    explicit ConversationListModel(QObject *parent = nullptr);

    void setConversations(const QList<Conversation> &conversations);
    // Adds `conversation` or replaces the one with its id, at the place its update time gives.
    void upsert(const Conversation &conversation);
    // Removes the row of `id`; returns it (empty id when there was none).
    Conversation take(const QString &id);
    int rowOf(const QString &id) const;
    const Conversation &at(int row) const { return m_rows.at(row).conversation; }

    // What a search matches against: the title and every turn, case-folded.
    static QString searchText(const Conversation &conversation);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

Q_SIGNALS:
    // The user gave row `id` a new, non-empty title (inline edit).
    void titleEdited(const QString &id, const QString &title);

private:
    struct Row {
        Conversation conversation;
        QString folded;
    };
    int insertionRow(const QDateTime &updated) const;
    QList<Row> m_rows;
};

}  // namespace rbee::gui
