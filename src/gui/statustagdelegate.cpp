// Painting and sizing of the status tag; see statustagdelegate.h.
#include "statustagdelegate.h"

#include <QApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPalette>
#include <QStyle>

#include "gui/workertablemodel.h"

namespace rbee::gui {

namespace {

constexpr int kMarginX = 4;  // between the cell edge and the tag
constexpr int kMarginY = 2;
constexpr int kPaddingX = 8;  // between the tag edge and its text
constexpr int kPaddingY = 2;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor mix(const QColor &a, const QColor &b, double aWeight)
{
    const double w = qBound(0.0, aWeight, 1.0);
    return QColor::fromRgbF(float(a.redF() * w + b.redF() * (1 - w)), float(a.greenF() * w + b.greenF() * (1 - w)),
                            float(a.blueF() * w + b.blueF() * (1 - w)));
}

}  // namespace

StatusTagDelegate::StatusTagDelegate(QObject *parent) : QStyledItemDelegate(parent) {}

QColor StatusTagDelegate::accentColor(core::DisplayStatus status, const QPalette &palette)
{
    QColor hue(0xa8, 0x5e, 0x5e);  // offline
    switch (status) {
    case core::DisplayStatus::Ready: hue = QColor(0x2e, 0x9d, 0x4f); break;
    case core::DisplayStatus::Busy: hue = QColor(0xd9, 0x8e, 0x04); break;
    case core::DisplayStatus::Loading: hue = QColor(0x2f, 0x7e, 0xd8); break;
    case core::DisplayStatus::Stopping: hue = QColor(0x84, 0x84, 0x84); break;
    case core::DisplayStatus::Offline: break;
    }
    return isDark(palette) ? hue.lighter(135) : hue;
}

QColor StatusTagDelegate::fillColor(core::DisplayStatus status, const QPalette &palette)
{
    return mix(accentColor(status, palette), palette.color(QPalette::Base), isDark(palette) ? 0.35 : 0.2);
}

void StatusTagDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QString text = opt.text;
    const QVariant statusValue = index.data(WorkerTableModel::StatusRole);
    const auto status = statusValue.isValid() ? core::DisplayStatus(statusValue.toInt()) : core::DisplayStatus::Offline;

    // Selection, hover and focus as the style draws them; the tag goes on top instead of the text.
    opt.text.clear();
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &opt, painter, widget);
    if (text.isEmpty())
        return;

    const QFontMetrics metrics(opt.font);
    const QRect available = opt.rect.adjusted(kMarginX, kMarginY, -kMarginX, -kMarginY);
    const QString shown = metrics.elidedText(text, Qt::ElideRight, qMax(0, available.width() - 2 * kPaddingX));
    const int width = qMin(available.width(), metrics.horizontalAdvance(shown) + 2 * kPaddingX);
    const int height = qMin(available.height(), metrics.height() + 2 * kPaddingY);
    QRect tag(0, 0, width, height);
    tag.moveCenter(available.center());
    tag.moveLeft(available.left());

    const QPalette &palette = opt.palette;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(accentColor(status, palette), 1.0));
    painter->setBrush(fillColor(status, palette));
    const qreal radius = height / 2.0;
    painter->drawRoundedRect(QRectF(tag).adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    painter->setFont(opt.font);
    painter->setPen(palette.color(QPalette::Text));
    painter->drawText(tag, Qt::AlignCenter, shown);
    painter->restore();
}

QSize StatusTagDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QFontMetrics metrics(opt.font);
    const int width = metrics.horizontalAdvance(opt.text) + 2 * (kPaddingX + kMarginX);
    const int height = metrics.height() + 2 * (kPaddingY + kMarginY);
    return {qMax(base.width(), width), qMax(base.height(), height)};
}

}  // namespace rbee::gui
