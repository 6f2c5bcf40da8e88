// TokenTextAssembler: UTF-8 characters split across token pieces are held until whole, stop
// strings end the text (in one piece, across pieces, at the start), partial stop prefixes are held,
// a token's text is released whole, and the index of the last released token never repeats.
#include "tokentextassembler.h"

#include <QTest>

using rbee::worker::TokenTextAssembler;

namespace {

struct Run {
    QString text;  // everything push() returned, then flush()
    bool stopped = false;
};

Run assemble(const QList<QByteArray> &pieces, const QStringList &stops)
{
    TokenTextAssembler assembler(stops);
    Run run;
    for (const QByteArray &piece : pieces)
        run.text += assembler.push(piece);
    run.stopped = assembler.stopped();
    run.text += assembler.flush();
    return run;
}

QList<QByteArray> bytes(const QByteArray &text)
{
    QList<QByteArray> pieces;
    for (qsizetype i = 0; i < text.size(); ++i)
        pieces.append(text.mid(i, 1));
    return pieces;
}

const QString kReplacement = QString(QChar::ReplacementCharacter);

}  // namespace

class TestTokenTextAssembler : public QObject {
    Q_OBJECT

private:
    void addTexts();

private Q_SLOTS:
    void completeUtf8Prefix_stopsBeforeUnfinishedCharacter_data();
    void completeUtf8Prefix_stopsBeforeUnfinishedCharacter();

    void push_characterSplitAcrossPieces_heldUntilComplete_data();
    void push_characterSplitAcrossPieces_heldUntilComplete();
    void push_characterByteByByte_emittedOnceWhole_data();
    void push_characterByteByByte_emittedOnceWhole();
    void push_invalidBytes_passThroughAsReplacement_data();
    void push_invalidBytes_passThroughAsReplacement();
    void push_truncatedCharacterFollowedByAscii_keepsAscii();

    void push_releasesAllButPossibleStopPrefix_data();
    void push_releasesAllButPossibleStopPrefix();
    void push_stopInOnePiece_endsTextBeforeIt();
    void push_stopSpanningPieces_detected();
    void push_stopAtStart_yieldsNothing();
    void push_partialStopPrefix_releasedWhenItDoesNotComplete();
    void push_severalStops_earliestWins_data();
    void push_severalStops_earliestWins();
    void push_afterStop_returnsNothing();
    void flush_returnsHeldStopPrefix();
    void flush_returnsUnfinishedBytes();
    void flush_afterStop_returnsNothing();
    void noStops_nothingHeldBack();

    void releasedThrough_tokenPartlyHeldThenFlushed_indexNotRepeated();
    void releasedThrough_heldTokensReleasedTogether_lastIndexOfThem();
    void releasedThrough_stop_isTheTokenThatCompletedIt();
    void releasedThrough_splitAtEveryByte_strictlyIncreasing_data() { addTexts(); }
    void releasedThrough_splitAtEveryByte_strictlyIncreasing();
    void releasedThrough_byteByByte_strictlyIncreasing_data() { addTexts(); }
    void releasedThrough_byteByByte_strictlyIncreasing();

    void assemble_wholeText_data() { addTexts(); }
    void assemble_wholeText();
    void assemble_splitAtEveryByte_sameResult_data() { addTexts(); }
    void assemble_splitAtEveryByte_sameResult();
    void assemble_byteByByte_sameResult_data() { addTexts(); }
    void assemble_byteByByte_sameResult();
};

