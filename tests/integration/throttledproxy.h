// ThrottledProxy: a TCP forwarder for tests, listening on a loopback address and passing every
// connection on to a target, with what comes back from the target limited to a rate. It makes a
// model copy between two hives slow enough to interrupt on purpose, and records the first line
// and Range header of each request so a test can see where a resumed copy started. Runs on the
// test's event loop: waits must spin it (rbee::test::waitFor does).
#pragma once

#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace rbee::test {

class ThrottledProxy : public QObject {
    Q_OBJECT

public:
    struct Request {
        QByteArray requestLine;  // "GET /v1/hive/models/tiny/file HTTP/1.1"
        QByteArray range;        // the Range header's value; empty without one
    };

    explicit ThrottledProxy(qint64 bytesPerSecond, QObject *parent = nullptr);
    ~ThrottledProxy() override;

    bool listen(const QHostAddress &address);
    quint16 port() const { return m_server.serverPort(); }
    // Where connections go; set before the first one arrives.
    void setTarget(const QHostAddress &address, quint16 port);
    const QList<Request> &requests() const { return m_requests; }

private:
    struct Pair;
    void onNewConnection();
    void pump();
    void close(Pair *pair);
    void noteRequest(Pair *pair, const QByteArray &data);

    QTcpServer m_server;
    QTimer m_tick;
    QHostAddress m_targetAddress;
    quint16 m_targetPort = 0;
    qint64 m_bytesPerTick;
    QList<Pair *> m_pairs;
    QList<Request> m_requests;
};

}  // namespace rbee::test
