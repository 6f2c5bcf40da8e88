// Text and online filtering plus SortRole sorting of the worker table; see workerfilterproxy.h.
#include "workerfilterproxy.h"

#include "gui/workertablemodel.h"

namespace rbee::gui {

WorkerFilterProxy::WorkerFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(WorkerTableModel::SortRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setDynamicSortFilter(true);
}

void WorkerFilterProxy::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateFilter();
}

void WorkerFilterProxy::setShowOffline(bool show)
{
    if (show == m_showOffline)
        return;
    m_showOffline = show;
    invalidateFilter();
}

bool WorkerFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QAbstractItemModel *model = sourceModel();
    if (!model)
        return false;
    if (!m_showOffline
        && !model->index(sourceRow, WorkerTableModel::Name, sourceParent).data(WorkerTableModel::OnlineRole).toBool())
        return false;
    if (m_filterText.isEmpty())
        return true;
    auto contains = [&](int column, int role) {
        return model->index(sourceRow, column, sourceParent)
            .data(role)
            .toString()
            .contains(m_filterText, Qt::CaseInsensitive);
    };
    return contains(WorkerTableModel::Name, WorkerTableModel::WorkerIdRole)
           || contains(WorkerTableModel::Model, Qt::DisplayRole)
           || contains(WorkerTableModel::Address, WorkerTableModel::UrlRole);
}

}  // namespace rbee::gui