void TestTokenTextAssembler::completeUtf8Prefix_stopsBeforeUnfinishedCharacter_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<qsizetype>("complete");
    QTest::newRow("empty") << QByteArray() << qsizetype(0);
    QTest::newRow("ascii") << QByteArray("abc") << qsizetype(3);
    QTest::newRow("2-byte whole") << QByteArray("a\xc3\xa9") << qsizetype(3);
    QTest::newRow("2-byte lead only") << QByteArray("a\xc3") << qsizetype(1);
    QTest::newRow("3-byte whole") << QByteArray("\xe2\x82\xac") << qsizetype(3);
    QTest::newRow("3-byte, 1 of 3") << QByteArray("ab\xe2") << qsizetype(2);
    QTest::newRow("3-byte, 2 of 3") << QByteArray("ab\xe2\x82") << qsizetype(2);
    QTest::newRow("4-byte whole") << QByteArray("\xf0\x9f\x98\x80") << qsizetype(4);
    QTest::newRow("4-byte, 1 of 4") << QByteArray("x\xf0") << qsizetype(1);
    QTest::newRow("4-byte, 2 of 4") << QByteArray("x\xf0\x9f") << qsizetype(1);
    QTest::newRow("4-byte, 3 of 4") << QByteArray("x\xf0\x9f\x98") << qsizetype(1);
    QTest::newRow("whole then partial") << QByteArray("\xc3\xa9\xe2\x82") << qsizetype(2);
    QTest::newRow("lone continuation byte") << QByteArray("a\x80") << qsizetype(2);
    QTest::newRow("only continuation bytes") << QByteArray("\x80\x80\x80\x80\x80") << qsizetype(5);
    QTest::newRow("invalid lead 0xFF") << QByteArray("a\xff") << qsizetype(2);
    QTest::newRow("extra continuation after whole char") << QByteArray("\xc3\xa9\x80") << qsizetype(3);
}

void TestTokenTextAssembler::completeUtf8Prefix_stopsBeforeUnfinishedCharacter()
{
    QFETCH(QByteArray, input);
    QFETCH(qsizetype, complete);
    QCOMPARE(TokenTextAssembler::completeUtf8Prefix(input), complete);
}

void TestTokenTextAssembler::push_characterSplitAcrossPieces_heldUntilComplete_data()
{
    QTest::addColumn<QByteArray>("character");
    QTest::newRow("2-byte e-acute") << QByteArray("\xc3\xa9");
    QTest::newRow("2-byte cyrillic") << QByteArray("\xd0\x96");
    QTest::newRow("3-byte euro") << QByteArray("\xe2\x82\xac");
    QTest::newRow("3-byte CJK") << QByteArray("\xe4\xb8\xad");
    QTest::newRow("4-byte emoji") << QByteArray("\xf0\x9f\x98\x80");
    QTest::newRow("4-byte musical symbol") << QByteArray("\xf0\x9d\x84\x9e");
}

void TestTokenTextAssembler::push_characterSplitAcrossPieces_heldUntilComplete()
{
    QFETCH(QByteArray, character);
    const QString whole = QString::fromUtf8(character);
    for (qsizetype at = 1; at < character.size(); ++at) {
        for (const QStringList &stops : {QStringList{}, QStringList{QStringLiteral("</s>")}}) {
            TokenTextAssembler assembler(stops);
            QCOMPARE(assembler.push("a"), QStringLiteral("a"));
            QCOMPARE(assembler.push(character.left(at)), QString());
            QCOMPARE(assembler.push(character.mid(at) + "b"), QString(whole + u'b'));
            QCOMPARE(assembler.releasedThrough(), 2);
            QCOMPARE(assembler.flush(), QString());
            // A token whose text ends inside a character is held whole with it.
            TokenTextAssembler joined(stops);
            QCOMPARE(joined.push("a" + character.left(at)), QString());
            QCOMPARE(joined.push(character.mid(at) + "b"), QString(u'a' + whole + u'b'));
            QCOMPARE(joined.releasedThrough(), 1);
        }
    }
}

void TestTokenTextAssembler::push_characterByteByByte_emittedOnceWhole_data()
{
    push_characterSplitAcrossPieces_heldUntilComplete_data();
}

void TestTokenTextAssembler::push_characterByteByByte_emittedOnceWhole()
{
    QFETCH(QByteArray, character);
    TokenTextAssembler assembler;
    for (qsizetype i = 0; i + 1 < character.size(); ++i)
        QCOMPARE(assembler.push(character.mid(i, 1)), QString());
    QCOMPARE(assembler.push(character.right(1)), QString::fromUtf8(character));
}

void TestTokenTextAssembler::push_invalidBytes_passThroughAsReplacement_data()
{
    QTest::addColumn<QByteArray>("piece");
    QTest::addColumn<QString>("expected");
    QTest::newRow("0xFF") << QByteArray("a\xff"
                                        "b")
                          << QString(u'a' + kReplacement + u'b');
    QTest::newRow("lone continuation") << QByteArray("a\x80"
                                                     "b")
                                       << QString(u'a' + kReplacement + u'b');
    QTest::newRow("lone continuation at end") << QByteArray("a\x80") << QString(u'a' + kReplacement);
    QTest::newRow("overlong slash") << QByteArray("\xc0\xaf") << QString(kReplacement + kReplacement);
}

