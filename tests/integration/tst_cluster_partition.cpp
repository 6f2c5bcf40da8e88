// A network partition with real processes: hive P and the worker it starts live in their own
// network namespace, reached through a veth pair; hive A and its worker stay on loopback. Cutting
// the link (ip link set down) takes P and its worker offline within the heartbeat timeout and
// ends P's in-flight job with worker_lost, while A keeps serving; restoring it brings both back.
// Needs root with CAP_NET_ADMIN and iproute2's `ip`: skips, saying which is missing, elsewhere.
#include "hiveprocess.h"

#include "core/protocol/endpoints.h"
#include "core/protocol/hivereport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <unistd.h>

using namespace rbee;
using namespace rbee::test;

namespace {

// Above the 5 s at which the workers a hive starts send heartbeats (the worker's default).
constexpr int kHeartbeatTimeoutMs = 8000;
// Offline "within the timeout": the timeout, one heartbeat interval of the queen's freshness
// check, and room for a loaded machine.
constexpr int kOfflineWithinMs = kHeartbeatTimeoutMs + 5000;

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

struct Ran {
    bool ok = false;
    QString output;
};

Ran run(const QString &program, const QStringList &args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    const bool finished = p.waitForStarted(5000) && p.waitForFinished(15000);
    if (!finished)
        p.kill();
    return {finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
            QString::fromUtf8(p.readAll()).trimmed()};
}

}  // namespace

class TestClusterPartition : public QObject {
    Q_OBJECT

private:
    QString m_ip;
    QString m_ns;
    QString m_hostSide;
    QString m_nsSide;
    QString m_hostAddress;
    QString m_nsAddress;
    QTemporaryDir m_dirA;
    QTemporaryDir m_dirP;
    QueenProcess m_queen;
    HiveProcess m_a;
    HiveProcess m_p;
    QString m_workerA;
    QString m_workerP;
    QList<qint64> m_workerPids;

