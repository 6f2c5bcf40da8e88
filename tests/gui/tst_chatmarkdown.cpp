// The chat view's Markdown (offscreen): answers render tables, code blocks in a monospace font
// with a Copy link that copies exactly the block's text, a long answer streamed in small pieces
// re-renders only its open end (never earlier turns or its own closed chunks), turns keep a
// space after a footer or an error, and every stop reason of the protocol has its own words.
#include "gui/chatview.h"
#include "gui/conversation.h"
#include "gui/markdownchunker.h"
#include "gui/markdownrenderer.h"

#include "core/client/stopreasontext.h"

#include <QClipboard>
#include <QFontMetricsF>
#include <QGuiApplication>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextFrame>
#include <QTextLayout>
#include <QTextTable>

#include <algorithm>

using namespace rbee;

namespace {
const QString kCode = QStringLiteral("int main()\n{\n    return 0;  // *not* Markdown\n}");

QString markdownAnswer()
{
    return QStringLiteral("Here is **a table**:\n\n| name | value |\n|------|-------|\n| one  | 1     |\n"
                          "| two  | 2     |\n\nAnd code:\n\n```cpp\n")
           + kCode + QStringLiteral("\n```\n\n- first item\n- second item\n\nThe end.");
}

gui::ChatTurn answerTurn(const QString &content)
{
    gui::ChatTurn turn;
    turn.role = QStringLiteral("assistant");
    turn.content = content;
    turn.tokens = 42;
    turn.stopReason = QStringLiteral("eos");
    return turn;
}

QTextBlock blockContaining(const QTextDocument *doc, const QString &text)
{
    for (QTextBlock b = doc->begin(); b.isValid(); b = b.next()) {
        if (b.text().contains(text))
            return b;
    }
    return {};
}

QList<QTextTable *> tables(QTextDocument *doc)
{
    QList<QTextTable *> out;
    for (QTextFrame *frame : doc->rootFrame()->childFrames()) {
        if (auto *table = qobject_cast<QTextTable *>(frame))
            out << table;
    }
    return out;
}

// By the glyphs the font resolves to (QFontInfo::fixedPitch() is false for every font offscreen).
bool isMonospace(const QFont &font)
{
    const QFontMetricsF metrics(font);
    return qFuzzyCompare(metrics.horizontalAdvance(QStringLiteral("iiiiii")),
                         metrics.horizontalAdvance(QStringLiteral("MMMMMM")));
}

// Marks a block; its destructor says when the block was removed (re-rendered).
struct Marker : QTextBlockUserData {
    explicit Marker(bool *destroyed) : m_destroyed(destroyed) {}
    ~Marker() override { *m_destroyed = true; }
    bool *m_destroyed;
};

// The gap between the bottom of `above`'s text and the top of `below`'s text, in pixels.
qreal gapBetween(const QTextBlock &above, const QTextBlock &below)
{
    const QTextLayout *a = above.layout();
    const QTextLayout *b = below.layout();
    return b->position().y() - (a->position().y() + a->boundingRect().height());
}
}  // namespace