void TestTokenTextAssembler::push_invalidBytes_passThroughAsReplacement()
{
    QFETCH(QByteArray, piece);
    QFETCH(QString, expected);
    TokenTextAssembler assembler;
    QCOMPARE(assembler.push(piece), expected);
    QCOMPARE(assembler.flush(), QString());
}

void TestTokenTextAssembler::push_truncatedCharacterFollowedByAscii_keepsAscii()
{
    TokenTextAssembler assembler;
    QCOMPARE(assembler.push("ok\xe2\x82"), QString());
    const QString out = assembler.push("x");
    QVERIFY2(out.startsWith(QStringLiteral("ok")), qPrintable(out));
    QVERIFY2(out.endsWith(u'x'), qPrintable(out));
    QVERIFY(out.contains(QChar::ReplacementCharacter));
    QCOMPARE(assembler.push("y"), QStringLiteral("y"));
}

void TestTokenTextAssembler::push_releasesAllButPossibleStopPrefix_data()
{
    QTest::addColumn<QStringList>("stops");
    QTest::addColumn<QByteArray>("piece");
    QTest::addColumn<QString>("released");
    const QStringList eos{QStringLiteral("</s>")};
    QTest::newRow("no prefix") << eos << QByteArray("abc") << QStringLiteral("abc");
    QTest::newRow("1-char prefix") << eos << QByteArray("ab<") << QStringLiteral("ab");
    QTest::newRow("2-char prefix") << eos << QByteArray("ab</") << QStringLiteral("ab");
    QTest::newRow("3-char prefix") << eos << QByteArray("ab</s") << QStringLiteral("ab");
    QTest::newRow("prefix not at end") << eos << QByteArray("</x") << QStringLiteral("</x");
    QTest::newRow("repeated first char") << eos << QByteArray("<<") << QStringLiteral("<");
    QTest::newRow("whole text is a prefix") << eos << QByteArray("</") << QString();
    QTest::newRow("self-overlapping stop")
        << QStringList{QStringLiteral("aab")} << QByteArray("xaaa") << QStringLiteral("xa");
    QTest::newRow("longest prefix over all stops")
        << QStringList{QStringLiteral("ab"), QStringLiteral("xyzab")} << QByteArray("1xyza") << QStringLiteral("1");
    QTest::newRow("multi-byte stop prefix")
        << QStringList{QString::fromUtf8("\xc3\xa9t\xc3\xa9")} << QByteArray("caf\xc3\xa9") << QStringLiteral("caf");
}

void TestTokenTextAssembler::push_releasesAllButPossibleStopPrefix()
{
    QFETCH(QStringList, stops);
    QFETCH(QByteArray, piece);
    QFETCH(QString, released);
    // One token per byte: everything up to the possible stop prefix goes out.
    TokenTextAssembler assembler(stops);
    QString out;
    for (const QByteArray &byte : bytes(piece))
        out += assembler.push(byte);
    QCOMPARE(out, released);
    QVERIFY(!assembler.stopped());
    // What was held is given back at the end, so nothing is lost.
    QCOMPARE(released + assembler.flush(), QString::fromUtf8(piece));
    // In one token, the token's text is held whole.
    TokenTextAssembler whole(stops);
    const QString once = whole.push(piece);
    QVERIFY2(once.isEmpty() || once == QString::fromUtf8(piece), qPrintable(once));
}

void TestTokenTextAssembler::push_stopInOnePiece_endsTextBeforeIt()
{
    TokenTextAssembler assembler({QStringLiteral("</s>")});
    QCOMPARE(assembler.push("Hello</s>world"), QStringLiteral("Hello"));
    QVERIFY(assembler.stopped());
    QCOMPARE(assembler.flush(), QString());
}