    bool ip(const QStringList &args, QString *output = nullptr)
    {
        const Ran r = run(m_ip, args);
        if (output)
            *output = r.output;
        if (!r.ok)
            qWarning("ip %s: %s", qPrintable(args.join(u' ')), qPrintable(r.output));
        return r.ok;
    }
    // The namespace's end goes down: the host's end keeps the queen's address, which hive A uses too.
    bool setLink(bool up)
    {
        return ip({s("netns"), s("exec"), m_ns, m_ip, s("link"), s("set"), m_nsSide, up ? s("up") : s("down")});
    }
    QStringList hiveArgs(const QString &name, const QString &host, const QString &dir) const
    {
        return {QStringLiteral("--queen"),      m_queen.url().toString(),
                QStringLiteral("--name"),       name,
                QStringLiteral("--host"),       host,
                QStringLiteral("--port"),       QStringLiteral("0"),
                QStringLiteral("--models-dir"), dir};
    }
    static QProcessEnvironment hiveEnvironment()
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RBEE_HEARTBEAT_MS"), QStringLiteral("300"));  // for the workers it starts
        return env;
    }
    QJsonObject listed(const char *endpoint, const char *key, const char *idField, const QString &id)
    {
        const auto r = httpRequest("GET", m_queen.url(QLatin1String(endpoint)));
        for (const QJsonValue &v : r.json.value(QLatin1String(key)).toArray()) {
            if (v.toObject().value(QLatin1String(idField)).toString() == id)
                return v.toObject();
        }
        return {};
    }
    QJsonObject hive(const QString &name) { return listed(core::Endpoint::kHives, "hives", "name", name); }
    QJsonObject worker(const QString &id) { return listed(core::Endpoint::kWorkers, "workers", "worker_id", id); }
    bool online(const QJsonObject &record) { return record.value(s("online")).toBool(); }
    QString dump(const QJsonObject &record)
    {
        return QString::fromUtf8(QJsonDocument(record).toJson(QJsonDocument::Compact));
    }

    QString placeOn(const QString &hiveName)
    {
        const auto r = httpRequest("POST", m_queen.url(QLatin1String(core::Endpoint::kWorkers)),
                                   QJsonDocument(QJsonObject{{s("model"), s("tiny")},
                                                             {s("hive"), hiveName},
                                                             {s("slots"), 1},
                                                             {s("ctx"), 4096},
                                                             {s("threads"), 1}})
                                       .toJson(QJsonDocument::Compact),
                                   {{QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json")}}, 60000);
        if (r.status != 202) {
            qWarning("POST /v1/workers on %s: %d %s", qPrintable(hiveName), r.status, r.body.constData());
            return {};
        }
        const QString id = r.json.value(s("worker_id")).toString();
        waitFor(
            [&] {
                const auto report = core::HiveReport::fromJson(hive(hiveName));
                const auto *w = report ? report->worker(id) : nullptr;
                if (w && w->pid > 0)
                    m_workerPids << w->pid;
                return w && w->pid > 0;
            },
            10000, 50);
        if (!waitFor([&] { return worker(id).value(s("status")).toString() == QLatin1String("ready"); }, 60000, 100)) {
            qWarning("worker %s not ready: %s", qPrintable(id), qPrintable(dump(worker(id))));
            return {};
        }
        return id;
    }
    // A job pinned to one worker; its stream URL, or an empty one.
    QUrl submit(const QString &workerId, int maxTokens)
    {
        const auto r =
            postJson(m_queen.url(QLatin1String(core::Endpoint::kJobs)), {{s("operation"), s("infer")},
                                                                         {s("model"), s("tiny")},
                                                                         {s("worker_id"), workerId},
                                                                         {s("prompt"), s("Once upon a time")},
                                                                         {s("max_tokens"), maxTokens},
                                                                         {s("temperature"), 0}});
        if (r.status != 200) {
            qWarning("POST /v1/jobs: %d %s", r.status, r.body.constData());
            return {};
        }
        return m_queen.url(r.json.value(s("sse_url")).toString());
    }
    bool jobEnds(const QString &workerId)
    {
        const QUrl url = submit(workerId, 8);
        return !url.isEmpty() && !readStream(url, 30000).named(s("end")).isEmpty();
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (::geteuid() != 0)
            QSKIP("a network namespace and a veth pair need root with CAP_NET_ADMIN");
        m_ip = QStandardPaths::findExecutable(s("ip"));
        if (m_ip.isEmpty())
            QSKIP("iproute2's `ip` is not installed (scripts/install-deps.sh installs it)");
        const qint64 pid = QCoreApplication::applicationPid();
        m_ns = QStringLiteral("rbee-part-%1").arg(pid);
        QString why;
        if (!ip({s("netns"), s("add"), m_ns}, &why)) {
            m_ns.clear();
            QSKIP(qPrintable(QStringLiteral("this machine does not allow network namespaces: ") + why));
        }
        m_hostSide = QStringLiteral("rbh%1").arg(pid);
        m_nsSide = QStringLiteral("rbn%1").arg(pid);
        const QString &nsSide = m_nsSide;
        const QString net = QStringLiteral("10.231.%1.").arg(pid % 250);
        m_hostAddress = net + s("1");
        m_nsAddress = net + s("2");
        const QStringList inNs{s("netns"), s("exec"), m_ns, m_ip};
        QVERIFY(ip({s("link"), s("add"), m_hostSide, s("type"), s("veth"), s("peer"), s("name"), nsSide}));
        QVERIFY(ip({s("link"), s("set"), nsSide, s("netns"), m_ns}));
        QVERIFY(ip({s("addr"), s("add"), m_hostAddress + s("/30"), s("dev"), m_hostSide}));
        QVERIFY(ip({s("link"), s("set"), m_hostSide, s("up")}));
        QVERIFY(ip(inNs + QStringList{s("addr"), s("add"), m_nsAddress + s("/30"), s("dev"), nsSide}));
        QVERIFY(setLink(true));
        QVERIFY(ip(inNs + QStringList{s("link"), s("set"), s("lo"), s("up")}));

        QVERIFY(m_dirA.isValid() && m_dirP.isValid());
        QVERIFY(QFile::copy(tinyModelPath(), m_dirA.filePath(s("tiny.gguf"))));
        QVERIFY(QFile::copy(tinyModelPath(), m_dirP.filePath(s("tiny.gguf"))));
        QVERIFY2(m_queen.start(
                     {s("--host"), m_hostAddress, s("--heartbeat-timeout-ms"), QString::number(kHeartbeatTimeoutMs)}),
                 qPrintable(m_queen.errorString()));
        QVERIFY2(m_a.start(hiveArgs(s("A"), s("127.0.0.2"), m_dirA.path()), hiveEnvironment()),
                 qPrintable(m_a.errorString()));
        QVERIFY2(m_p.start(hiveArgs(s("P"), m_nsAddress, m_dirP.path()), hiveEnvironment(),
                           QStringList{m_ip} + inNs.mid(0, 3)),
                 qPrintable(m_p.errorString()));
        QVERIFY(waitFor(
            [&] {  // Online, with the devices the hive's worker binary enumerated.
                for (const char *name : {"A", "P"}) {
                    const QJsonObject h = hive(s(name));
                    if (!online(h) || h.value(s("devices")).toArray().isEmpty())
                        return false;
                }
                return true;
            },
            60000, 100));
        m_workerA = placeOn(s("A"));
        m_workerP = placeOn(s("P"));
        QVERIFY(!m_workerA.isEmpty() && !m_workerP.isEmpty());
        QCOMPARE(QUrl(worker(m_workerP).value(s("url")).toString()).host(), m_nsAddress);
    }

    void cleanupTestCase()
    {
        for (HiveProcess *h : {&m_p, &m_a}) {
            h->terminate();  // a hive stops its workers on SIGTERM
            h->process().waitForFinished(15000);
            h->kill();
        }
        for (qint64 pid : std::as_const(m_workerPids)) {
            // A worker that outlived its hive; the check keeps a reused pid safe.
            QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (cmdline.open(QIODevice::ReadOnly) && cmdline.readAll().contains("rbee-worker"))
                ::kill(pid_t(pid), SIGKILL);
        }
        if (!m_ns.isEmpty()) {
            ip({s("link"), s("del"), m_hostSide});
            ip({s("netns"), s("del"), m_ns});
        }
    }

    void cutLink_hiveAndWorkerOffline_jobLost_restoreBringsThemBack()
    {
        // A long job on P's worker; the link is cut when its first token has arrived.
        const QUrl stream = submit(m_workerP, 4000);
        QVERIFY(!stream.isEmpty());
        QElapsedTimer sinceCut;
        bool cut = false;
        const StreamResult lost = readStream(stream, 60000, [&](const core::SseEvent &e) {
            if (!cut && e.event == QLatin1String("token")) {
                cut = setLink(false);
                sinceCut.start();
            }
            return e.event == QLatin1String("error") || e.event == QLatin1String("end");
        });
        QVERIFY2(cut, "no token arrived before the cut, or the link could not be cut");
        const qint64 jobEndedAfterMs = sinceCut.elapsed();
        QVERIFY2(lost.named(s("end")).isEmpty(), "the job ended normally before the cut took effect");
        const auto errors = lost.named(s("error"));
        QVERIFY2(!errors.isEmpty() && errors.last().data.contains(s("worker_lost")),
                 qPrintable(errors.isEmpty() ? s("no error event") : errors.last().data));
        QVERIFY2(jobEndedAfterMs < kOfflineWithinMs, qPrintable(QString::number(jobEndedAfterMs)));

        QVERIFY2(waitFor([&] { return !online(hive(s("P"))); }, kOfflineWithinMs, 100), qPrintable(dump(hive(s("P")))));
        QVERIFY2(waitFor([&] { return !online(worker(m_workerP)); }, kOfflineWithinMs, 100),
                 qPrintable(dump(worker(m_workerP))));
        qInfo("job lost %lld ms after the cut; hive and worker offline %lld ms after it (timeout %d ms)",
              jobEndedAfterMs, sinceCut.elapsed(), kHeartbeatTimeoutMs);

        // Nothing else is lost: A and its worker stay online and serve.
        QVERIFY(online(hive(s("A"))));
        QVERIFY(online(worker(m_workerA)));
        QVERIFY(jobEnds(m_workerA));

        // Restored: both come back by their own heartbeats and serve again.
        QVERIFY(setLink(true));
        QElapsedTimer sinceRestore;
        sinceRestore.start();
        QVERIFY2(waitFor([&] { return online(hive(s("P"))); }, 30000, 100), qPrintable(dump(hive(s("P")))));
        QVERIFY2(waitFor([&] { return worker(m_workerP).value(s("status")).toString() == QLatin1String("ready"); },
                         30000, 100),
                 qPrintable(dump(worker(m_workerP))));
        qInfo("hive and worker back %lld ms after the link", sinceRestore.elapsed());
        QVERIFY(jobEnds(m_workerP));
        QVERIFY(online(hive(s("A"))));
        QVERIFY(online(worker(m_workerA)));
        QCOMPARE(core::HiveReport::fromJson(hive(s("P")))->workers.size(), 1);  // the same worker, not a new one
    }
};

QTEST_GUILESS_MAIN(TestClusterPartition)
#include "tst_cluster_partition.moc"
