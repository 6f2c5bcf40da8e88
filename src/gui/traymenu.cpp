// The tray icon's menu; see traymenu.h.
#include "traymenu.h"

#include <QCoreApplication>
#include <QEvent>

namespace rbee::gui {

TrayMenu::TrayMenu(QWidget *parent) : QMenu(parent), m_show(addAction(QString())), m_quit(addAction(QString()))
{
    setObjectName(QStringLiteral("trayMenu"));
    m_show->setObjectName(QStringLiteral("trayShowAction"));
    m_quit->setObjectName(QStringLiteral("trayQuitAction"));
    connect(m_show, &QAction::triggered, this, &TrayMenu::showRequested);
    connect(m_quit, &QAction::triggered, this, &TrayMenu::quitRequested);
    retranslate();
}

void TrayMenu::changeEvent(QEvent *event)
{
    QMenu::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
}

void TrayMenu::retranslate()
{
    // The texts keep the window's context, where they were translated before the menu had a class.
    m_show->setText(QCoreApplication::translate("rbee::gui::MainWindow", "Show rbee"));
    m_quit->setText(QCoreApplication::translate("rbee::gui::MainWindow", "Quit"));
}

}  // namespace rbee::gui
