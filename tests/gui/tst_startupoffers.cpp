// What the app offers at start and what the model picker shows, with real rbee-worker processes
// (offscreen): no "start a worker" / "get a model" question while workers are online; with none
// online, a model in the folder gives "Start one on …?", whose Yes starts a worker on half the
// cores; no model gives "Get one now?". After a restart the picker shows the model the open
// conversation was saved with, or says it is not available, never another one.
#include "serverprocess.h"

#include "inprocessqueen.h"

#include "gui/appsettings.h"
#include "gui/conversationstore.h"
#include "gui/firstrunoffer.h"
#include "gui/mainwindow.h"
#include "gui/modelloadsettings.h"

#include "core/client/localworker.h"
#include "core/registry/workerregistry.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QFile>
#include <QMessageBox>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace rbee;
using rbee::gui::FirstRunOffer;

namespace {

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

// Answers every message box shown while it lives with `button`, and keeps their texts.
class MessageBoxAnswerer : public QObject {
public:
    explicit MessageBoxAnswerer(QMessageBox::StandardButton button)
    {
        m_timer.setInterval(20);
        connect(&m_timer, &QTimer::timeout, this, [this, button] {
            for (QWidget *w : QApplication::topLevelWidgets()) {
                auto *box = qobject_cast<QMessageBox *>(w);
                if (!box || !box->isVisible() || m_answered.contains(box))
                    continue;
                m_answered << box;
                texts << box->text();
                box->button(button)->click();
            }
        });
        m_timer.start();
    }
    QStringList texts;

private:
    QTimer m_timer;
    QList<QMessageBox *> m_answered;
};

QStringList workerArgs(core::QueenServer &queen)
{
    return {s("--model"),        test::tinyModelPath(),
            s("--queen"),        s("http://127.0.0.1:%1").arg(queen.port()),
            s("--heartbeat-ms"), s("200"),
            s("--device"),       s("CPU")};
}

QString tinyName()
{
    return QFileInfo(test::tinyModelPath()).completeBaseName();
}

}  // namespace

