// Painting of usage and progress bars; see usagebardelegate.h.
#include "usagebardelegate.h"

#include "hivetreemodel.h"

#include <QApplication>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionProgressBar>

namespace rbee::gui {

namespace {
constexpr int kBarMarginY = 2;
constexpr int kMinBarWidth = 220;
}  // namespace

UsageBarDelegate::UsageBarDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

void UsageBarDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QVariant fraction = index.data(HiveTreeModel::BarRole);
    if (!fraction.isValid()) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    const QWidget *widget = item.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QString text = item.text;
    item.text.clear();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);

    QStyleOptionProgressBar bar;
    bar.rect = option.rect.adjusted(2, kBarMarginY, -2, -kBarMarginY);
    bar.palette = option.palette;
    bar.fontMetrics = option.fontMetrics;
    bar.state = option.state | QStyle::State_Horizontal;
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = qBound(0, int(fraction.toDouble() * 1000 + 0.5), 1000);
    bar.text = text;
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

QSize UsageBarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    if (index.data(HiveTreeModel::BarRole).isValid())
        size = QSize(qMax(size.width() + 24, kMinBarWidth), size.height() + 2 * kBarMarginY);
    return size;
}

}  // namespace rbee::gui
