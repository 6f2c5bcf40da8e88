// ConversationFilterProxy: the conversations whose title or text holds every word typed in the
// search field (case-insensitive), matched against ConversationListModel's in-memory index.
#pragma once

#include <QSortFilterProxyModel>
#include <QStringList>

namespace rbee::gui {

class ConversationFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit ConversationFilterProxy(QObject *parent = nullptr);

    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QStringList m_words;  // case-folded
};

}  // namespace rbee::gui
