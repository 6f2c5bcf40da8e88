// stripControlCharacters (terminaltext.h): worker-supplied text reaches a terminal without escape
// sequences or other control characters; the generated text keeps its line breaks and tabs.
#include "core/terminaltext.h"

#include <QTest>

using namespace rbee::core;

class TestTerminalText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stripControlCharacters_removesControls_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<int>("layout");
        QTest::addColumn<QString>("expected");
        const int single = int(TextLayout::SingleLine);
        const int keep = int(TextLayout::KeepLineBreaks);
        QTest::newRow("plain") << QStringLiteral("w-1 tiny") << single << QStringLiteral("w-1 tiny");
        QTest::newRow("CSI clear screen") << QStringLiteral("a\u001b[2Jb") << single << QStringLiteral("a[2Jb");
        QTest::newRow("OSC title with BEL")
            << QStringLiteral("\u001b]0;owned\u0007x") << single << QStringLiteral("]0;ownedx");
        QTest::newRow("C1 CSI") << QStringLiteral("a\u009b31mb") << single << QStringLiteral("a31mb");
        QTest::newRow("DEL and NUL") << QStringLiteral("a\u007fb") + QChar(0) + QStringLiteral("c") << single
                                     << QStringLiteral("abc");
        QTest::newRow("carriage return") << QStringLiteral("safe\rfake") << keep << QStringLiteral("safefake");
        QTest::newRow("newline, single line") << QStringLiteral("a\nb\tc") << single << QStringLiteral("abc");
        QTest::newRow("newline and tab kept") << QStringLiteral("a\nb\tc") << keep << QStringLiteral("a\nb\tc");
        QTest::newRow("non-ASCII kept") << QStringLiteral("Grüße 🐝 ü") << single << QStringLiteral("Grüße 🐝 ü");
    }
    void stripControlCharacters_removesControls()
    {
        QFETCH(QString, input);
        QFETCH(int, layout);
        QFETCH(QString, expected);
        QCOMPARE(stripControlCharacters(input, TextLayout(layout)), expected);
    }
};

QTEST_APPLESS_MAIN(TestTerminalText)
#include "tst_terminaltext.moc"
