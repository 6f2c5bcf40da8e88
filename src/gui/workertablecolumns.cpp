// Column widths, elision and the show/hide menu of the worker table; see workertablecolumns.h.
#include "workertablecolumns.h"

#include "workertablemodel.h"

#include <QEvent>
#include <QHeaderView>
#include <QLocale>
#include <QMenu>
#include <QTableView>

namespace rbee::gui {

namespace {
// Values as wide as the widest a short column shows, in the current language and locale.
QStringList widestValues(int column)
{
    const QLocale locale;
    switch (column) {
    case WorkerTableModel::Status:
        return {WorkerTableModel::tr("loading"), WorkerTableModel::tr("stopping"), WorkerTableModel::tr("offline")};
    case WorkerTableModel::Slots: return {QStringLiteral("16/16")};
    case WorkerTableModel::TokensPerSecond: return {locale.toString(9999.9, 'f', 1)};
    case WorkerTableModel::LastHeartbeat:
        return {WorkerTableModel::tr("%1 s ago").arg(locale.toString(8.8, 'f', 1)),
                WorkerTableModel::tr("%1 min ago").arg(59)};
    case WorkerTableModel::ClockSkew: return {WorkerTableModel::tr("%1 s").arg(locale.toString(-88.8, 'f', 1))};
    default: return {};
    }
}

bool isShort(int column)
{
    return column == WorkerTableModel::Status || column == WorkerTableModel::Slots
           || column == WorkerTableModel::TokensPerSecond || column == WorkerTableModel::LastHeartbeat
           || column == WorkerTableModel::ClockSkew;
}
}  // namespace

WorkerTableColumns *WorkerTableColumns::install(QTableView *table)
{
    return new WorkerTableColumns(table);
}

WorkerTableColumns::WorkerTableColumns(QTableView *table) : QObject(table), m_table(table)
{
    setObjectName(QStringLiteral("workerTableColumns"));
    QHeaderView *header = table->horizontalHeader();
    table->setTextElideMode(Qt::ElideMiddle);
    table->setWordWrap(false);
    header->setStretchLastSection(false);
    header->setMinimumSectionSize(qMax(24, table->fontMetrics().averageCharWidth() * 4));
    header->setTextElideMode(Qt::ElideRight);
    for (int c = 0; c < WorkerTableModel::ColumnCount; ++c)
        header->setSectionResizeMode(c, isShort(c) ? QHeaderView::Fixed : QHeaderView::Stretch);
    // Shown from the header's menu: the address is a row's "Copy URL"; skew matters only when clocks disagree.
    header->setSectionHidden(WorkerTableModel::Address, true);
    header->setSectionHidden(WorkerTableModel::ClockSkew, true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QWidget::customContextMenuRequested, this, &WorkerTableColumns::showHeaderMenu);
    table->installEventFilter(this);
    fit();
}

int WorkerTableColumns::fittedWidth(int column) const
{
    const QFontMetrics body = m_table->fontMetrics();
    QFont bold = m_table->horizontalHeader()->font();
    bold.setBold(true);  // some styles draw the sorted section's header bold
    const QFontMetrics head(bold);
    // Room for the sort indicator and the style's margins around the header text.
    const int headerPadding = head.averageCharWidth() + 14;
    const int cellPadding = body.averageCharWidth() + 8;
    int width = head.horizontalAdvance(m_table->model()->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString())
                + headerPadding;
    for (const QString &value : widestValues(column))
        width = qMax(width, body.horizontalAdvance(value) + cellPadding);
    return width;
}

void WorkerTableColumns::fit()
{
    QHeaderView *header = m_table->horizontalHeader();
    for (int c = 0; c < WorkerTableModel::ColumnCount; ++c) {
        if (isShort(c))
            header->resizeSection(c, fittedWidth(c));
    }
}

bool WorkerTableColumns::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_table && (event->type() == QEvent::LanguageChange || event->type() == QEvent::FontChange))
        fit();
    return QObject::eventFilter(watched, event);
}

void WorkerTableColumns::showHeaderMenu(const QPoint &pos)
{
    QHeaderView *header = m_table->horizontalHeader();
    QMenu menu(m_table);
    for (int c = 0; c < WorkerTableModel::ColumnCount; ++c) {
        QAction *action = menu.addAction(m_table->model()->headerData(c, Qt::Horizontal).toString());
        action->setCheckable(true);
        action->setChecked(!header->isSectionHidden(c));
        // The name says which worker a row is: it stays.
        action->setEnabled(c != WorkerTableModel::Name);
        connect(action, &QAction::toggled, header, [header, c](bool shown) { header->setSectionHidden(c, !shown); });
    }
    menu.exec(header->viewport()->mapToGlobal(pos));
}

}  // namespace rbee::gui
