// GetModelDialog (offscreen) against a local core::HttpServer standing in for huggingface.co:
// Download saves the file into the models folder, fills the progress bar and emits modelReady;
// a missing file shows an inline error naming it; Cancel mid-download keeps the .part for a resume;
// every label with a mnemonic ("Save &in:") has a buddy, so none shows a literal "&".
// each suggestion's size (a HEAD answered by a QTcpServer) and what it is good for show before any
// download starts.
#include "gui/getmodeldialog.h"
#include "widgetchild.h"

#include "core/client/modeldownloader.h"
#include "core/http/httpserver.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace rbee;
using rbee::gui::GetModelDialog;
using rbee::test::child;

namespace {

QByteArray modelBytes()
{
    QByteArray bytes("GGUF");
    for (int i = 0; i < 300000; ++i)
        bytes.append(char(i % 251));
    return bytes;
}

}  // namespace

class TestGetModelDialog : public QObject {
    Q_OBJECT

private:
    core::HttpServer m_server;
    QNetworkAccessManager m_nam;
    QStringList m_requested;  // paths

    QUrl baseUrl() const
    {
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(QStringLiteral("127.0.0.1"));
        url.setPort(m_server.serverPort());
        return url;
    }
    void chooseOther(GetModelDialog &dialog, const QString &repo, const QString &file)
    {
        auto *combo = child<QComboBox>(dialog, "modelCombo");
        combo->setCurrentIndex(combo->count() - 1);
        child<QLineEdit>(dialog, "repoEdit")->setText(repo);
        child<QLineEdit>(dialog, "fileEdit")->setText(file);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server.route("GET", QStringLiteral("/{owner}/{name}/resolve/main/{file}"),
                       [this](const core::HttpRequest &request, const core::HttpResponder &responder) {
                           m_requested.append(request.path);
                           const QString file = request.pathParam(QStringLiteral("file"));
                           if (file == QLatin1String("model.gguf")) {
                               core::HttpResponse response;
                               response.body = modelBytes();
                               response.withHeader("Content-Type", "application/octet-stream");
                               responder.send(response);
                           } else if (file == QLatin1String("slow.gguf")) {
                               // Part of a file of unknown length, then nothing: a download to cancel.
                               responder.beginEventStream();
                               responder.sendRaw(modelBytes().left(100000));
                           } else {
                               responder.send(core::HttpResponse::json(404, {}));
                           }
                       });
        QVERIFY2(m_server.listen(QHostAddress::LocalHost, 0), qPrintable(m_server.errorString()));
    }

    void init() { m_requested.clear(); }

    void suggestions_defaultIsGemma270m()
    {
        QTemporaryDir folder;
        GetModelDialog dialog(folder.path(), &m_nam);
        QCOMPARE(child<QComboBox>(dialog, "modelCombo")->currentIndex(), 0);
        QCOMPARE(dialog.repo(), QStringLiteral("unsloth/gemma-3-270m-it-GGUF"));
        QCOMPARE(dialog.file(), QStringLiteral("gemma-3-270m-it-Q8_0.gguf"));
        QVERIFY(child<QLineEdit>(dialog, "repoEdit")->isReadOnly());
        QCOMPARE(dialog.destinationPath(), QDir(folder.path()).filePath(QStringLiteral("gemma-3-270m-it-Q8_0.gguf")));
        for (const GetModelDialog::Suggestion &s : GetModelDialog::suggestions())
            QVERIFY2(!core::ModelDownloader::validate(s.repo, s.file), qPrintable(s.repo));
        chooseOther(dialog, QStringLiteral("a/b"), QStringLiteral("c.gguf"));
        QVERIFY(!child<QLineEdit>(dialog, "repoEdit")->isReadOnly());
    }

    void labelsWithAMnemonic_haveABuddy_soNoLiteralAmpersandShows()
    {
        QTemporaryDir folder;
        GetModelDialog dialog(folder.path(), &m_nam);
        // A QLabel shows "&" as it is unless it has a buddy, whose mnemonic it then underlines.
        for (QLabel *label : dialog.findChildren<QLabel *>()) {
            if (label->text().contains(u'&'))
                QVERIFY2(label->buddy(), qPrintable(label->text()));
        }
        auto *folderLabel = child<QLabel>(dialog, "folderLabel");
        QCOMPARE(folderLabel->text(), QStringLiteral("Save &in:"));
        QCOMPARE(folderLabel->buddy(), child<QLineEdit>(dialog, "folderEdit"));
    }

