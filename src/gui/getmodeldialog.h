// GetModelDialog: downloads one GGUF model from Hugging Face (a suggested small instruct model or
// any repo/file) into the models folder with core::ModelDownloader, showing progress and errors
// inline. Each suggestion's size is asked for (HEAD) when the dialog opens and shown before the
// user commits. Cancel keeps the .part so the next Download resumes it. Starts no worker itself.
#pragma once

#include <QDialog>
#include <QHash>
#include <QUrl>

class QComboBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QProgressBar;
class QPushButton;

namespace rbee::core {
class ModelDownloader;
struct Error;
}  // namespace rbee::core

namespace rbee::gui {

class ModelSizeProbe;

class GetModelDialog : public QDialog {
    Q_OBJECT
public:
    struct Suggestion {
        QString label;
        QString repo;
        QString file;
        QString description;  // what it is good for
    };
    // The offered models, the default first.
    static QList<Suggestion> suggestions();

    // `nam` (may be null: the dialog uses its own) must outlive the dialog.
    GetModelDialog(const QString &modelsFolder, QNetworkAccessManager *nam, QWidget *parent = nullptr);
    ~GetModelDialog() override;

    // Downloads from base + "/<repo>/resolve/main/<file>" instead of https://huggingface.co.
    void setBaseUrlForTesting(const QUrl &base) { m_baseUrl = base; }
    // The model file once downloaded (or found already there); empty before.
    QString downloadedPath() const { return m_downloadedPath; }
    bool isDownloading() const;

    QString repo() const;
    QString file() const;
    QString destinationPath() const;  // <folder>/<file>

Q_SIGNALS:
    void modelReady(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

public Q_SLOTS:
    void startDownload();
    void cancelDownload();  // keeps the .part
    void reject() override;

private:
    void onModelChosen(int index);
    void onProgress(qint64 received, qint64 total);
    void onFinished(const QString &path);
    void onFailed(const core::Error &error);
    void setRunning(bool running);
    void updateDownloadButton();
    void showError(const QString &message);
    void browseFolder();
    QUrl urlFor(const QString &repo, const QString &file) const;
    void onSized(const QUrl &url, qint64 bytes);

    core::ModelDownloader *m_downloader;
    QComboBox *m_modelCombo;
    QLineEdit *m_repoEdit;
    QLineEdit *m_fileEdit;
    QLineEdit *m_folderEdit;
    QPushButton *m_browseButton;
    QProgressBar *m_progress;
    QLabel *m_sizeLabel;
    QLabel *m_descriptionLabel;
    ModelSizeProbe *m_probe;
    QHash<QUrl, qint64> m_sizes;  // download sizes learnt before downloading
    bool m_probed = false;
    QLabel *m_errorLabel;
    QPushButton *m_downloadButton;
    QPushButton *m_cancelButton;
    QUrl m_baseUrl;
    QString m_downloadedPath;
    qint64 m_received = 0;
};

}  // namespace rbee::gui
