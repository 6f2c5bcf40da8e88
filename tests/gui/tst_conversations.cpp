// The conversations panel of the real main window (offscreen, an in-process queen, no worker):
// one click opens a conversation, F2 renames it on disk, Delete hides it with an undo that brings
// the file back (Ctrl+Z too) or removes it when the undo expires or the window goes, the search
// finds words in the text, the context menu offers rename, delete and both exports, and
// File › Export writes Markdown and JSON (JSON the store reads back).
#include "dialoganswer.h"
#include "widgetchild.h"

#include "gui/chatview.h"
#include "gui/conversationexport.h"
#include "gui/conversationlist.h"
#include "gui/conversationlistmodel.h"
#include "gui/conversationstore.h"
#include "gui/mainwindow.h"

#include "inprocessqueen.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <functional>
#include <memory>

using namespace rbee;
using rbee::gui::Conversation;
using rbee::test::answerNextDialog;
using rbee::test::child;

namespace {

// `path` must end in the name the dialog suggests: QFileDialog puts that name back into its field
// when it has read the folder, which may come after this answer.
void answerSaveDialog(const QString &path)
{
    answerNextDialog([path](QDialog &dialog) {
        QCOMPARE(dialog.objectName(), QStringLiteral("exportDialog"));
        qobject_cast<QFileDialog *>(&dialog)->selectFile(path);
    });
}

Conversation conversation(const QString &title, const QString &question, const QString &answer, int minutesAgo)
{
    Conversation c = Conversation::create();
    c.title = title;
    c.model = QStringLiteral("tiny");
    c.turns.append(gui::ChatTurn{QStringLiteral("user"), question, {}, {}, 0, 0, 0, 0, {}, {}});
    c.turns.append(gui::ChatTurn{QStringLiteral("assistant"),
                                 answer,
                                 QStringLiteral("w1"),
                                 QStringLiteral("CPU"),
                                 42,
                                 12.5,
                                 7,
                                 0,
                                 QStringLiteral("eos"),
                                 {}});
    c.updated = QDateTime::currentDateTimeUtc().addSecs(-60 * minutesAgo);
    return c;
}

QStringList titles(const QListView &view)
{
    QStringList out;
    for (int row = 0; row < view.model()->rowCount(); ++row)
        out << view.model()->index(row, 0).data().toString();
    return out;
}

QModelIndex rowTitled(const QListView &view, const QString &title)
{
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        const QModelIndex index = view.model()->index(row, 0);
        if (index.data().toString() == title)
            return index;
    }
    return {};
}

bool fileIn(const QString &folder, const QString &id)
{
    return QFile::exists(folder + u'/' + id + QStringLiteral(".json"));
}

}  // namespace

class TestConversations : public QObject {
    Q_OBJECT

private:
    std::unique_ptr<core::QueenServer> m_queen;
    std::unique_ptr<QTemporaryDir> m_folder;
    Conversation m_alpha;  // older; the only one with "zebrafish", in its answer
    Conversation m_beta;   // newest: the window opens it