void TestTokenTextAssembler::push_stopSpanningPieces_detected()
{
    TokenTextAssembler assembler({QStringLiteral("\nUser:")});
    QCOMPARE(assembler.push("Sure."), QStringLiteral("Sure."));
    QCOMPARE(assembler.push("\n"), QString());
    QVERIFY(!assembler.stopped());
    QCOMPARE(assembler.push("Us"), QString());
    QCOMPARE(assembler.push("er"), QString());
    QVERIFY(!assembler.stopped());
    QCOMPARE(assembler.push(": hi"), QString());
    QVERIFY(assembler.stopped());
}

void TestTokenTextAssembler::push_stopAtStart_yieldsNothing()
{
    TokenTextAssembler assembler({QStringLiteral("STOP")});
    QCOMPARE(assembler.push("STOP and more"), QString());
    QVERIFY(assembler.stopped());
    TokenTextAssembler split({QStringLiteral("STOP")});
    QCOMPARE(split.push("ST"), QString());
    QCOMPARE(split.push("OP"), QString());
    QVERIFY(split.stopped());
}

void TestTokenTextAssembler::push_partialStopPrefix_releasedWhenItDoesNotComplete()
{
    TokenTextAssembler assembler({QStringLiteral("</s>")});
    QCOMPARE(assembler.push("a"), QStringLiteral("a"));
    QCOMPARE(assembler.push("</"), QString());
    QCOMPARE(assembler.push("b"), QStringLiteral("</b"));
    QCOMPARE(assembler.push("<"), QString());
    QCOMPARE(assembler.push("/s"), QString());
    QCOMPARE(assembler.push("!"), QStringLiteral("</s!"));
    QVERIFY(!assembler.stopped());
}

void TestTokenTextAssembler::push_severalStops_earliestWins_data()
{
    QTest::addColumn<QStringList>("stops");
    QTest::addColumn<QList<QByteArray>>("pieces");
    QTest::addColumn<QString>("text");
    QTest::newRow("second listed is earlier") << QStringList{QStringLiteral("World"), QStringLiteral("lo")}
                                              << QList<QByteArray>{"Hello World"} << QStringLiteral("Hel");
    QTest::newRow("first listed is earlier") << QStringList{QStringLiteral("lo"), QStringLiteral("World")}
                                             << QList<QByteArray>{"Hello World"} << QStringLiteral("Hel");
    QTest::newRow("longer stop starts earlier") << QStringList{QStringLiteral("bc"), QStringLiteral("abcd")}
                                                << QList<QByteArray>{"xabcd"} << QStringLiteral("x");
    QTest::newRow("both complete in the same piece") << QStringList{QStringLiteral("##"), QStringLiteral("\n\n")}
                                                     << QList<QByteArray>{"a\n", "\nb##"} << QStringLiteral("a");
    QTest::newRow("only the first occurrence matters")
        << QStringList{QStringLiteral("x")} << QList<QByteArray>{"1x2x3"} << QStringLiteral("1");
}

void TestTokenTextAssembler::push_severalStops_earliestWins()
{
    QFETCH(QStringList, stops);
    QFETCH(QList<QByteArray>, pieces);
    QFETCH(QString, text);
    const Run run = assemble(pieces, stops);
    QVERIFY(run.stopped);
    QCOMPARE(run.text, text);
}

void TestTokenTextAssembler::push_afterStop_returnsNothing()
{
    TokenTextAssembler assembler({QStringLiteral("END")});
    QCOMPARE(assembler.push("done END"), QStringLiteral("done "));
    QVERIFY(assembler.stopped());
    QCOMPARE(assembler.push("more text"), QString());
    QCOMPARE(assembler.push("\xc3\xa9"), QString());
    QCOMPARE(assembler.push("END"), QString());
    QVERIFY(assembler.stopped());
}

void TestTokenTextAssembler::flush_returnsHeldStopPrefix()
{
    TokenTextAssembler assembler({QStringLiteral("###")});
    QCOMPARE(assembler.push("x"), QStringLiteral("x"));
    QCOMPARE(assembler.push("##"), QString());
    QCOMPARE(assembler.flush(), QStringLiteral("##"));
    QVERIFY(!assembler.stopped());
}

void TestTokenTextAssembler::flush_returnsUnfinishedBytes()
{
    TokenTextAssembler assembler({QStringLiteral("</s>")});
    QCOMPARE(assembler.push("a"), QStringLiteral("a"));
    QCOMPARE(assembler.push("<\xe2\x82"), QString());
    const QString rest = assembler.flush();
    QVERIFY2(rest.startsWith(u'<'), qPrintable(rest));
    QVERIFY(rest.size() >= 2);
    QVERIFY(rest.mid(1).contains(QChar::ReplacementCharacter));
}

