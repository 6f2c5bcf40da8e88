// See getmodeldialog.h. The downloader classifies failures; this dialog only words them for the
// user and keeps the buttons honest (Download / Resume / Use, Cancel stops or closes).
#include "getmodeldialog.h"

#include "devicetext.h"
#include "modelsizeprobe.h"

#include "core/client/modeldownloader.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QVBoxLayout>

namespace rbee::gui {

namespace {
QString megabytes(const QLocale &locale, qint64 bytes)
{
    return locale.toString(double(bytes) / 1e6, 'f', 1);
}
}  // namespace

QList<GetModelDialog::Suggestion> GetModelDialog::suggestions()
{
    return {
        {tr("Gemma 3 270M instruct (Q8_0, smallest, fast)"), QStringLiteral("unsloth/gemma-3-270m-it-GGUF"),
         QStringLiteral("gemma-3-270m-it-Q8_0.gguf"),
         tr("Good for quick questions, short texts and trying rbee out; runs on any computer.")},
        {tr("SmolLM2 135M instruct (Q8_0, tiny)"), QStringLiteral("bartowski/SmolLM2-135M-Instruct-GGUF"),
         QStringLiteral("SmolLM2-135M-Instruct-Q8_0.gguf"),
         tr("Good for testing a cluster and for very slow machines; its answers are simple and often wrong.")},
        {tr("Qwen3 0.6B (Q8_0, better answers, slower)"), QStringLiteral("Qwen/Qwen3-0.6B-GGUF"),
         QStringLiteral("Qwen3-0.6B-Q8_0.gguf"),
         tr("Good for everyday chat, summaries and simple code; it thinks before it answers, so it is slower.")},
    };
}

GetModelDialog::GetModelDialog(const QString &modelsFolder, QNetworkAccessManager *nam, QWidget *parent)
    : QDialog(parent)
    , m_downloader(new core::ModelDownloader(nam, this))
    , m_modelCombo(new QComboBox(this))
    , m_repoEdit(new QLineEdit(this))
    , m_fileEdit(new QLineEdit(this))
    , m_folderEdit(new QLineEdit(modelsFolder, this))
    , m_browseButton(new QPushButton(tr("&Browse…"), this))
    , m_progress(new QProgressBar(this))
    , m_sizeLabel(new QLabel(this))
    , m_descriptionLabel(new QLabel(this))
    , m_probe(new ModelSizeProbe(this))
    , m_errorLabel(new QLabel(this))
    , m_downloadButton(new QPushButton(tr("&Download"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
{
    setWindowTitle(tr("Get a Model"));
    m_modelCombo->setObjectName(QStringLiteral("modelCombo"));
    m_sizeLabel->setObjectName(QStringLiteral("sizeLabel"));
    m_descriptionLabel->setObjectName(QStringLiteral("modelDescription"));
    m_descriptionLabel->setWordWrap(true);
    m_repoEdit->setObjectName(QStringLiteral("repoEdit"));
    m_fileEdit->setObjectName(QStringLiteral("fileEdit"));
    m_folderEdit->setObjectName(QStringLiteral("folderEdit"));
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_sizeLabel->setObjectName(QStringLiteral("sizeLabel"));
    m_errorLabel->setObjectName(QStringLiteral("errorLabel"));
    m_downloadButton->setObjectName(QStringLiteral("downloadButton"));
    m_cancelButton->setObjectName(QStringLiteral("cancelButton"));

    for (const Suggestion &s : suggestions())
        m_modelCombo->addItem(s.label, QStringList{s.repo, s.file});
    m_modelCombo->addItem(tr("Other…"));
    m_repoEdit->setPlaceholderText(tr("owner/name, e.g. unsloth/gemma-3-270m-it-GGUF"));
    m_fileEdit->setPlaceholderText(tr("file name ending in .gguf"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_errorLabel->hide();

    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folderEdit);
    folderRow->addWidget(m_browseButton);
    auto *form = new QFormLayout;
    form->addRow(tr("&Model:"), m_modelCombo);
    form->addRow(QString(), m_descriptionLabel);
    form->addRow(tr("&Repository:"), m_repoEdit);
    form->addRow(tr("&File:"), m_fileEdit);
    // A label given with a layout gets no buddy and would show its "&" as it is.
    auto *folderLabel = new QLabel(tr("Save &in:"), this);
    folderLabel->setObjectName(QStringLiteral("folderLabel"));
    folderLabel->setBuddy(m_folderEdit);
    form->addRow(folderLabel, folderRow);

    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_downloadButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_cancelButton, QDialogButtonBox::RejectRole);
    m_downloadButton->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_sizeLabel);
    layout->addWidget(m_errorLabel);
    layout->addStretch();
    layout->addWidget(buttons);

    // Roles only place the buttons; neither closes the dialog by itself.
    connect(m_downloadButton, &QPushButton::clicked, this, &GetModelDialog::startDownload);
    connect(m_cancelButton, &QPushButton::clicked, this, [this] {
        if (isDownloading())
            cancelDownload();
        else
            reject();
    });
    connect(m_browseButton, &QPushButton::clicked, this, &GetModelDialog::browseFolder);
    connect(m_modelCombo, &QComboBox::currentIndexChanged, this, &GetModelDialog::onModelChosen);
    for (QLineEdit *edit : {m_repoEdit, m_fileEdit, m_folderEdit})
        connect(edit, &QLineEdit::textChanged, this, &GetModelDialog::updateDownloadButton);

    connect(m_probe, &ModelSizeProbe::sized, this, &GetModelDialog::onSized);
    connect(m_downloader, &core::ModelDownloader::progress, this, &GetModelDialog::onProgress);
    connect(m_downloader, &core::ModelDownloader::finished, this, &GetModelDialog::onFinished);
    connect(m_downloader, &core::ModelDownloader::failed, this, &GetModelDialog::onFailed);

    onModelChosen(0);
    resize(560, sizeHint().height());
}

GetModelDialog::~GetModelDialog()
{
    m_downloader->cancel();
}

bool GetModelDialog::isDownloading() const
{
    return m_downloader->isRunning();
}

QString GetModelDialog::repo() const
{
    return m_repoEdit->text().trimmed();
}

QString GetModelDialog::file() const
{
    return m_fileEdit->text().trimmed();
}

QString GetModelDialog::destinationPath() const
{
    return QDir(m_folderEdit->text().trimmed()).filePath(file());
}

void GetModelDialog::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    if (m_probed)
        return;
    m_probed = true;  // once, when the URLs are final (a test sets another base URL first)
    for (const Suggestion &s : suggestions())
        m_probe->probe(urlFor(s.repo, s.file));
}

void GetModelDialog::onSized(const QUrl &url, qint64 bytes)
{
    m_sizes.insert(url, bytes);
    const QList<Suggestion> all = suggestions();
    for (qsizetype i = 0; i < all.size(); ++i) {
        if (urlFor(all.at(i).repo, all.at(i).file) == url)
            m_modelCombo->setItemText(int(i), tr("%1 — %2").arg(all.at(i).label, DeviceText::fileSize(bytes)));
    }
    updateDownloadButton();
}

void GetModelDialog::onModelChosen(int index)
{
    const QStringList suggestion = m_modelCombo->itemData(index).toStringList();
    const bool other = suggestion.size() != 2;
    m_repoEdit->setReadOnly(!other);
    m_fileEdit->setReadOnly(!other);
    if (other) {
        m_repoEdit->setFocus();
    } else {
        m_repoEdit->setText(suggestion.at(0));
        m_fileEdit->setText(suggestion.at(1));
    }
    const QList<Suggestion> all = suggestions();
    m_descriptionLabel->setText(index >= 0 && index < all.size() ? all.at(index).description : QString());
    m_descriptionLabel->setVisible(!m_descriptionLabel->text().isEmpty());
    m_errorLabel->hide();
    updateDownloadButton();
}

void GetModelDialog::updateDownloadButton()
{
    if (isDownloading())
        return;
    const QString destination = destinationPath();
    const bool named = !file().isEmpty() && !m_folderEdit->text().trimmed().isEmpty();
    if (named && QFileInfo::exists(destination)) {
        m_downloadButton->setText(tr("&Use"));
        m_sizeLabel->setText(tr("Already in the models folder."));
    } else if (named && QFileInfo::exists(core::ModelDownloader::partPath(destination))) {
        m_downloadButton->setText(tr("&Resume"));
        m_sizeLabel->setText(
            tr("%1 MB downloaded earlier.")
                .arg(megabytes(locale(), QFileInfo(core::ModelDownloader::partPath(destination)).size())));
    } else {
        m_downloadButton->setText(tr("&Download"));
        const auto size = m_sizes.constFind(urlFor(repo(), file()));
        if (named && size != m_sizes.constEnd())
            m_sizeLabel->setText(tr("Download size: %1").arg(DeviceText::fileSize(*size)));
        else
            m_sizeLabel->clear();
    }
}

void GetModelDialog::startDownload()
{
    if (isDownloading())
        return;
    m_errorLabel->hide();
    if (const auto error = core::ModelDownloader::validate(repo(), file())) {
        showError(error->field == QLatin1String("repo")
                      ? tr("The repository must look like \"owner/name\", not \"%1\".").arg(repo())
                      : tr("The file must be a plain file name ending in .gguf, not \"%1\".").arg(file()));
        (error->field == QLatin1String("repo") ? m_repoEdit : m_fileEdit)->setFocus();
        return;
    }
    if (m_folderEdit->text().trimmed().isEmpty()) {
        showError(tr("Choose a folder to save the model in."));
        m_folderEdit->setFocus();
        return;
    }
    const QString destination = destinationPath();
    if (QFileInfo::exists(destination)) {
        m_downloadedPath = destination;
        Q_EMIT modelReady(destination);
        accept();
        return;
    }
    m_received = 0;
    m_progress->setRange(0, 0);  // busy until the size is known
    m_sizeLabel->setText(tr("Connecting…"));
    setRunning(true);
    m_downloader->start(urlFor(repo(), file()), destination);
}

void GetModelDialog::cancelDownload()
{
    if (!isDownloading())
        return;
    m_downloader->cancel();
    setRunning(false);
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, 100);
    updateDownloadButton();
    if (QFileInfo::exists(core::ModelDownloader::partPath(destinationPath())))
        m_sizeLabel->setText(
            tr("Stopped. %1 MB are kept; press Resume to continue.").arg(megabytes(locale(), m_received)));
}

void GetModelDialog::reject()
{
    cancelDownload();
    QDialog::reject();
}

void GetModelDialog::onProgress(qint64 received, qint64 total)
{
    m_received = received;
    if (total > 0) {
        m_progress->setRange(0, 100);
        m_progress->setValue(int(received * 100 / total));
        m_sizeLabel->setText(tr("%1 of %2 MB").arg(megabytes(locale(), received), megabytes(locale(), total)));
    } else {
        m_progress->setRange(0, 0);
        m_sizeLabel->setText(tr("%1 MB").arg(megabytes(locale(), received)));
    }
}

void GetModelDialog::onFinished(const QString &path)
{
    setRunning(false);
    m_progress->setRange(0, 100);
    m_progress->setValue(100);
    m_downloadedPath = path;
    Q_EMIT modelReady(path);
    accept();
}

void GetModelDialog::onFailed(const core::Error &error)
{
    setRunning(false);
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, 100);
    updateDownloadButton();
    // The downloader's message names the file, repository or host and the likely cause.
    showError(tr("Download failed: %1").arg(error.message));
}

void GetModelDialog::setRunning(bool running)
{
    for (QWidget *w : {static_cast<QWidget *>(m_modelCombo), static_cast<QWidget *>(m_repoEdit),
                       static_cast<QWidget *>(m_fileEdit), static_cast<QWidget *>(m_folderEdit),
                       static_cast<QWidget *>(m_browseButton), static_cast<QWidget *>(m_downloadButton)})
        w->setEnabled(!running);
}

void GetModelDialog::showError(const QString &message)
{
    m_errorLabel->setText(message);
    m_errorLabel->show();
}

void GetModelDialog::browseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Save models in"), m_folderEdit->text());
    if (!folder.isEmpty())
        m_folderEdit->setText(folder);
}

QUrl GetModelDialog::urlFor(const QString &repo, const QString &file) const
{
    if (m_baseUrl.isEmpty())
        return core::ModelDownloader::huggingFaceUrl(repo, file);
    QUrl url = m_baseUrl;
    QString path = url.path();
    while (path.endsWith(u'/'))
        path.chop(1);
    url.setPath(path + u'/' + repo + QLatin1String("/resolve/main/") + file);
    return url;
}

}  // namespace rbee::gui