    std::unique_ptr<gui::MainWindow> openWindow()
    {
        auto window = std::make_unique<gui::MainWindow>(m_queen.get(), m_folder->path());
        window->show();
        if (!QTest::qWaitForWindowExposed(window.get()))
            qFatal("window not exposed");
        return window;
    }
    static QAction *windowAction(gui::MainWindow &window, const char *name)
    {
        auto *action = window.findChild<QAction *>(QLatin1String(name));
        if (!action)
            qFatal("no action %s", name);
        return action;
    }
    static void clickRow(QListView *view, const QModelIndex &index)
    {
        QVERIFY(index.isValid());
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_queen = test::startInProcessQueen(1000)); }

    void init()
    {
        m_folder = std::make_unique<QTemporaryDir>();
        const gui::ConversationStore store(m_folder->path());
        m_alpha = conversation(QStringLiteral("Alpha"), QStringLiteral("What lives in the pond?"),
                               QStringLiteral("A small **zebrafish** and two frogs."), 30);
        m_beta = conversation(QStringLiteral("Beta"), QStringLiteral("Hello"), QStringLiteral("Hi there."), 1);
        QVERIFY(store.save(m_alpha));
        QVERIFY(store.save(m_beta));
    }

    void model_keepsNewestFirst_throughUpsertsAndTakes()
    {
        gui::ConversationListModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setConversations({m_alpha, m_beta});
        QCOMPARE(model.index(0).data(gui::ConversationListModel::IdRole).toString(), m_beta.id);
        Conversation later = m_alpha;
        later.updated = QDateTime::currentDateTimeUtc();
        model.upsert(later);  // moves up
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.index(0).data(gui::ConversationListModel::IdRole).toString(), m_alpha.id);
        Conversation fresh = conversation(QStringLiteral("Gamma"), QStringLiteral("q"), QStringLiteral("a"), 10);
        model.upsert(fresh);  // older than both
        QCOMPARE(model.index(2).data().toString(), QStringLiteral("Gamma"));
        QCOMPARE(model.take(m_alpha.id).id, m_alpha.id);
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.take(QStringLiteral("nobody")).id.isEmpty());
        QVERIFY(model.index(1).data(gui::ConversationListModel::SearchTextRole).toString().contains(u"gamma"));
    }

    void singleClick_opensTheConversation()
    {
        auto window = openWindow();
        QCOMPARE(window->currentConversation().id, m_beta.id);
        auto *view = child<QListView>(*window, "conversationView");
        clickRow(view, rowTitled(*view, QStringLiteral("Alpha")));
        QCOMPARE(window->currentConversation().id, m_alpha.id);
        QVERIFY(window->chatView()->toPlainText().contains(QStringLiteral("What lives in the pond?")));
        clickRow(view, rowTitled(*view, QStringLiteral("Beta")));
        QCOMPARE(window->currentConversation().id, m_beta.id);
    }

    void rename_withF2_persistsToDisk_andSurvivesAReload()
    {
        {
            auto window = openWindow();
            auto *view = child<QListView>(*window, "conversationView");
            clickRow(view, rowTitled(*view, QStringLiteral("Alpha")));
            view->setFocus();
            QTest::keyClick(view, Qt::Key_F2);
            auto *editor = qobject_cast<QLineEdit *>(QApplication::focusWidget());
            QVERIFY2(editor, "F2 opened no editor");
            editor->selectAll();
            QTest::keyClicks(editor, QStringLiteral("Pond life"));
            QTest::keyClick(editor, Qt::Key_Return);  // the delegate commits from the event loop
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return gui::ConversationStore(m_folder->path()).load(m_alpha.id)->title
                           == QLatin1String("Pond life");
                },
                5000));
            QCOMPARE(window->currentConversation().title, QStringLiteral("Pond life"));
            // The open conversation, saved again, keeps the new title.
            window->sendPrompt(QStringLiteral("And in the sea?"));  // no worker: an error turn, saved
            QVERIFY(QTest::qWaitFor([&] { return !window->isAnswering(); }, 5000));
        }
        const std::optional<Conversation> saved = gui::ConversationStore(m_folder->path()).load(m_alpha.id);
        QVERIFY(saved);
        QCOMPARE(saved->title, QStringLiteral("Pond life"));
        QCOMPARE(saved->turns.size(), 4);
        auto again = openWindow();
        auto *view = child<QListView>(*again, "conversationView");
        QVERIFY2(rowTitled(*view, QStringLiteral("Pond life")).isValid(), qPrintable(titles(*view).join(u',')));
        QVERIFY(!rowTitled(*view, QStringLiteral("Alpha")).isValid());
    }

    void deleteKey_thenUndo_restoresTheFileAndTheEntry()
    {
        auto window = openWindow();
        auto *view = child<QListView>(*window, "conversationView");
        QAction *undo = windowAction(*window, "undoDeleteAction");
        QVERIFY(!undo->isEnabled());
        clickRow(view, rowTitled(*view, QStringLiteral("Alpha")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(!fileIn(m_folder->path(), m_alpha.id));
        QVERIFY(!rowTitled(*view, QStringLiteral("Alpha")).isValid());
        QVERIFY(child<QWidget>(*window, "undoBar")->isVisible());
        QVERIFY(child<QLabel>(*window, "undoLabel")->text().contains(QStringLiteral("Alpha")));
        QVERIFY(undo->isEnabled());
        // The open conversation was deleted: the chat moved to a new one.
        QVERIFY(window->currentConversation().id != m_alpha.id);

        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);  // Edit › Undo
        QVERIFY(fileIn(m_folder->path(), m_alpha.id));
        QVERIFY(rowTitled(*view, QStringLiteral("Alpha")).isValid());
        QVERIFY(!child<QWidget>(*window, "undoBar")->isVisible());
        QVERIFY(!undo->isEnabled());
        QCOMPARE(gui::ConversationStore(m_folder->path()).load(m_alpha.id)->turns.size(), 2);

        // The undo bar's button does the same.
        view->setCurrentIndex(rowTitled(*view, QStringLiteral("Beta")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(!fileIn(m_folder->path(), m_beta.id));
        QTest::mouseClick(child<QWidget>(*window, "undoButton"), Qt::LeftButton);
        QVERIFY(fileIn(m_folder->path(), m_beta.id));
        QVERIFY(rowTitled(*view, QStringLiteral("Beta")).isValid());
    }

    void delete_withoutUndo_removesTheFileAfterTheGracePeriod()
    {
        auto window = openWindow();
        auto *list = child<gui::ConversationList>(*window, "conversationList");
        QVERIFY(list->setProperty("undoPeriodMs", 300));
        auto *view = child<QListView>(*window, "conversationView");
        const QString trashed = m_folder->path() + QStringLiteral("/.trash/") + m_alpha.id + QStringLiteral(".json");
        view->setCurrentIndex(rowTitled(*view, QStringLiteral("Alpha")));
        view->setFocus();
        QTest::keyClick(view, Qt::Key_Delete);
        QVERIFY(!fileIn(m_folder->path(), m_alpha.id));
        QVERIFY(QFile::exists(trashed));  // kept for the undo
        QVERIFY2(QTest::qWaitFor([&] { return !QFile::exists(trashed); }, 10000), "the undo never expired");
        QVERIFY(!windowAction(*window, "undoDeleteAction")->isEnabled());
        QVERIFY(!child<QWidget>(*window, "undoBar")->isVisible());
        QVERIFY(!fileIn(m_folder->path(), m_alpha.id));
    }

    void delete_thenQuit_removesTheFile()
    {
        const QString trashed = m_folder->path() + QStringLiteral("/.trash/") + m_alpha.id + QStringLiteral(".json");
        {
            auto window = openWindow();
            auto *view = child<QListView>(*window, "conversationView");
            view->setCurrentIndex(rowTitled(*view, QStringLiteral("Alpha")));
            view->setFocus();
            QTest::keyClick(view, Qt::Key_Delete);
            QVERIFY(QFile::exists(trashed));
        }
        QVERIFY(!QFile::exists(trashed));
        QVERIFY(!fileIn(m_folder->path(), m_alpha.id));
        auto again = openWindow();
        QVERIFY(!rowTitled(*child<QListView>(*again, "conversationView"), QStringLiteral("Alpha")).isValid());
    }

    void search_findsAWordOnlyInTheText_andClearingShowsAll()
    {
        auto window = openWindow();
        auto *view = child<QListView>(*window, "conversationView");
        const int all = view->model()->rowCount();
        QVERIFY(all >= 2);
        auto *search = child<QLineEdit>(*window, "conversationSearch");
        QTest::keyClicks(search, QStringLiteral("ZEBRA"));
        QCOMPARE(titles(*view), QStringList{QStringLiteral("Alpha")});
        QTest::keyClicks(search, QStringLiteral(" frogs"));  // every word must match
        QCOMPARE(titles(*view), QStringList{QStringLiteral("Alpha")});
        QTest::keyClicks(search, QStringLiteral(" whale"));
        QVERIFY(titles(*view).isEmpty());
        search->clear();
        QCOMPARE(view->model()->rowCount(), all);
        // Text written after the start is found too.
        window->sendPrompt(QStringLiteral("Any narwhals?"));
        QVERIFY(QTest::qWaitFor([&] { return !window->isAnswering(); }, 5000));
        QTest::keyClicks(search, QStringLiteral("narwhal"));
        QCOMPARE(titles(*view), QStringList{QStringLiteral("Beta")});
    }

    void exportMarkdown_fromTheFileMenu_writesTheTurnsAndFooters()
    {
        auto window = openWindow();
        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("Beta.md"));  // the suggested name
        answerSaveDialog(path);
        windowAction(*window, "actionExportMarkdown")->trigger();
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        const QString text = QString::fromUtf8(file.readAll());
        QCOMPARE(text, gui::ConversationExport::markdown(m_beta));
        QVERIFY2(text.startsWith(QStringLiteral("# Beta\n\n- Model: tiny\n")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("\n## User\n\nHello\n")));
        QVERIFY(text.contains(QStringLiteral("\n## Assistant\n\nHi there.\n")));
        QVERIFY2(text.contains(QStringLiteral("*w1 (CPU) · 7 tokens · TTFT 42 ms · 12.5 tok/s · stop: eos*")),
                 qPrintable(text));
    }

    void exportJson_fromTheContextMenu_roundTripsThroughTheStore()
    {
        auto window = openWindow();
        auto *view = child<QListView>(*window, "conversationView");
        view->setCurrentIndex(rowTitled(*view, QStringLiteral("Alpha")));
        QAction *exportJson = nullptr;
        for (QAction *action : child<gui::ConversationList>(*window, "conversationList")->findChildren<QAction *>()) {
            if (action->objectName() == QLatin1String("exportJsonAction"))
                exportJson = action;
        }
        QVERIFY(exportJson);
        QTemporaryDir out;
        const QString path = out.filePath(QStringLiteral("Alpha.json"));  // the suggested name
        answerSaveDialog(path);
        exportJson->trigger();
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QString error;
        const std::optional<Conversation> back = gui::ConversationStore::parse(file.readAll(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toJson(), m_alpha.toJson());
        QCOMPARE(back->turns.at(1).content, QStringLiteral("A small **zebrafish** and two frogs."));
    }

    void contextMenu_offersRenameDeleteAndBothExports()
    {
        auto window = openWindow();
        auto *view = child<QListView>(*window, "conversationView");
        const QModelIndex alpha = rowTitled(*view, QStringLiteral("Alpha"));
        QStringList offered;
        auto *poll = new QTimer(this);
        poll->setInterval(10);
        connect(poll, &QTimer::timeout, poll, [poll, &offered] {
            auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget());
            if (!menu)
                return;
            poll->stop();
            poll->deleteLater();
            for (QAction *action : menu->actions()) {
                if (!action->isSeparator())
                    offered << action->objectName();
            }
            menu->close();
        });
        poll->start();
        Q_EMIT view->customContextMenuRequested(view->visualRect(alpha).center());
        QCOMPARE(offered, (QStringList{QStringLiteral("renameAction"), QStringLiteral("deleteAction"),
                                       QStringLiteral("exportMarkdownAction"), QStringLiteral("exportJsonAction")}));
        // The menu acts on the row under the cursor.
        QCOMPARE(view->currentIndex().data().toString(), QStringLiteral("Alpha"));
    }

    void markdown_showsTheSystemPrompt_andAFailedAnswersError()
    {
        Conversation c = m_alpha;
        c.systemPrompt = QStringLiteral("Be brief.");
        c.turns.append(gui::ChatTurn{QStringLiteral("user"), QStringLiteral("More?"), {}, {}, 0, 0, 0, 0, {}, {}});
        c.turns.append(gui::ChatTurn{
            QStringLiteral("assistant"), {}, {}, {}, 0, 0, 0, 0, {}, QStringLiteral("No worker is available.")});
        const QString text = gui::ConversationExport::markdown(c);
        QVERIFY2(text.contains(QStringLiteral("\n## System prompt\n\nBe brief.\n")), qPrintable(text));
        QVERIFY2(
            text.endsWith(QStringLiteral("\n## User\n\nMore?\n\n## Assistant\n\n> Error: No worker is available.\n")),
            qPrintable(text));
        QCOMPARE(gui::ConversationExport::suggestedFileName(c, gui::ConversationExport::Format::Markdown),
                 QStringLiteral("Alpha.md"));
        c.title = QStringLiteral("  What? / Why: 🐝 ");
        QCOMPARE(gui::ConversationExport::suggestedFileName(c, gui::ConversationExport::Format::Json),
                 QStringLiteral("What-Why.json"));
    }
};

QTEST_MAIN(TestConversations)
#include "tst_conversations.moc"