void TestTokenTextAssembler::flush_afterStop_returnsNothing()
{
    TokenTextAssembler assembler({QStringLiteral("</s>")});
    QCOMPARE(assembler.push("a</s><"), QStringLiteral("a"));
    QCOMPARE(assembler.flush(), QString());
}

void TestTokenTextAssembler::noStops_nothingHeldBack()
{
    TokenTextAssembler assembler;
    QCOMPARE(assembler.push("abc<"), QStringLiteral("abc<"));
    QCOMPARE(assembler.push("</s>"), QStringLiteral("</s>"));
    QVERIFY(!assembler.stopped());
    QCOMPARE(assembler.flush(), QString());
}

void TestTokenTextAssembler::releasedThrough_tokenPartlyHeldThenFlushed_indexNotRepeated()
{
    // The stream once sent {"i":1,"t":"en"} then {"i":1,"t":"t"}: the tail of token 1 held for a
    // stop string and released at the end under the same index.
    TokenTextAssembler assembler({QStringLiteral("t!")});
    QCOMPARE(assembler.push("The"), QStringLiteral("The"));
    QCOMPARE(assembler.releasedThrough(), 0);
    QCOMPARE(assembler.push(" ent"), QString());
    QCOMPARE(assembler.releasedThrough(), 0);
    QCOMPARE(assembler.flush(), QStringLiteral(" ent"));
    QCOMPARE(assembler.releasedThrough(), 1);
}

void TestTokenTextAssembler::releasedThrough_heldTokensReleasedTogether_lastIndexOfThem()
{
    TokenTextAssembler assembler({QStringLiteral("aab")});
    QCOMPARE(assembler.push("x"), QStringLiteral("x"));
    QCOMPARE(assembler.push("a"), QString());
    QCOMPARE(assembler.push("a"), QString());
    // "aaa": only the last "aa" can still grow into the stop string, so token 1 goes out alone.
    QCOMPARE(assembler.push("a"), QStringLiteral("a"));
    QCOMPARE(assembler.releasedThrough(), 1);
    QCOMPARE(assembler.push("c"), QStringLiteral("aac"));
    QCOMPARE(assembler.releasedThrough(), 4);
}

void TestTokenTextAssembler::releasedThrough_stop_isTheTokenThatCompletedIt()
{
    TokenTextAssembler assembler({QStringLiteral("END")});
    QCOMPARE(assembler.push("one"), QStringLiteral("one"));
    QCOMPARE(assembler.push(" E"), QString());
    QCOMPARE(assembler.push("ND"), QStringLiteral(" "));
    QVERIFY(assembler.stopped());
    QCOMPARE(assembler.releasedThrough(), 2);
}

namespace {
// Feeds the pieces like the decode loop does and checks what the stream would carry: indexes
// strictly increasing, each within the tokens pushed so far, and the text unchanged.
void checkIndexes(const QList<QByteArray> &pieces, const QStringList &stops, const QString &expected)
{
    TokenTextAssembler assembler(stops);
    QString text;
    int last = -1;
    int pushed = 0;
    auto check = [&](const QString &out) {
        if (out.isEmpty())
            return;
        text += out;
        QVERIFY2(assembler.releasedThrough() > last,
                 qPrintable(QStringLiteral("index %1 after %2").arg(assembler.releasedThrough()).arg(last)));
        QVERIFY(assembler.releasedThrough() < pushed);
        last = assembler.releasedThrough();
    };
    for (const QByteArray &piece : pieces) {
        ++pushed;
        check(assembler.push(piece));
        if (assembler.stopped())
            break;
    }
    check(assembler.flush());
    QCOMPARE(text, expected);
}
}  // namespace

void TestTokenTextAssembler::releasedThrough_splitAtEveryByte_strictlyIncreasing()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, stops);
    QFETCH(QString, expected);
    for (qsizetype a = 0; a <= text.size(); ++a) {
        for (qsizetype b = a; b <= text.size(); ++b) {
            checkIndexes({text.left(a), text.mid(a, b - a), text.mid(b)}, stops, expected);
            if (QTest::currentTestFailed()) {
                qWarning("split at bytes %lld and %lld", static_cast<long long>(a), static_cast<long long>(b));
                return;
            }
        }
    }
}

