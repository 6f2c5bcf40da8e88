// ThrottledProxy; see throttledproxy.h.
#include "throttledproxy.h"

#include <QTcpSocket>

#include <utility>

namespace rbee::test {

namespace {
constexpr int kTickMs = 20;
}

struct ThrottledProxy::Pair {
    QTcpSocket *client = nullptr;
    QTcpSocket *target = nullptr;
    QByteArray toTarget;  // what the client sent before the target connected
    QByteArray head;      // the start of the client's data, until the end of a request's headers
    bool headDone = false;
    bool targetDone = false;  // the target hung up: close once what it sent is passed on
};

ThrottledProxy::ThrottledProxy(qint64 bytesPerSecond, QObject *parent)
    : QObject(parent)
    , m_bytesPerTick(qMax<qint64>(1, bytesPerSecond * kTickMs / 1000))
{
    connect(&m_server, &QTcpServer::newConnection, this, &ThrottledProxy::onNewConnection);
    m_tick.setInterval(kTickMs);
    connect(&m_tick, &QTimer::timeout, this, &ThrottledProxy::pump);
    m_tick.start();
}

ThrottledProxy::~ThrottledProxy()
{
    // A socket's destructor still signals `disconnected`, which would close the pair a second time:
    // disconnect first, and off a list nobody else edits.
    const QList<Pair *> pairs = std::exchange(m_pairs, {});
    for (Pair *p : pairs) {
        p->client->disconnect(this);
        p->target->disconnect(this);
        delete p->client;
        delete p->target;
        delete p;
    }
}

bool ThrottledProxy::listen(const QHostAddress &address)
{
    return m_server.listen(address, 0);
}

void ThrottledProxy::setTarget(const QHostAddress &address, quint16 port)
{
    m_targetAddress = address;
    m_targetPort = port;
}

void ThrottledProxy::noteRequest(Pair *pair, const QByteArray &data)
{
    // Only the first request of a connection is recorded: enough for one GET per connection.
    if (pair->headDone)
        return;
    pair->head += data;
    const qsizetype end = pair->head.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    pair->headDone = true;
    const QList<QByteArray> lines = pair->head.left(end).split('\n');
    Request r;
    r.requestLine = lines.value(0).trimmed();
    for (const QByteArray &line : lines) {
        if (line.toLower().startsWith("range:"))
            r.range = line.mid(6).trimmed();
    }
    m_requests.append(r);
}

void ThrottledProxy::onNewConnection()
{
    while (QTcpSocket *client = m_server.nextPendingConnection()) {
        auto *pair = new Pair;
        pair->client = client;
        pair->target = new QTcpSocket;
        pair->target->setReadBufferSize(1024 * 1024);  // the rest waits in the kernel: the target is slowed too
        m_pairs.append(pair);
        connect(client, &QTcpSocket::readyRead, this, [this, pair] {
            const QByteArray data = pair->client->readAll();
            noteRequest(pair, data);
            if (pair->target->state() == QAbstractSocket::ConnectedState)
                pair->target->write(data);
            else
                pair->toTarget += data;
        });
        connect(pair->target, &QTcpSocket::connected, this, [pair] {
            pair->target->write(pair->toTarget);
            pair->toTarget.clear();
        });
        connect(client, &QTcpSocket::disconnected, this, [this, pair] { close(pair); });
        connect(pair->target, &QTcpSocket::errorOccurred, this, [pair] { pair->targetDone = true; });
        pair->target->connectToHost(m_targetAddress, m_targetPort);
    }
}

void ThrottledProxy::pump()
{
    const QList<Pair *> pairs = m_pairs;  // close() edits the list
    for (Pair *p : pairs) {
        if (p->target->bytesAvailable() > 0 && p->client->state() == QAbstractSocket::ConnectedState)
            p->client->write(p->target->read(m_bytesPerTick));
        else if (p->targetDone && p->target->bytesAvailable() == 0)
            p->client->disconnectFromHost();  // after what is written; `disconnected` closes the pair
    }
}

void ThrottledProxy::close(Pair *pair)
{
    if (!m_pairs.removeOne(pair))
        return;
    pair->client->disconnect(this);
    pair->target->disconnect(this);
    pair->client->abort();
    pair->target->abort();
    pair->client->deleteLater();
    pair->target->deleteLater();
    delete pair;
}

}  // namespace rbee::test
