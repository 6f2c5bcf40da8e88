// Plain substring search on pre-folded text: a few hundred conversations are a few megabytes,
// scanned in milliseconds per keystroke, so no thread and no file access.
#include "conversationfilterproxy.h"

#include "conversationlistmodel.h"

namespace rbee::gui {

ConversationFilterProxy::ConversationFilterProxy(QObject *parent) : QSortFilterProxyModel(parent) {}

void ConversationFilterProxy::setSearchText(const QString &text)
{
    const QStringList words = text.simplified().toCaseFolded().split(u' ', Qt::SkipEmptyParts);
    if (words == m_words)
        return;
    m_words = words;
    invalidateFilter();
}

bool ConversationFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString text =
        sourceModel()->index(sourceRow, 0, sourceParent).data(ConversationListModel::SearchTextRole).toString();
    for (const QString &word : m_words) {
        if (!text.contains(word))
            return false;
    }
    return true;
}

}  // namespace rbee::gui