class TestStartupOffers : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_config;

    gui::AppSettings settingsWith(const QString &modelsFolder)
    {
        gui::AppSettings settings;
        settings.modelsFolder = modelsFolder;
        return settings;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_config.path());
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_config.path());
    }

    void decide_data()
    {
        QTest::addColumn<int>("online");
        QTest::addColumn<bool>("startingHere");
        QTest::addColumn<bool>("modelFound");
        QTest::addColumn<int>("offer");
        QTest::newRow("two online, no model") << 2 << false << false << int(FirstRunOffer::Offer::None);
        QTest::newRow("two online, a model") << 2 << false << true << int(FirstRunOffer::Offer::None);
        QTest::newRow("one starting here") << 0 << true << true << int(FirstRunOffer::Offer::None);
        QTest::newRow("none, a model") << 0 << false << true << int(FirstRunOffer::Offer::StartWorker);
        QTest::newRow("none, no model") << 0 << false << false << int(FirstRunOffer::Offer::GetModel);
    }
    void decide()
    {
        QFETCH(int, online);
        QFETCH(bool, startingHere);
        QFETCH(bool, modelFound);
        QFETCH(int, offer);
        QCOMPARE(int(FirstRunOffer::decide(online, startingHere, modelFound)), offer);
    }

    void workersOnline_noQuestion_withAModelOrWithout()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        test::WorkerProcess worker;
        QVERIFY2(worker.start(workerArgs(*queen)), qPrintable(worker.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(queen->registry()->onlineCount(), 1, 20000);
        for (bool withModel : {true, false}) {
            QTemporaryDir folder, conversations;
            if (withModel)
                QVERIFY(QFile::copy(test::tinyModelPath(), folder.filePath(s("tiny.gguf"))));
            gui::MainWindow window(queen.get(), conversations.path());
            window.setWorkerBinary(test::workerBinary());
            window.applySettings(settingsWith(folder.path()));
            window.show();
            MessageBoxAnswerer answerer(QMessageBox::No);
            window.offerFirstRun(100);
            QTest::qWait(1500);  // the offer is due after 100 ms; give it ample time to (wrongly) ask
            QVERIFY2(answerer.texts.isEmpty(), qPrintable(answerer.texts.join(u'\n')));
            QVERIFY(window.findChildren<core::LocalWorker *>().isEmpty());
        }
    }

    void noWorker_modelInFolder_asksToStartOne_yesStartsItOnHalfTheCores()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        QTemporaryDir folder, conversations;
        const QString model = folder.filePath(s("tiny.gguf"));
        QVERIFY(QFile::copy(test::tinyModelPath(), model));
        gui::MainWindow window(queen.get(), conversations.path());
        window.setWorkerBinary(test::workerBinary());
        window.applySettings(settingsWith(folder.path()));
        window.show();
        MessageBoxAnswerer answerer(QMessageBox::Yes);
        window.offerFirstRun(100);
        QTRY_COMPARE_WITH_TIMEOUT(answerer.texts.size(), 1, 10000);
        QCOMPARE(answerer.texts.first(),
                 FirstRunOffer::tr("No worker is running. Start one on %1?").arg(s("tiny.gguf")));
        QTRY_VERIFY_WITH_TIMEOUT(!window.findChildren<core::LocalWorker *>().isEmpty(), 5000);
        auto *local = window.findChildren<core::LocalWorker *>().first();
        QTRY_VERIFY_WITH_TIMEOUT(local->processId() > 0, 10000);
        // Read once the child has exec'd rbee-worker (before that it is a copy of this process).
        QStringList args;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                QFile cmdline(s("/proc/%1/cmdline").arg(local->processId()));
                if (!cmdline.open(QIODevice::ReadOnly))
                    return false;
                args = QString::fromLocal8Bit(cmdline.readAll()).split(QChar(0));
                return args.contains(s("--model"));
            }(),
            10000);
        const int threads = args.indexOf(s("--threads"));
        QVERIFY2(threads > 0, qPrintable(args.join(u' ')));
        QCOMPARE(args.value(threads + 1), QString::number(gui::ModelLoadSettings::defaultThreads()));
        QVERIFY(gui::ModelLoadSettings::defaultThreads() < QThread::idealThreadCount()
                || QThread::idealThreadCount() == 1);
        QTRY_COMPARE_WITH_TIMEOUT(queen->registry()->onlineCount(), 1, 30000);
    }

    void noWorker_noModel_asksToGetOne()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        QTemporaryDir folder, conversations;
        gui::MainWindow window(queen.get(), conversations.path());
        window.setWorkerBinary(test::workerBinary());
        window.applySettings(settingsWith(folder.path()));
        window.show();
        MessageBoxAnswerer answerer(QMessageBox::No);
        window.offerFirstRun(100);
        QTRY_COMPARE_WITH_TIMEOUT(answerer.texts.size(), 1, 10000);
        QVERIFY2(answerer.texts.first().contains(s("Get one now?")), qPrintable(answerer.texts.first()));
        QVERIFY(window.findChildren<core::LocalWorker *>().isEmpty());
    }

    void restart_pickerShowsTheConversationsModel_orSaysItIsNotAvailable()
    {
        auto queen = test::startInProcessQueen(1000);
        QVERIFY(queen);
        test::WorkerProcess worker;
        QVERIFY2(worker.start(workerArgs(*queen)), qPrintable(worker.errorString()));
        for (const QString &saved : {s("another-model"), tinyName()}) {
            QTemporaryDir conversations;
            gui::Conversation c = gui::Conversation::create();
            c.title = s("saved");
            c.model = saved;
            QVERIFY(gui::ConversationStore(conversations.path()).save(c));
            // The window opens the saved conversation before the worker has reported.
            gui::MainWindow window(queen.get(), conversations.path());
            auto *combo = window.findChild<QComboBox *>(s("modelCombo"));
            QVERIFY(combo);
            QStringList shown;
            connect(combo, &QComboBox::currentTextChanged, this, [&](const QString &text) { shown << text; });
            window.show();
            QTRY_VERIFY_WITH_TIMEOUT(combo->findText(tinyName()) >= 0, 20000);
            QTest::qWait(300);  // a few registry refreshes
            if (saved == tinyName()) {
                QCOMPARE(combo->currentText(), tinyName());
                QCOMPARE(combo->count(), 1);
            } else {
                QCOMPARE(combo->currentText(), s("another-model (not available)"));
                QCOMPARE(combo->count(), 2);
                QVERIFY2(!shown.contains(tinyName()), qPrintable(shown.join(u',')));
                // Sending says so rather than asking another model.
                window.sendPrompt(s("Hello"));
                QTRY_VERIFY_WITH_TIMEOUT(!window.isAnswering(), 20000);
                QCOMPARE(window.currentConversation().model, s("another-model"));
                QVERIFY(!window.currentConversation().turns.last().error.isEmpty());
            }
        }
    }
};

QTEST_MAIN(TestStartupOffers)
#include "tst_startupoffers.moc"
