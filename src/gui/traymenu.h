// TrayMenu: the tray icon's context menu ("Show rbee", "Quit"). It retranslates itself on a live
// language change (LanguageSwitcher) like the window's own menus; what the actions do is the
// window's to connect.
#pragma once

#include <QMenu>

class QAction;

namespace rbee::gui {

class TrayMenu : public QMenu {
    Q_OBJECT
public:
    explicit TrayMenu(QWidget *parent = nullptr);

Q_SIGNALS:
    void showRequested();
    void quitRequested();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslate();

    QAction *m_show;
    QAction *m_quit;
};

}  // namespace rbee::gui
