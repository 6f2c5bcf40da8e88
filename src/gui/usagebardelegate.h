// UsageBarDelegate: paints a cell that has a fraction in HiveTreeModel::BarRole (memory in use, a
// transfer's progress) as a bar filled to that fraction with the cell's text on it; any other
// cell as usual. Paint only.
#pragma once

#include <QStyledItemDelegate>

namespace rbee::gui {

class UsageBarDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit UsageBarDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

}  // namespace rbee::gui