class TestChatMarkdown : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void answer_withATable_rendersATableWithItsCells()
    {
        gui::ChatView view;
        view.appendUserTurn(QStringLiteral("Show me a table"));
        view.beginAnswer();
        view.appendAnswerText(markdownAnswer());
        view.finishAnswer(answerTurn(markdownAnswer()));
        const QList<QTextTable *> found = tables(view.document());
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.first()->rows(), 3);
        QCOMPARE(found.first()->columns(), 2);
        QCOMPARE(found.first()->cellAt(2, 1).firstCursorPosition().block().text(), QStringLiteral("2"));
        // Markdown marks are rendered, not shown: bold text without its asterisks, list items.
        const QString text = view.toPlainText();
        QVERIFY2(text.contains(QStringLiteral("Here is a table:")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("**")), qPrintable(text));
        QVERIFY(blockContaining(view.document(), QStringLiteral("second item")).textList());
        // "Copy answer" still copies the Markdown source.
        QCOMPARE(view.lastAnswer(), markdownAnswer());
    }

    void codeBlock_isMonospace_andItsCopyLinkCopiesExactlyTheBlocksText()
    {
        gui::ChatView view;
        view.resize(700, 900);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.beginAnswer();
        view.appendAnswerText(markdownAnswer());
        view.finishAnswer(answerTurn(markdownAnswer()));

        const QTextBlock code = blockContaining(view.document(), QStringLiteral("return 0;"));
        QVERIFY(code.isValid());
        QVERIFY(isMonospace(code.begin().fragment().charFormat().font()));
        const QTextBlock prose = blockContaining(view.document(), QStringLiteral("And code:"));
        QVERIFY(!isMonospace(prose.begin().fragment().charFormat().font()));

        // The Copy link right under the block, clicked with the mouse.
        const QTextBlock link = code.next().next();
        QCOMPARE(link.text(), QStringLiteral("Copy"));
        const QTextCharFormat linkFormat = link.begin().fragment().charFormat();
        QVERIFY(linkFormat.isAnchor());
        QTextCursor cursor(link);
        cursor.setPosition(link.position() + 2);
        const QPoint at = view.cursorRect(cursor).center();
        QGuiApplication::clipboard()->setText(QStringLiteral("before"));
        QSignalSpy clicked(&view, &QTextBrowser::anchorClicked);
        QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(clicked.size(), 1);
        QCOMPARE(QGuiApplication::clipboard()->text(), kCode);
    }

    void codeBlocksWithNothingBetween_eachHaveTheirOwnCopyLink_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QStringList>("blocks");
        const QStringList two{QStringLiteral("a = 1"), QStringLiteral("b = 2\nc = 3")};
        QTest::newRow("fence after fence") << QStringLiteral("```\na = 1\n```\n```python\nb = 2\nc = 3\n```\n") << two;
        QTest::newRow("a blank line between") << QStringLiteral("~~~\na = 1\n~~~\n\n\n```\nb = 2\nc = 3\n```") << two;
        QTest::newRow("in a list item") << QStringLiteral(
            "1. Steps:\n   ```\n   a = 1\n   ```\n   ```\n   b = 2\n   c = 3\n   ```\n2. Done")
                                        << two;
        QTest::newRow("prose between") << QStringLiteral("```\na = 1\n```\nthen\n```\nb = 2\nc = 3\n```") << two;
        QTest::newRow("a fence line inside a longer fence")
            << QStringLiteral("````\na = 1\n```\n````\n```\nb = 2\nc = 3\n```")
            << QStringList{QStringLiteral("a = 1\n```"), QStringLiteral("b = 2\nc = 3")};
    }

    void codeBlocksWithNothingBetween_eachHaveTheirOwnCopyLink()
    {
        QFETCH(QString, markdown);
        QFETCH(QStringList, blocks);
        const auto rendered = gui::MarkdownRenderer::render(markdown, 3, true, QPalette());
        QCOMPARE(rendered.codeBlocks, blocks);
        QTextDocument document;
        QTextCursor(&document).insertFragment(rendered.fragment);
        QStringList links;
        QStringList shown;
        for (QTextBlock b = document.begin(); b.isValid(); b = b.next()) {
            shown << b.text();
            for (auto it = b.begin(); !it.atEnd(); ++it) {
                if (it.fragment().charFormat().isAnchor())
                    links << it.fragment().charFormat().anchorHref();
            }
        }
        QCOMPARE(links, (QStringList{QStringLiteral("rbee:copy-code:3"), QStringLiteral("rbee:copy-code:4")}));
        // The separator that keeps them apart is not left in the text.
        QVERIFY2(!document.toPlainText().contains(QChar(0x200B)), qPrintable(shown.join(u'|')));
    }

    void streamingALongAnswer_rendersOnlyItsOpenEnd_andNeverTouchesEarlierTurns()
    {
        gui::ChatView view;
        view.resize(900, 700);
        view.show();
        gui::Conversation earlier;
        earlier.turns
            << gui::ChatTurn{QStringLiteral("user"), QStringLiteral("First question"), {}, {}, 0, 0, 0, 0, {}, {}}
            << answerTurn(markdownAnswer());
        view.showConversation(earlier);
        bool markerDestroyed = false;
        QTextBlock firstCode = blockContaining(view.document(), QStringLiteral("return 0;"));
        firstCode.setUserData(new Marker(&markerDestroyed));
        view.appendUserTurn(QStringLiteral("Now a long one"));
        const int earlierEnd = view.document()->characterCount() - 1;

        // ~20,000 characters of Markdown in the pieces a 2,000 tokens/s stream arrives in at 60 Hz.
        QString answer;
        for (int i = 0; answer.size() < 20000; ++i) {
            answer += QStringLiteral("Paragraph %1 with *emphasis* and `code` words, more words here.\n\n").arg(i);
            if (i % 10 == 3)
                answer += QStringLiteral("```python\nfor n in range(%1):\n    print(n)\n```\n\n").arg(i);
            if (i % 10 == 6)
                answer += QStringLiteral("| a | b |\n|---|---|\n| %1 | x |\n\n- item one\n- item two\n\n").arg(i);
        }
        view.beginAnswer();
        const int answerStart = view.document()->characterCount() - 1;
        int lowest = INT_MAX;
        int mostRemoved = 0;
        connect(view.document(), &QTextDocument::contentsChange, &view, [&](int position, int removed, int) {
            lowest = std::min(lowest, position);
            mostRemoved = std::max(mostRemoved, removed);
        });
        int blocks = view.document()->blockCount();
        int grew = 0;
        for (int at = 0; at < answer.size(); at += 33) {
            view.appendAnswerText(answer.mid(at, 33));
            const int now = view.document()->blockCount();
            if (now > blocks)
                ++grew;
            blocks = now;
        }
        view.finishAnswer(answerTurn(answer));

        QVERIFY2(lowest >= answerStart,
                 qPrintable(QStringLiteral("changed at %1, the answer starts at %2").arg(lowest).arg(answerStart)));
        QVERIFY(lowest >= earlierEnd);
        QVERIFY2(!markerDestroyed, "an earlier turn's block was rendered again");
        // Each update replaced at most the open chunk, never the answer so far.
        QVERIFY2(mostRemoved < 1000, qPrintable(QString::number(mostRemoved)));
        QVERIFY2(grew > 100, qPrintable(QString::number(grew)));
        // The same Markdown rendered at once gives the same text: chunks are cut where Markdown allows.
        gui::ChatView whole;
        whole.beginAnswer();
        whole.appendAnswerText(answer);
        whole.finishAnswer(answerTurn(answer));
        const QString streamed = view.toPlainText().mid(view.toPlainText().indexOf(QStringLiteral("Paragraph 0")));
        const QString atOnce = whole.toPlainText().mid(whole.toPlainText().indexOf(QStringLiteral("Paragraph 0")));
        QCOMPARE(streamed, atOnce);
        QVERIFY(tables(view.document()).size() > 10);
    }

    void openChunk_isShownRenderedWithinAFewFrames_beforeItCloses()
    {
        gui::ChatView view;
        view.show();
        view.beginAnswer();
        view.appendAnswerText(QStringLiteral("Still **growing** and"));
        QTRY_VERIFY_WITH_TIMEOUT(view.toPlainText().contains(QStringLiteral("Still growing and")), 2000);
        view.appendAnswerText(QStringLiteral(" growing"));
        QTRY_VERIFY_WITH_TIMEOUT(view.toPlainText().endsWith(QStringLiteral("Still growing and growing")), 2000);
    }

    void chunker_cutsAfterClosedBlocks_neverInsideAFenceOrALooseList_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QList<int>>("expected");
        QTest::newRow("paragraphs") << QStringLiteral("a\n\nb\n\nc\n") << QList<int>{3, 6};
        QTest::newRow("incomplete line decides nothing") << QStringLiteral("a\n\nb") << QList<int>{};
        QTest::newRow("open fence") << QStringLiteral("```\nx\n\ny\n") << QList<int>{};
        QTest::newRow("closed fence") << QStringLiteral("```\nx\n\ny\n```\nz\n") << QList<int>{13};
        QTest::newRow("loose list") << QStringLiteral("- a\n\n- b\n\nc\n") << QList<int>{10};
        QTest::newRow("indented continuation") << QStringLiteral("1. a\n\n   more\n\nc\n") << QList<int>{15};
        QTest::newRow("paragraph after a space") << QStringLiteral("a\n\n b\n\n  c\n") << QList<int>{3, 7};
        QTest::newRow("indented code goes on") << QStringLiteral("a\n\n    x\n\n    y\n\nb\n") << QList<int>{17};
    }
    void chunker_cutsAfterClosedBlocks_neverInsideAFenceOrALooseList()
    {
        QFETCH(QString, source);
        QFETCH(QList<int>, expected);
        QCOMPARE(gui::MarkdownChunker::boundaries(source, 0), expected);
    }

    void turnAfterAFooterOrAnError_startsWithASpace()
    {
        gui::ChatView view;
        view.resize(700, 600);
        view.show();
        view.appendUserTurn(QStringLiteral("Hello"));
        view.beginAnswer();
        view.appendAnswerText(QStringLiteral("Hi there."));
        view.finishAnswer(answerTurn(QStringLiteral("Hi there.")));
        view.appendUserTurn(QStringLiteral("Again"));
        view.beginAnswer();
        view.showError(QStringLiteral("The worker went away."));
        view.appendUserTurn(QStringLiteral("Third"));
        view.document()->documentLayout();  // lays out the document
        view.document()->size();
        const qreal line = view.fontMetrics().height();
        const QTextBlock again = blockContaining(view.document(), QStringLiteral("Again"));
        const QTextBlock third = blockContaining(view.document(), QStringLiteral("Third"));
        const qreal afterFooter = gapBetween(again.previous(), again);
        const qreal afterError = gapBetween(third.previous(), third);
        QVERIFY2(again.previous().text().contains(QStringLiteral("42 tokens")), qPrintable(again.previous().text()));
        QVERIFY2(third.previous().text().contains(QStringLiteral("went away")), qPrintable(third.previous().text()));
        QVERIFY2(afterFooter >= line / 2, qPrintable(QStringLiteral("%1 px, a line is %2").arg(afterFooter).arg(line)));
        QVERIFY2(afterError >= line / 2, qPrintable(QStringLiteral("%1 px, a line is %2").arg(afterError).arg(line)));
    }

    void everyStopReason_hasItsOwnPlainWords()
    {
        QStringList words;
        for (auto reason :
             {core::StopReason::Length, core::StopReason::Stop, core::StopReason::Eos, core::StopReason::Cancelled}) {
            const QString name = core::stopReasonName(reason);
            const QString text = core::StopReasonText::fromName(name);
            QVERIFY2(!text.isEmpty() && text != name, qPrintable(name));
            QCOMPARE(core::StopReasonText::text(reason), text);
            words << text;
        }
        words.removeDuplicates();
        QCOMPARE(words.size(), 4);
        QCOMPARE(core::StopReasonText::fromName(QStringLiteral("length")), QStringLiteral("reached the length limit"));
        QCOMPARE(core::StopReasonText::fromName(QStringLiteral("cancelled")), QStringLiteral("stopped by you"));
        gui::ChatTurn stopped = answerTurn(QStringLiteral("x"));
        stopped.stopReason = QStringLiteral("cancelled");
        const QString footer = gui::ChatView::footerText(stopped);
        QVERIFY2(footer.endsWith(QStringLiteral(" · stopped by you")), qPrintable(footer));
        QVERIFY(!footer.contains(QStringLiteral("stop:")));
    }
};

QTEST_MAIN(TestChatMarkdown)
#include "tst_chatmarkdown.moc"
