// Palettes for the light and dark themes; see theme.h.
#include "theme.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace rbee::gui {

void applyTheme(AppSettings::Theme theme)
{
    if (theme == AppSettings::Theme::System) {
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette palette = QApplication::style()->standardPalette();
    if (theme == AppSettings::Theme::Dark) {
        const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x20, 0x23), raised(0x35, 0x37, 0x3c);
        const QColor text(0xe8, 0xea, 0xed), dim(0x80, 0x84, 0x8a);
        palette.setColor(QPalette::Window, window);
        palette.setColor(QPalette::WindowText, text);
        palette.setColor(QPalette::Base, base);
        palette.setColor(QPalette::AlternateBase, window);
        palette.setColor(QPalette::Text, text);
        palette.setColor(QPalette::Button, raised);
        palette.setColor(QPalette::ButtonText, text);
        palette.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd6));
        palette.setColor(QPalette::HighlightedText, Qt::white);
        palette.setColor(QPalette::ToolTipBase, raised);
        palette.setColor(QPalette::ToolTipText, text);
        palette.setColor(QPalette::Disabled, QPalette::Text, dim);
        palette.setColor(QPalette::Disabled, QPalette::WindowText, dim);
        palette.setColor(QPalette::Disabled, QPalette::ButtonText, dim);
        // Fusion's standard palette keeps a placeholder meant for white fields: on these dark ones
        // it was nearly invisible. This grey is dimmer than text yet readable (contrast > 4.5:1).
        const QColor placeholder(0x9a, 0x9e, 0xa6);
        for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
            palette.setColor(group, QPalette::PlaceholderText, placeholder);
        palette.setColor(QPalette::Disabled, QPalette::PlaceholderText, dim);
        palette.setColor(QPalette::Link, QColor(0x7a, 0xb4, 0xff));
    } else {
        // Fusion's placeholder is the text colour at half alpha; an opaque grey reads the same
        // everywhere (contrast > 4.5:1 on white) and stays apart from typed text.
        for (QPalette::ColorGroup group : {QPalette::Active, QPalette::Inactive})
            palette.setColor(group, QPalette::PlaceholderText, QColor(0x6b, 0x6f, 0x76));
    }
    QApplication::setPalette(palette);
}

}  // namespace rbee::gui
