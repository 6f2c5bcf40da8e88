// The German and French catalogues (translations/*.ts, compiled into rbee_gui's resources under
// :/i18n/) load, translate messages from each context, and turn the real main window's texts
// into that language when installed before the window is built. No workers, no network.
#include "gui/mainwindow.h"
#include "gui/workertablemodel.h"

#include "core/queen/queenserver.h"

#include "inprocessqueen.h"

#include <QCoreApplication>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>

#include <memory>

using namespace rbee;

namespace {

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
        QCOMPARE(QCoreApplication::translate("QObject", "No worker is running. Start one on %1?"), noWorker);
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
