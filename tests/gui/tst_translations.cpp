// The German and French catalogues (translations/*.ts, compiled into rbee_gui's resources under
// :/i18n/) load, translate messages from each context, and turn the real main window's texts
// into that language when installed before the window is built. No workers, no network.
#include "gui/chatview.h"
#include "gui/conversation.h"
#include "gui/conversationstore.h"
#include "gui/errortext.h"
#include "gui/languageswitcher.h"
#include "gui/mainwindow.h"
#include "gui/narrationtext.h"
#include "gui/traymenu.h"
#include "gui/workertablemodel.h"

#include "core/clock.h"
#include "core/protocol/heartbeat.h"
#include "core/queen/queenserver.h"
#include "core/registry/workerregistry.h"

#include "inprocessqueen.h"

#include <QAction>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QJsonObject>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QWidget>

#include <memory>

using namespace rbee;

namespace {

// Switches the app's language for the lifetime of the object, back to English after it.
class SwitchedLanguage {
public:
    explicit SwitchedLanguage(const QString &language) : m_complete(gui::LanguageSwitcher::instance()->apply(language))
    {}
    ~SwitchedLanguage() { gui::LanguageSwitcher::instance()->apply(QStringLiteral("en")); }
    bool complete() const { return m_complete; }

private:
    bool m_complete;
};

// Installs a catalogue for the lifetime of the object, so a failing check can't leak it into
// the next test function.
class InstalledTranslator {
public:
    bool load(const QString &language)
    {
        if (!m_translator.load(QStringLiteral(":/i18n/rbee_%1.qm").arg(language)))
            return false;
        m_installed = QCoreApplication::installTranslator(&m_translator);
        return m_installed;
    }
    const QTranslator &translator() const { return m_translator; }
    ~InstalledTranslator()
    {
        if (m_installed)
            QCoreApplication::removeTranslator(&m_translator);
    }

private:
    QTranslator m_translator;
    bool m_installed = false;
};

}  // namespace