void TestTokenTextAssembler::releasedThrough_byteByByte_strictlyIncreasing()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, stops);
    QFETCH(QString, expected);
    checkIndexes(bytes(text), stops, expected);
}

void TestTokenTextAssembler::addTexts()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QStringList>("stops");
    QTest::addColumn<QString>("expected");
    QTest::addColumn<bool>("stopped");
    const QByteArray mixed = "caf\xc3\xa9 \xe2\x82\xac\xf0\x9f\x98\x80 \xe4\xb8\xad!";
    QTest::newRow("utf-8, no stops") << mixed << QStringList{} << QString::fromUtf8(mixed) << false;
    QTest::newRow("utf-8, unrelated stop")
        << mixed << QStringList{QStringLiteral("</s>")} << QString::fromUtf8(mixed) << false;
    QTest::newRow("stop in the middle") << QByteArray("Answer: 4\n\nUser: next")
                                        << QStringList{QStringLiteral("\n\nUser:")} << QStringLiteral("Answer: 4")
                                        << true;
    QTest::newRow("multi-byte stop") << QByteArray("price \xe2\x82\xac 5 \xf0\x9f\x98\x80 tail")
                                     << QStringList{QString::fromUtf8("\xf0\x9f\x98\x80")}
                                     << QString::fromUtf8("price \xe2\x82\xac 5 ") << true;
    QTest::newRow("stop right after multi-byte char")
        << QByteArray("na\xc3\xafve</s>") << QStringList{QStringLiteral("</s>")} << QString::fromUtf8("na\xc3\xafve")
        << true;
    QTest::newRow("near misses then stop") << QByteArray("<</ </s </ss</s>x") << QStringList{QStringLiteral("</s>")}
                                           << QStringLiteral("<</ </s </ss") << true;
    QTest::newRow("near miss at end") << QByteArray("text </s") << QStringList{QStringLiteral("</s>")}
                                      << QStringLiteral("text </s") << false;
    QTest::newRow("several stops, earliest")
        << QByteArray("one two three")
        << QStringList{QStringLiteral("three"), QStringLiteral("two"), QStringLiteral("xyz")} << QStringLiteral("one ")
        << true;
    QTest::newRow("stop at start") << QByteArray("###rest") << QStringList{QStringLiteral("###")} << QString() << true;
    QTest::newRow("self-overlapping stop")
        << QByteArray("aaaab") << QStringList{QStringLiteral("aab")} << QStringLiteral("aa") << true;
    QTest::newRow("unfinished char at end") << QByteArray("ok\xe2\x82") << QStringList{}
                                            << QString(QStringLiteral("ok") + QString::fromUtf8("\xe2\x82")) << false;
}

void TestTokenTextAssembler::assemble_wholeText()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, stops);
    QFETCH(QString, expected);
    QFETCH(bool, stopped);
    const Run run = assemble({text}, stops);
    QCOMPARE(run.text, expected);
    QCOMPARE(run.stopped, stopped);
}

void TestTokenTextAssembler::assemble_splitAtEveryByte_sameResult()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, stops);
    QFETCH(QString, expected);
    QFETCH(bool, stopped);
    for (qsizetype at = 0; at <= text.size(); ++at) {
        const Run run = assemble({text.left(at), text.mid(at)}, stops);
        if (run.text != expected || run.stopped != stopped) {
            qWarning("split at byte %lld", static_cast<long long>(at));
            QCOMPARE(run.text, expected);
            QCOMPARE(run.stopped, stopped);
        }
    }
}

void TestTokenTextAssembler::assemble_byteByByte_sameResult()
{
    QFETCH(QByteArray, text);
    QFETCH(QStringList, stops);
    QFETCH(QString, expected);
    QFETCH(bool, stopped);
    const Run run = assemble(bytes(text), stops);
    QCOMPARE(run.text, expected);
    QCOMPARE(run.stopped, stopped);
}

QTEST_APPLESS_MAIN(TestTokenTextAssembler)
#include "tst_tokentextassembler.moc"
