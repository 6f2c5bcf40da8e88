// bench/gui_responsiveness: the real main window (offscreen) while a worker streams tokens into
// the chat at 2,000 tokens/s for 10 s and 1,000 simulated workers send heartbeats once a second:
// first a plain-text answer, then a Markdown one (paragraphs, code blocks, lists, tables).
// Measures the GUI event loop's stalls as the lateness of a 1 ms timer (max, p99) and the app's
// CPU time, next to the same window idle. Not a test: numbers depend on the machine.
#include "gui/chatview.h"
#include "gui/mainwindow.h"

#include "core/http/httpserver.h"
#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "core/protocol/jobaccepted.h"
#include "core/protocol/streamevents.h"
#include "core/queen/queenserver.h"
#include "core/registry/workerregistry.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace rbee;

namespace {
constexpr int kTokensPerSecond = 2000;
constexpr int kSeconds = 10;
constexpr int kWorkers = 1000;

// One cycle of a Markdown answer, cut into tokens of a word (with the whitespace before it).
QStringList markdownTokens()
{
    const QString cycle = QStringLiteral(
        "Here is **an answer** with `inline code` and a few more words to read through.\n\n"
        "```cpp\n#include <vector>\n\nint sum(const std::vector<int> &v)\n{\n    int total = 0;\n"
        "    for (int x : v)\n        total += x;\n    return total;\n}\n```\n\n"
        "- first point, *emphasised*\n- second point with `code`\n- third point\n\n"
        "1. one step\n2. another step\n3. the last step\n\n"
        "| name | size | note |\n|------|------|------|\n| alpha | 12 | first |\n| beta | 34 | second |\n"
        "| gamma | 56 | third |\n\n");
    QStringList tokens;
    int start = 0;
    for (int i = 1; i <= cycle.size(); ++i) {
        if (i == cycle.size() || (cycle[i].isSpace() && !cycle[i - 1].isSpace())) {
            tokens << cycle.mid(start, i - start);
            start = i;
        }
    }
    return tokens;
}

double cpuSeconds()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// A worker that streams tokens at a fixed rate; lives on its own thread.
class FakeWorker : public QObject {
public:
    core::HttpServer *server = new core::HttpServer(this);  // a child: it moves with the worker's thread
    FakeWorker()
    {
        // A prompt that asks for Markdown gets a Markdown answer, any other plain words.
        server->route("POST", QStringLiteral("/v1/inference"), [this](core::HttpRequest r, core::HttpResponder s) {
            m_markdown = r.body.contains("markdown");
            s.sendJson(200,
                       core::JobAccepted{QStringLiteral("j1"), QStringLiteral("/v1/inference/j1/stream")}.toJson());
        });
        server->route("GET", QStringLiteral("/v1/inference/{id}/stream"),
                      [this](core::HttpRequest, core::HttpResponder s) {
                          s.beginEventStream();
                          s.sendEvent(core::StartedEvent{QStringLiteral("j1"), QStringLiteral("bench-worker"),
                                                         QStringLiteral("bench-model"), 4}
                                          .toSse());
                          auto *timer = new QTimer(this);
                          auto *clock = new QElapsedTimer;
                          clock->start();
                          auto sent = std::make_shared<int>(0);
                          const bool markdown = m_markdown;
                          const QStringList pieces = markdownTokens();
                          connect(timer, &QTimer::timeout, this, [=] {
                              const int due = int(clock->elapsed() * kTokensPerSecond / 1000);
                              QByteArray batch;
                              // Like model output: words, and a paragraph break every 80 tokens.
                              for (; *sent < due && *sent < kTokensPerSecond * kSeconds; ++*sent) {
                                  const QString text = markdown           ? pieces.at(*sent % pieces.size())
                                                       : *sent % 80 == 79 ? QStringLiteral(".\n\n")
                                                                          : QStringLiteral(" word");
                                  batch += core::TokenEvent{text, *sent}.toSse().serialize();
                              }
                              s.sendRaw(batch);
                              if (*sent >= kTokensPerSecond * kSeconds) {
                                  core::EndEvent end;
                                  end.tokens = *sent;
                                  s.sendEvent(end.toSse());
                                  s.sendEvent(core::SseEvent::done());
                                  s.endEventStream();
                                  timer->stop();
                                  delete clock;
                              }
                          });
                          timer->start(1);
                      });
        server->listen(QHostAddress::LocalHost, 0);
    }

private:
    bool m_markdown = false;
};

// 1,000 simulated workers, each sending a heartbeat once a second over keep-alive connections.
class HeartbeatLoad : public QObject {
public:
    HeartbeatLoad(quint16 queenPort, quint16 benchWorkerPort) : m_port(queenPort), m_workerPort(benchWorkerPort) {}
    void start()
    {
        for (int i = 0; i < 16; ++i) {
            auto *s = new QTcpSocket(this);
            s->connectToHost(QHostAddress::LocalHost, m_port);
            connect(s, &QTcpSocket::readyRead, s, [s] { s->readAll(); });
            m_sockets.push_back(s);
        }
        connect(&m_timer, &QTimer::timeout, this, [this] {
            for (int k = 0; k < kWorkers / 100; ++k)  // every 10 ms: 10 heartbeats = 1,000/s
                send(m_next++ % kWorkers);
        });
        m_timer.start(10);
        // The streaming worker itself, once a second, so that it stays online through both answers.
        connect(&m_ownTimer, &QTimer::timeout, this, [this] { send(-1); });
        m_ownTimer.start(1000);
        send(-1);
    }
    qint64 sent() const { return m_sent; }
    void stopAfterFirst() { m_timer.stop(); }

private:
    void send(int i)
    {
        core::Heartbeat hb;
        hb.workerId = i < 0 ? QStringLiteral("bench-worker") : QStringLiteral("sim-%1").arg(i);
        hb.model = i < 0 ? QStringLiteral("bench-model") : QStringLiteral("sim-model-%1").arg(i % 8);
        hb.url = i < 0 ? QStringLiteral("http://127.0.0.1:%1").arg(m_workerPort)
                       : QStringLiteral("http://10.0.%1.%2:9000").arg(i / 250).arg(i % 250);
        hb.status = core::WorkerStatus::Ready;
        hb.slotsTotal = 4;
        hb.ctxSize = 4096;
        hb.version = QStringLiteral("bench");
        hb.sentAtMs = QDateTime::currentMSecsSinceEpoch();
        const QByteArray body = core::toCompactJson(hb.toJson());
        QTcpSocket *s = m_sockets[size_t(m_sent % qint64(m_sockets.size()))];
        s->write("POST /v1/worker-heartbeat HTTP/1.1\r\nHost: q\r\nContent-Type: application/json\r\nContent-Length: "
                 + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        ++m_sent;
    }
    quint16 m_port;
    quint16 m_workerPort;
    std::vector<QTcpSocket *> m_sockets;
    QTimer m_timer{this};
    QTimer m_ownTimer{this};
    int m_next = 0;
    qint64 m_sent = 0;
};

struct Stalls {
    double p50 = 0, p99 = 0, max = 0;
    double cpu = 0;
};

// Runs the event loop for `ms` with a 1 ms timer and returns its lateness distribution.
Stalls measure(int ms)
{
    std::vector<double> lateness;
    QElapsedTimer clock;
    clock.start();
    qint64 last = clock.nsecsElapsed();
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        lateness.push_back(std::max(0.0, double(now - last) / 1e6 - 1.0));
        last = now;
    });
    const double cpu0 = cpuSeconds();
    tick.start(1);
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
    tick.stop();
    Stalls s;
    s.cpu = (cpuSeconds() - cpu0) / (ms / 1000.0);
    std::sort(lateness.begin(), lateness.end());
    if (!lateness.empty()) {
        s.p50 = lateness[lateness.size() / 2];
        s.p99 = lateness[size_t(double(lateness.size() - 1) * 0.99)];
        s.max = lateness.back();
    }
    return s;
}
}  // namespace