class TestTranslations : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_conversations;

    static void addLanguageColumns()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<QString>("send");         // rbee::gui::MainWindow and the .ui form
        QTest::addColumn<QString>("fileMenu");     // the .ui form's "MainWindow" context
        QTest::addColumn<QString>("listening");    // status bar summary
        QTest::addColumn<QString>("modelHeader");  // rbee::gui::WorkerTableModel
        QTest::addColumn<QString>("ready");        // rbee::gui::WorkerTableModel
        QTest::addColumn<QString>("retry");        // rbee::gui::ChatView
        QTest::addColumn<QString>("noWorker");     // QObject (src/app/guiapp.cpp)
    }
    static void addLanguageRows()
    {
        QTest::newRow("de") << QStringLiteral("de") << QStringLiteral("Senden") << QStringLiteral("&Datei")
                            << QStringLiteral("Erreichbar unter") << QStringLiteral("Modell")
                            << QStringLiteral("bereit") << QStringLiteral("Erneut versuchen")
                            << QStringLiteral("Es läuft kein Worker. Einen mit %1 starten?");
        QTest::newRow("fr") << QStringLiteral("fr") << QStringLiteral("Envoyer") << QStringLiteral("&Fichier")
                            << QStringLiteral("En écoute sur") << QStringLiteral("Modèle") << QStringLiteral("prêt")
                            << QStringLiteral("Réessayer")
                            << QStringLiteral("Aucun worker n’est lancé. En démarrer un avec %1\u00a0?");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);  // never read or write the user's settings
        QVERIFY(m_conversations.isValid());
    }

    void languageSwitcher_german_loadsQtsOwnCatalogue_buttonBoxSaysJa()
    {
        SwitchedLanguage german(QStringLiteral("de"));
        QVERIFY2(german.complete(), "qtbase_de.qm missing: install qt6-translations-l10n (scripts/install-deps.sh)");
        QDialogButtonBox box(QDialogButtonBox::Yes | QDialogButtonBox::No | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Yes)->text(), QStringLiteral("&Ja"));
        QCOMPARE(box.button(QDialogButtonBox::No)->text(), QStringLiteral("&Nein"));
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Abbrechen"));
    }

    void languageSwitcher_german_numbersUseTheGermanDecimalComma()
    {
        SwitchedLanguage german(QStringLiteral("de"));
        QCOMPARE(QLocale().toString(962.9, 'f', 1), QStringLiteral("962,9"));
        // The worker table's rate, as a row shows it.
        core::ManualClock clock;
        core::WorkerRegistry registry(clock);
        core::Heartbeat hb;
        hb.workerId = QStringLiteral("w-1");
        hb.model = QStringLiteral("m");
        hb.url = QStringLiteral("http://127.0.0.1:9000");
        hb.status = core::WorkerStatus::Ready;
        hb.slotsTotal = 2;
        hb.ctxSize = 4096;
        hb.tokensPerS = 962.94;
        hb.version = QStringLiteral("0.1.0");
        hb.sentAtMs = clock.wallMs();
        QVERIFY(!registry.applyHeartbeat(hb));
        gui::WorkerTableModel model(&registry);
        QCOMPARE(model.index(0, gui::WorkerTableModel::TokensPerSecond).data().toString(), QStringLiteral("962,9"));
        // The chat's footer under an answer.
        gui::ChatTurn turn;
        turn.tokens = 1234;
        turn.ttftMs = 1500;
        turn.tokensPerS = 2594.94;
        const QString footer = gui::ChatView::footerText(turn);
        QVERIFY2(footer.contains(QStringLiteral("2.594,9")), qPrintable(footer));
        QVERIFY2(footer.contains(QStringLiteral("1.234")), qPrintable(footer));
    }

    void languageChange_retranslatesTheOpenMainWindowsMenusAtOnce()
    {
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *fileMenu = window.findChild<QMenu *>(QStringLiteral("menuFile"));
        auto *send = window.findChild<QPushButton *>(QStringLiteral("sendButton"));
        QVERIFY(fileMenu && send);
        QCOMPARE(fileMenu->title(), QStringLiteral("&File"));
        {
            SwitchedLanguage german(QStringLiteral("de"));
            QTRY_COMPARE_WITH_TIMEOUT(fileMenu->title(), QStringLiteral("&Datei"), 5000);
            QCOMPARE(send->text(), QStringLiteral("Senden"));
            QVERIFY2(window.statusSummary().startsWith(QStringLiteral("Erreichbar unter")),
                     qPrintable(window.statusSummary()));
            QCOMPARE(window.workerModel()->headerData(gui::WorkerTableModel::Model, Qt::Horizontal).toString(),
                     QStringLiteral("Modell"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(fileMenu->title(), QStringLiteral("&File"), 5000);
        QCOMPARE(send->text(), QStringLiteral("Send"));
    }

    // Footers already in the chat follow the language too: the chat is drawn again from the
    // conversation, after the answer being streamed if there is one.
    void languageChange_redrawsTheChatsFootersInTheNewLanguage()
    {
        QTemporaryDir folder;
        gui::Conversation saved = gui::Conversation::create();
        gui::ChatTurn question;
        question.role = QStringLiteral("user");
        question.content = QStringLiteral("Write a loop");
        gui::ChatTurn answer;
        answer.role = QStringLiteral("assistant");
        answer.content = QStringLiteral("Here:\n\n```\nfor (;;) {}\n```\n");
        answer.tokens = 12;
        answer.stopReason = QStringLiteral("cancelled");
        saved.turns = {question, answer};
        QVERIFY(gui::ConversationStore(folder.path()).save(saved));
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), folder.path());
        window.show();
        auto *chat = window.findChild<gui::ChatView *>(QStringLiteral("chatView"));
        QVERIFY2(chat->toPlainText().contains(QStringLiteral("12 tokens · stopped by you")),
                 qPrintable(chat->toPlainText()));
        {
            SwitchedLanguage german(QStringLiteral("de"));
            QTRY_VERIFY2_WITH_TIMEOUT(chat->toPlainText().contains(QStringLiteral("12 Tokens · von Ihnen gestoppt")),
                                      qPrintable(chat->toPlainText()), 5000);
            QVERIFY(chat->toPlainText().contains(QStringLiteral("for (;;) {}")));
        }
        QTRY_VERIFY_WITH_TIMEOUT(chat->toPlainText().contains(QStringLiteral("12 tokens · stopped by you")), 5000);
    }

    // The window builds its tray menu only where a system tray exists (offscreen has none), so the
    // menu is checked as the window holds it: a child of an open window, found by objectName.
    void languageChange_retranslatesTheTrayMenuAtOnce()
    {
        QWidget window;
        new gui::TrayMenu(&window);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *menu = window.findChild<QMenu *>(QStringLiteral("trayMenu"));
        QVERIFY(menu);
        auto *show = menu->findChild<QAction *>(QStringLiteral("trayShowAction"));
        auto *quit = menu->findChild<QAction *>(QStringLiteral("trayQuitAction"));
        QVERIFY(show && quit);
        QCOMPARE(show->text(), QStringLiteral("Show rbee"));
        QCOMPARE(quit->text(), QStringLiteral("Quit"));
        {
            SwitchedLanguage german(QStringLiteral("de"));
            QTRY_COMPARE_WITH_TIMEOUT(show->text(), QStringLiteral("rbee anzeigen"), 5000);
            QCOMPARE(quit->text(), QStringLiteral("Beenden"));
        }
        QTRY_COMPARE_WITH_TIMEOUT(show->text(), QStringLiteral("Show rbee"), 5000);
        QCOMPARE(quit->text(), QStringLiteral("Quit"));
    }

    void narration_otherLanguage_wordedFromTheQueensFacts_englishAsSent()
    {
        const QJsonObject selected{{QStringLiteral("message"),
                                    QStringLiteral("Selected worker w-1 (model m, 0/2 slots busy, heartbeat 0.2 s ago) "
                                                   "by least-loaded")},
                                   {QStringLiteral("kind"), QStringLiteral("selected")},
                                   {QStringLiteral("worker_id"), QStringLiteral("w-1")},
                                   {QStringLiteral("rule"), QStringLiteral("least-loaded")}};
        QCOMPARE(gui::NarrationText::forUser(selected, QStringLiteral("en")),
                 selected.value(QStringLiteral("message")).toString());
        InstalledTranslator german;
        QVERIFY(german.load(QStringLiteral("de")));
        const QString worded = gui::NarrationText::forUser(selected, QStringLiteral("de"));
        QCOMPARE(worded, QCoreApplication::translate("rbee::gui::NarrationText", "Selected worker %1 %2.")
                             .arg(QStringLiteral("w-1"), QCoreApplication::translate("rbee::gui::NarrationText",
                                                                                     "as the least loaded worker")));
        // A narration the app cannot word (an older queen, a new kind) is shown as sent.
        const QJsonObject unknown{{QStringLiteral("message"), QStringLiteral("Something new")},
                                  {QStringLiteral("kind"), QStringLiteral("teleported")}};
        QCOMPARE(gui::NarrationText::forUser(unknown, QStringLiteral("de")), QStringLiteral("Something new"));
    }

    void coreError_otherLanguage_headlineByCode_withCoresMessageAsDetail()
    {
        const core::Error error{core::ErrorCode::NoWorker, QStringLiteral("no worker serves model 'm'")};
        QCOMPARE(gui::ErrorText::forUser(error, QStringLiteral("en")), error.message);
        const QString shown = gui::ErrorText::forUser(error, QStringLiteral("de"));
        QVERIFY2(shown.startsWith(gui::ErrorText::headline(core::ErrorCode::NoWorker)), qPrintable(shown));
        QVERIFY2(shown.contains(error.message), qPrintable(shown));
        // Every code has a headline of its own words, never the code's name.
        for (int code = 0; code <= int(core::ErrorCode::HiveUnreachable); ++code) {
            const QString headline = gui::ErrorText::headline(core::ErrorCode(code));
            QVERIFY(!headline.isEmpty());
            QVERIFY2(!headline.contains(u'_'), qPrintable(headline));
        }
    }

    void withoutTranslator_englishSourceTexts()
    {
        QCOMPARE(QCoreApplication::translate("rbee::gui::MainWindow", "Send"), QStringLiteral("Send"));
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        auto *send = window.findChild<QPushButton *>(QStringLiteral("sendButton"));
        QVERIFY(send);
        QCOMPARE(send->text(), QStringLiteral("Send"));
    }

    void catalogueLoads_andTranslatesEachContext_data()
    {
        addLanguageColumns();
        addLanguageRows();
    }
    void catalogueLoads_andTranslatesEachContext()
    {
        QFETCH(QString, language);
        QFETCH(QString, send);
        QFETCH(QString, fileMenu);
        QFETCH(QString, modelHeader);
        QFETCH(QString, ready);
        QFETCH(QString, retry);
        QFETCH(QString, noWorker);

        InstalledTranslator installed;
        QVERIFY2(installed.load(language), "the .qm is missing from :/i18n/ (qt_add_translations RESOURCE_PREFIX)");
        QVERIFY(!installed.translator().isEmpty());
        QVERIFY(installed.translator().language().startsWith(language));

        QCOMPARE(QCoreApplication::translate("rbee::gui::MainWindow", "Send"), send);
        QCOMPARE(QCoreApplication::translate("MainWindow", "Send"), send);
        QCOMPARE(QCoreApplication::translate("MainWindow", "&File"), fileMenu);
        QCOMPARE(QCoreApplication::translate("rbee::gui::WorkerTableModel", "Model"), modelHeader);
        QCOMPARE(QCoreApplication::translate("rbee::gui::WorkerTableModel", "ready"), ready);
        QCOMPARE(QCoreApplication::translate("rbee::gui::ChatView", "Retry"), retry);
        QCOMPARE(QCoreApplication::translate("rbee::gui::FirstRunOffer", "No worker is running. Start one on %1?"),
                 noWorker);
        // Placeholders survive translation.
        QVERIFY(QCoreApplication::translate("rbee::gui::MainWindow", "%1 of %2 workers online").contains(u"%1"));
        QVERIFY(QCoreApplication::translate("rbee::gui::MainWindow", "%1 of %2 workers online").contains(u"%2"));
        // The chat footer's cached count keeps its locale-aware placeholder.
        const QString cached = QCoreApplication::translate("rbee::gui::ChatView", "%L1 cached");
        QVERIFY2(cached.contains(u"%L1") && cached != QLatin1String("%L1 cached"), qPrintable(cached));
    }

    void mainWindowBuiltAfterInstalling_showsTheLanguage_data()
    {
        addLanguageColumns();
        addLanguageRows();
    }
    void mainWindowBuiltAfterInstalling_showsTheLanguage()
    {
        QFETCH(QString, language);
        QFETCH(QString, send);
        QFETCH(QString, fileMenu);
        QFETCH(QString, listening);
        QFETCH(QString, modelHeader);

        InstalledTranslator installed;
        QVERIFY(installed.load(language));
        auto queen = test::startInProcessQueen();
        QVERIFY(queen);
        gui::MainWindow window(queen.get(), m_conversations.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        auto *sendButton = window.findChild<QPushButton *>(QStringLiteral("sendButton"));
        QVERIFY(sendButton);
        QCOMPARE(sendButton->text(), send);
        auto *fileMenuWidget = window.findChild<QMenu *>(QStringLiteral("menuFile"));
        QVERIFY(fileMenuWidget);
        QCOMPARE(fileMenuWidget->title(), fileMenu);
        QVERIFY2(window.statusSummary().startsWith(listening), qPrintable(window.statusSummary()));
        QCOMPARE(window.workerModel()->headerData(gui::WorkerTableModel::Model, Qt::Horizontal).toString(),
                 modelHeader);
    }
};

QTEST_MAIN(TestTranslations)
#include "tst_translations.moc"