    void download_savesFile_fillsProgress_emitsModelReady()
    {
        QTemporaryDir folder;
        GetModelDialog dialog(folder.path(), &m_nam);
        dialog.setBaseUrlForTesting(baseUrl());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        chooseOther(dialog, QStringLiteral("test/models"), QStringLiteral("model.gguf"));
        QSignalSpy ready(&dialog, &GetModelDialog::modelReady);
        auto *download = child<QPushButton>(dialog, "downloadButton");
        QCOMPARE(download->text(), GetModelDialog::tr("&Download"));

        QTest::mouseClick(download, Qt::LeftButton);
        QVERIFY(dialog.isDownloading());
        QVERIFY2(ready.wait(10000), qPrintable(child<QLabel>(dialog, "errorLabel")->text()));

        const QString expected = QDir(folder.path()).filePath(QStringLiteral("model.gguf"));
        QCOMPARE(ready.first().first().toString(), expected);
        QCOMPARE(dialog.downloadedPath(), expected);
        QCOMPARE(m_requested.value(0), QStringLiteral("/test/models/resolve/main/model.gguf"));
        QFile file(expected);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), modelBytes());
        QVERIFY(!QFileInfo::exists(expected + QStringLiteral(".part")));
        QCOMPARE(child<QProgressBar>(dialog, "progressBar")->value(), 100);
        QVERIFY2(child<QLabel>(dialog, "sizeLabel")->text().contains(QStringLiteral(" of ")),
                 qPrintable(child<QLabel>(dialog, "sizeLabel")->text()));
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!dialog.isVisible());
    }

    void alreadyDownloaded_isUsedWithoutDownloading()
    {
        QTemporaryDir folder;
        QFile existing(QDir(folder.path()).filePath(QStringLiteral("model.gguf")));
        QVERIFY(existing.open(QIODevice::WriteOnly));
        existing.write("GGUF");
        existing.close();
        GetModelDialog dialog(folder.path(), &m_nam);
        dialog.setBaseUrlForTesting(baseUrl());
        chooseOther(dialog, QStringLiteral("test/models"), QStringLiteral("model.gguf"));
        QCOMPARE(child<QPushButton>(dialog, "downloadButton")->text(), GetModelDialog::tr("&Use"));
        QSignalSpy ready(&dialog, &GetModelDialog::modelReady);
        dialog.startDownload();
        QCOMPARE(ready.size(), 1);
        QCOMPARE(dialog.downloadedPath(), existing.fileName());
        QVERIFY(m_requested.isEmpty());
    }

    void missingFile_showsInlineErrorNamingIt()
    {
        QTemporaryDir folder;
        GetModelDialog dialog(folder.path(), &m_nam);
        dialog.setBaseUrlForTesting(baseUrl());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        chooseOther(dialog, QStringLiteral("test/models"), QStringLiteral("missing.gguf"));
        QSignalSpy ready(&dialog, &GetModelDialog::modelReady);
        auto *error = child<QLabel>(dialog, "errorLabel");
        QVERIFY(!error->isVisible());

        dialog.startDownload();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isDownloading(), 10000);
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("missing.gguf")), qPrintable(error->text()));
        QVERIFY(ready.isEmpty());
        QVERIFY(dialog.isVisible());
        QVERIFY(child<QPushButton>(dialog, "downloadButton")->isEnabled());
        QVERIFY(!QFileInfo::exists(QDir(folder.path()).filePath(QStringLiteral("missing.gguf"))));
    }

    void invalidRepo_showsInlineErrorWithoutRequest()
    {
        QTemporaryDir folder;
        GetModelDialog dialog(folder.path(), &m_nam);
        dialog.setBaseUrlForTesting(baseUrl());
        chooseOther(dialog, QStringLiteral("no-slash"), QStringLiteral("model.gguf"));
        dialog.startDownload();
        QVERIFY(!dialog.isDownloading());
        const QString text = child<QLabel>(dialog, "errorLabel")->text();
        QVERIFY2(text.contains(QStringLiteral("no-slash")), qPrintable(text));
        QVERIFY(m_requested.isEmpty());
    }

    void cancel_keepsPart_andOffersResume()
    {
        QTemporaryDir folder;
        const QString destination = QDir(folder.path()).filePath(QStringLiteral("slow.gguf"));
        const QString part = destination + QStringLiteral(".part");
        {
            GetModelDialog dialog(folder.path(), &m_nam);
            dialog.setBaseUrlForTesting(baseUrl());
            dialog.show();
            QVERIFY(QTest::qWaitForWindowExposed(&dialog));
            chooseOther(dialog, QStringLiteral("test/models"), QStringLiteral("slow.gguf"));
            QSignalSpy ready(&dialog, &GetModelDialog::modelReady);
            dialog.startDownload();
            QCOMPARE(child<QProgressBar>(dialog, "progressBar")->maximum(), 0);  // busy: size unknown
            QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(part).size() > 0, 10000);

            QTest::mouseClick(child<QPushButton>(dialog, "cancelButton"), Qt::LeftButton);
            QVERIFY(!dialog.isDownloading());
            QVERIFY(dialog.isVisible());  // the first Cancel stops the download, not the dialog
            QVERIFY(QFileInfo(part).size() > 0);
            QVERIFY(!QFileInfo::exists(destination));
            QCOMPARE(child<QPushButton>(dialog, "downloadButton")->text(), GetModelDialog::tr("&Resume"));
            QTest::qWait(200);
            QVERIFY(ready.isEmpty());

            QTest::mouseClick(child<QPushButton>(dialog, "cancelButton"), Qt::LeftButton);
            QVERIFY(!dialog.isVisible());
            QCOMPARE(dialog.result(), int(QDialog::Rejected));
        }
        QVERIFY(QFileInfo(part).size() > 0);
        GetModelDialog again(folder.path(), &m_nam);
        chooseOther(again, QStringLiteral("test/models"), QStringLiteral("slow.gguf"));
        QCOMPARE(child<QPushButton>(again, "downloadButton")->text(), GetModelDialog::tr("&Resume"));
    }

    void suggestions_showTheirSizeAndUse_beforeAnyDownload()
    {
        // A server that answers every request with a length and no body, and records the methods.
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost, 0));
        QStringList requests;  // "HEAD /path"
        connect(&server, &QTcpServer::newConnection, this, [&] {
            while (QTcpSocket *socket = server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [socket, &requests] {
                    const QByteArray head = socket->readAll();
                    const QList<QByteArray> line = head.left(head.indexOf("\r\n")).split(' ');
                    requests << QString::fromLatin1(line.value(0) + ' ' + line.value(1));
                    // 291 MB for the first suggestion, 145 MB for the others.
                    const QByteArray length = line.value(1).contains("gemma") ? "291000000" : "145000000";
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: "
                                  + length + "\r\n\r\n");
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
        QUrl base;
        base.setScheme(QStringLiteral("http"));
        base.setHost(QStringLiteral("127.0.0.1"));
        base.setPort(server.serverPort());

        QTemporaryDir folder;
        GetModelDialog dialog(folder.path(), &m_nam);
        dialog.setBaseUrlForTesting(base);
        auto *combo = child<QComboBox>(dialog, "modelCombo");
        QVERIFY(!combo->itemText(0).contains(QStringLiteral("MiB")));
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QString gemma = QStringLiteral("277.5 MiB");  // 291,000,000 bytes
        QTRY_VERIFY2_WITH_TIMEOUT(combo->itemText(0).endsWith(gemma), qPrintable(combo->itemText(0)), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(combo->itemText(1).endsWith(QStringLiteral("138.3 MiB")), 10000);
        QCOMPARE(child<QLabel>(dialog, "sizeLabel")->text(), GetModelDialog::tr("Download size: %1").arg(gemma));
        QCOMPARE(child<QLabel>(dialog, "modelDescription")->text(), GetModelDialog::suggestions().first().description);
        QVERIFY(!GetModelDialog::suggestions().first().description.isEmpty());
        // Choosing another suggestion shows its own use and size.
        combo->setCurrentIndex(1);
        QCOMPARE(child<QLabel>(dialog, "modelDescription")->text(), GetModelDialog::suggestions().at(1).description);
        QVERIFY(child<QLabel>(dialog, "sizeLabel")->text().endsWith(QStringLiteral("138.3 MiB")));
        // Only HEAD requests, one per suggestion: nothing was downloaded.
        QTRY_COMPARE_WITH_TIMEOUT(requests.size(), GetModelDialog::suggestions().size(), 5000);
        for (const QString &r : std::as_const(requests))
            QVERIFY2(r.startsWith(QStringLiteral("HEAD /")), qPrintable(r));
        QVERIFY(!dialog.isDownloading());
        QVERIFY(QDir(folder.path()).isEmpty());
    }
};

QTEST_MAIN(TestGetModelDialog)
#include "tst_getmodeldialog.moc"
