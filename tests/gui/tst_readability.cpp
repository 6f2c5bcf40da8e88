// Texts that must be readable in full (offscreen): the dark theme's placeholder text against its
// fields, the Settings dialog's token placeholders not cut off, the Start a local worker dialog's
// path field wide enough for a real path, the tray option switched off (and saying why) where
// the desktop has no system tray, and code blocks in the chat on the theme chosen after them.
#include "gui/appsettings.h"
#include "gui/chatview.h"
#include "gui/conversation.h"
#include "gui/conversationstore.h"
#include "gui/mainwindow.h"
#include "gui/settingsdialog.h"
#include "gui/startworkerdialog.h"
#include "gui/theme.h"
#include "inprocessqueen.h"
#include "widgetchild.h"

#include <QApplication>
#include <QCheckBox>
#include <QLineEdit>
#include <QPalette>
#include <QStandardPaths>
#include <QSystemTrayIcon>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBlock>
#include <QtMath>

using namespace rbee;
using rbee::test::child;

namespace {

double luminance(const QColor &color)
{
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

// WCAG's contrast ratio: 1 (none) to 21 (black on white); 4.5 is the floor for body text.
double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a), lb = luminance(b);
    return (qMax(la, lb) + 0.05) / (qMin(la, lb) + 0.05);
}

}  // namespace

class TestReadability : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void cleanup() { gui::applyTheme(gui::AppSettings::Theme::System); }

    void theme_placeholderTextContrastsWithFields_data()
    {
        QTest::addColumn<int>("theme");
        QTest::newRow("dark") << int(gui::AppSettings::Theme::Dark);
        QTest::newRow("light") << int(gui::AppSettings::Theme::Light);
    }
    void theme_placeholderTextContrastsWithFields()
    {
        QFETCH(int, theme);
        gui::applyTheme(gui::AppSettings::Theme(theme));
        QLineEdit edit;
        edit.setPlaceholderText(QStringLiteral("Filter by id, model or address"));
        const QPalette palette = edit.palette();
        const QColor placeholder = palette.color(QPalette::Active, QPalette::PlaceholderText);
        const QColor base = palette.color(QPalette::Active, QPalette::Base);
        const double ratio = contrast(placeholder, base);
        QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("placeholder %1 on %2: %3:1")
                                              .arg(placeholder.name(), base.name())
                                              .arg(ratio, 0, 'f', 2)));
        // Still set apart from what the user typed.
        QVERIFY(contrast(palette.color(QPalette::Active, QPalette::Text), base) > ratio);
    }

    // A code block's tint is the palette's alternate base when it is drawn; a theme chosen later
    // draws the chat again, so a block is never left light on a dark window.
    void themeChange_codeBlocksAlreadyInTheChat_takeTheNewTint()
    {
        gui::applyTheme(gui::AppSettings::Theme::Light);
        QTemporaryDir folder;
        gui::Conversation saved = gui::Conversation::create();
        gui::ChatTurn answer;
        answer.role = QStringLiteral("assistant");
        answer.content = QStringLiteral("Here:\n\n```\nfor (;;) {}\n```\n");
        answer.tokens = 12;
        answer.stopReason = QStringLiteral("eos");
        saved.turns = {answer};
        QVERIFY(gui::ConversationStore(folder.path()).save(saved));
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), folder.path());
        window.show();
        auto *chat = child<gui::ChatView>(window, "chatView");
        auto tint = [chat] {
            for (QTextBlock b = chat->document()->begin(); b.isValid(); b = b.next()) {
                if (b.text() == QLatin1String("for (;;) {}"))
                    return b.blockFormat().background().color();
            }
            return QColor();
        };
        QCOMPARE(tint(), QApplication::palette().color(QPalette::AlternateBase));
        const QColor light = tint();

        gui::applyTheme(gui::AppSettings::Theme::Dark);
        const QColor dark = QApplication::palette().color(QPalette::AlternateBase);
        QVERIFY(dark != light);
        QTRY_COMPARE_WITH_TIMEOUT(tint(), dark, 5000);
    }

    void settings_tokenPlaceholders_areShownWhole()
    {
        gui::SettingsDialog dialog(gui::AppSettings{});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // As small as the dialog can be made (a small screen, a window manager's first guess).
        dialog.resize(dialog.minimumSizeHint());
        QTRY_COMPARE_WITH_TIMEOUT(dialog.size(), dialog.minimumSizeHint(), 2000);
        for (const char *name : {"tokenEdit", "queenTokenEdit"}) {
            auto *edit = child<QLineEdit>(dialog, name);
            QVERIFY(!edit->placeholderText().isEmpty());
            const int needed = edit->fontMetrics().horizontalAdvance(edit->placeholderText());
            QVERIFY2(edit->width() > needed, qPrintable(QStringLiteral("%1: %2 px for a %3 px placeholder")
                                                            .arg(QLatin1String(name))
                                                            .arg(edit->width())
                                                            .arg(needed)));
        }
    }

    void startWorker_pathField_fitsARealModelPath()
    {
        gui::StartWorkerDialog dialog(QStringLiteral("/nonexistent/models"),
                                      QStringLiteral("/nonexistent/rbee-worker"));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *path = child<QLineEdit>(dialog, "modelPath");
        const QString real = QStringLiteral("/home/anna/.local/share/rbee/models/Qwen2.5-7B-Instruct-Q4_K_M.gguf");
        QVERIFY2(path->width() > path->fontMetrics().horizontalAdvance(real),
                 qPrintable(QString::number(path->width())));
    }

    void settings_noSystemTray_trayOptionDisabledAndSaysWhy()
    {
        QVERIFY2(!QSystemTrayIcon::isSystemTrayAvailable(), "the offscreen platform has no tray");
        gui::AppSettings saved;
        saved.trayEnabled = true;  // chosen on a desktop that had a tray
        gui::SettingsDialog dialog(saved);
        auto *tray = child<QCheckBox>(dialog, "trayCheck");
        QVERIFY(!tray->isEnabled());
        QVERIFY(!tray->isChecked());
        QVERIFY2(tray->toolTip().contains(QStringLiteral("no system tray")), qPrintable(tray->toolTip()));
        // The choice itself is kept for a desktop that has one.
        QVERIFY(dialog.settings().trayEnabled);
    }
};

QTEST_MAIN(TestReadability)
#include "tst_readability.moc"
