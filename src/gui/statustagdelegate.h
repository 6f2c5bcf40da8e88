// StatusTagDelegate: paints a worker's status (WorkerTableModel::StatusRole) as a rounded coloured tag
// with the status text, in colours derived from the view's palette so light and dark themes both read.
// Paint only: it never edits and never looks at the registry.
#pragma once

#include <QStyledItemDelegate>

#include "core/protocol/displaystatus.h"

class QPalette;

namespace rbee::gui {

class StatusTagDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    explicit StatusTagDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // The accent (outline) colour of a status tag: ready green, busy amber, loading blue, stopping grey,
    // offline red-grey; lighter on dark palettes.
    static QColor accentColor(core::DisplayStatus status, const QPalette &palette);
    // The tag's fill: the accent washed into the palette's base colour.
    static QColor fillColor(core::DisplayStatus status, const QPalette &palette);
};

}  // namespace rbee::gui