int main(int argc, char *argv[])
{
    std::setvbuf(stdout, nullptr, _IONBF, 0);
    qputenv("QT_QPA_PLATFORM", "offscreen");
    qputenv("QT_LOGGING_RULES", "rbee.*.info=false");
    QApplication app(argc, argv);
    core::QueenOptions options;
    options.port = 0;
    core::QueenServer queen(options);
    queen.listen();
    QTemporaryDir conversations;
    gui::MainWindow window(&queen, conversations.path());
    window.resize(1280, 800);
    window.show();

    QThread workerThread, loadThread;
    auto *worker = new FakeWorker;
    worker->moveToThread(&workerThread);
    workerThread.start();
    auto *load = new HeartbeatLoad(queen.port(), worker->server->serverPort());
    load->moveToThread(&loadThread);
    loadThread.start();

    std::printf("gui_responsiveness: idle window, 3 s ...\n");
    const Stalls idle = measure(3000);
    // BENCH_NO_HEARTBEATS / BENCH_NO_STREAM leave one load out, to see which one costs what.
    const bool heartbeats = qEnvironmentVariableIsEmpty("BENCH_NO_HEARTBEATS");
    const bool stream = qEnvironmentVariableIsEmpty("BENCH_NO_STREAM");
    QMetaObject::invokeMethod(load, [load, heartbeats] {
        load->start();
        if (!heartbeats)
            load->stopAfterFirst();
    });
    QElapsedTimer wait;
    wait.start();
    while (queen.registry()->workers().isEmpty() && wait.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    while (heartbeats && queen.registry()->workers().size() < kWorkers && wait.elapsed() < 5000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    std::printf("gui_responsiveness: %lld workers known; streaming %d tokens/s for %d s with %d heartbeats/s ...\n",
                qlonglong(queen.registry()->workers().size()), kTokensPerSecond, kSeconds, kWorkers);
    auto *models = window.findChild<QComboBox *>(QStringLiteral("modelCombo"));
    while (models->findText(QStringLiteral("bench-model")) < 0 && wait.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    models->setCurrentText(QStringLiteral("bench-model"));
    if (stream)
        window.sendPrompt(QStringLiteral("stream"));
    const Stalls busy = measure(kSeconds * 1000);
    const int answered = int(window.chatView()->lastAnswer().count(QStringLiteral(" word"))
                             + window.chatView()->lastAnswer().count(u'\n') / 2);
    while (window.isAnswering() && wait.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);

    std::printf("gui_responsiveness: the same with a Markdown answer (code blocks, lists, tables) ...\n");
    if (stream)
        window.sendPrompt(QStringLiteral("stream markdown"));
    const Stalls markdown = measure(kSeconds * 1000);
    const QStringList pieces = markdownTokens();
    const qsizetype markdownShown = window.chatView()->lastAnswer().size();
    QElapsedTimer rest;
    rest.start();
    while (window.isAnswering() && rest.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    const gui::ChatTurn &last = window.currentConversation().turns.last();
    std::printf("gui_responsiveness: the Markdown answer ended %.1f s after the measurement (%d tokens, %s%s)\n",
                rest.elapsed() / 1000.0, last.tokens, qPrintable(last.stopReason), qPrintable(last.error));
    qsizetype markdownTotal = 0;
    for (int i = 0; i < kTokensPerSecond * kSeconds; ++i)
        markdownTotal += pieces.at(i % pieces.size()).size();
    const int codeBlocks = int(window.chatView()->lastAnswer().count(QStringLiteral("```")) / 2);

    std::printf("\n%-34s %10s %10s %10s %10s\n", "", "p50 ms", "p99 ms", "max ms", "CPU cores");
    std::printf("%-34s %10.2f %10.2f %10.2f %10.2f\n", "idle window", idle.p50, idle.p99, idle.max, idle.cpu);
    std::printf("%-34s %10.2f %10.2f %10.2f %10.2f\n", "plain text + 1,000 workers", busy.p50, busy.p99, busy.max,
                busy.cpu);
    std::printf("%-34s %10.2f %10.2f %10.2f %10.2f\n", "Markdown + 1,000 workers", markdown.p50, markdown.p99,
                markdown.max, markdown.cpu);
    std::printf("plain tokens shown in the chat: %d of %d; Markdown characters shown: %lld of %lld (%d code blocks); "
                "heartbeats sent: %lld\n",
                answered, kTokensPerSecond * kSeconds, qlonglong(markdownShown), qlonglong(markdownTotal), codeBlocks,
                qlonglong(load->sent()));
    const bool met = busy.p99 < 8 && busy.max < 16 && markdown.p99 < 8 && markdown.max < 16;
    std::printf("target: p99 < 8 ms, max < 16 ms: plain %s / %s, Markdown %s / %s\n", busy.p99 < 8 ? "PASS" : "MISS",
                busy.max < 16 ? "PASS" : "MISS", markdown.p99 < 8 ? "PASS" : "MISS",
                markdown.max < 16 ? "PASS" : "MISS");

    QMetaObject::invokeMethod(
        load, [load] { delete load; }, Qt::BlockingQueuedConnection);
    QMetaObject::invokeMethod(
        worker, [worker] { delete worker; }, Qt::BlockingQueuedConnection);
    loadThread.quit();
    workerThread.quit();
    loadThread.wait();
    workerThread.wait();
    return met ? 0 : 2;
}
