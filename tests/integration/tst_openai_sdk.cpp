// The official OpenAI SDK for JavaScript (npm "openai", pinned in tests/openai-sdk) against a real
// `rbee --serve` and rbee-worker: streaming and non-streaming chat, a completion, errors.
#include "serverprocess.h"

#include <QProcessEnvironment>
#include <QTest>

using namespace rbee::test;

class TestOpenAiSdk : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void officialSdk_chatStreamingAndNot()
    {
        QueenProcess queen;
        QVERIFY2(queen.start(), qPrintable(queen.errorString()));
        WorkerProcess worker;
        QVERIFY2(worker.start({QStringLiteral("--model"), tinyModelPath(), QStringLiteral("--model-name"),
                               QStringLiteral("tiny-chat"), QStringLiteral("--chat-template"), QStringLiteral("chatml"),
                               QStringLiteral("--queen"), queen.url().toString(), QStringLiteral("--heartbeat-ms"),
                               QStringLiteral("300")}),
                 qPrintable(worker.errorString()));
        QVERIFY2(worker.waitReady(), qPrintable(worker.errorString()));
        QVERIFY(waitFor(
            [&] { return httpRequest("GET", queen.url(QStringLiteral("/v1/models"))).body.contains("tiny-chat"); },
            5000));

        QProcess node;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RBEE_QUEEN_URL"), queen.url().toString(QUrl::StripTrailingSlash));
        env.insert(QStringLiteral("RBEE_MODEL_NAME"), QStringLiteral("tiny-chat"));
        node.setProcessEnvironment(env);
        node.setWorkingDirectory(QStringLiteral(RBEE_OPENAI_SDK_DIR));
        node.start(QStringLiteral("node"), {QStringLiteral("sdk_check.mjs")});
        QVERIFY2(node.waitForStarted(10000), "node (Node.js) is needed for this test");
        QVERIFY(node.waitForFinished(60000));
        const QByteArray out = node.readAllStandardOutput();
        const QByteArray err = node.readAllStandardError();
        qInfo().noquote() << out.trimmed();
        QVERIFY2(node.exitStatus() == QProcess::NormalExit && node.exitCode() == 0, QByteArray(out + err).constData());
        QVERIFY(out.contains("ok chat.completions streaming"));
        QVERIFY(out.contains("ok errors"));
    }
};

QTEST_GUILESS_MAIN(TestOpenAiSdk)
#include "tst_openai_sdk.moc"
