// See settingsdialog.h. Combo items carry the stored names as item data, so the visible (translated)
// text never reaches the settings file.
#include "settingsdialog.h"

#include "ui_settingsdialog.h"

#include <QDir>
#include <QFileDialog>
#include <QHostAddress>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSystemTrayIcon>

namespace rbee::gui {

namespace {
void selectData(QComboBox *combo, const QVariant &data)
{
    const int index = combo->findData(data);
    combo->setCurrentIndex(index >= 0 ? index : 0);
}
}  // namespace

SettingsDialog::SettingsDialog(const AppSettings &current, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::SettingsDialog>())
    , m_initial(current)
{
    m_ui->setupUi(this);
    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Listen without a token?"), question, QMessageBox::Yes | QMessageBox::No,
                                     QMessageBox::No)
               == QMessageBox::Yes;
    };
    fillCombos();
    showValues(current);
    fitPlaceholders();
    // Where no system tray exists, "keep running in the tray" would hide the window for good.
    if (!QSystemTrayIcon::isSystemTrayAvailable()) {
        m_ui->trayCheck->setChecked(false);
        m_ui->trayCheck->setEnabled(false);
        m_ui->trayCheck->setToolTip(tr("This desktop has no system tray, so closing the window quits rbee."));
    }

    connect(m_ui->showTokenCheck, &QCheckBox::toggled, this,
            [this](bool visible) { m_ui->tokenEdit->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password); });
    connect(m_ui->showQueenTokenCheck, &QCheckBox::toggled, this, [this](bool visible) {
        m_ui->queenTokenEdit->setEchoMode(visible ? QLineEdit::Normal : QLineEdit::Password);
    });
    connect(m_ui->hostRadio, &QRadioButton::toggled, this, &SettingsDialog::showMode);
    connect(m_ui->browseButton, &QPushButton::clicked, this, &SettingsDialog::browseModelsFolder);
    connect(m_ui->buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(m_ui->buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::fillCombos()
{
    m_ui->policyCombo->addItem(tr("First available worker"),
                               core::schedulingPolicyName(core::SchedulingPolicy::FirstAvailable));
    m_ui->policyCombo->addItem(tr("Least loaded worker"),
                               core::schedulingPolicyName(core::SchedulingPolicy::LeastLoaded));
    m_ui->policyCombo->addItem(tr("Worker that has the conversation cached"),
                               core::schedulingPolicyName(core::SchedulingPolicy::CacheAware));

    m_ui->themeCombo->addItem(tr("System"), AppSettings::themeName(AppSettings::Theme::System));
    m_ui->themeCombo->addItem(tr("Light"), AppSettings::themeName(AppSettings::Theme::Light));
    m_ui->themeCombo->addItem(tr("Dark"), AppSettings::themeName(AppSettings::Theme::Dark));

    // Language names in their own language, so a user who picked the wrong one can find theirs.
    m_ui->languageCombo->addItem(tr("System language"), QStringLiteral("system"));
    m_ui->languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_ui->languageCombo->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_ui->languageCombo->addItem(QStringLiteral("Français"), QStringLiteral("fr"));
}

void SettingsDialog::showValues(const AppSettings &s)
{
    m_ui->hostRadio->setChecked(s.queenMode == AppSettings::QueenMode::Host);
    m_ui->connectRadio->setChecked(s.queenMode == AppSettings::QueenMode::Connect);
    m_ui->queenUrlEdit->setText(s.queenUrl.toString());
    m_ui->queenTokenEdit->setText(s.queenToken);
    if (s.queenTokenInFile) {
        m_ui->tokenStorageNote->setText(
            tr("No system keyring was running when this token was saved: it is stored in plain text in %1.")
                .arg(QDir::toNativeSeparators(QSettings(QStringLiteral("rbee"), QStringLiteral("rbee")).fileName())));
        m_ui->tokenStorageNote->setStyleSheet(QStringLiteral("color: #b45309;"));
    } else {
        m_ui->tokenStorageNote->setText(tr("Kept in the system keyring. Where no keyring runs, rbee stores it in "
                                           "plain text in its settings file and says so here."));
    }
    m_ui->addressEdit->setText(s.listenHost);
    m_ui->portSpin->setValue(s.listenPort);
    m_ui->tokenEdit->setText(s.token);
    m_ui->heartbeatSpin->setValue(s.heartbeatTimeoutMs);
    selectData(m_ui->policyCombo, core::schedulingPolicyName(s.policy));
    m_ui->modelsFolderEdit->setText(s.modelsFolder);
    m_ui->trayCheck->setChecked(s.trayEnabled && m_ui->trayCheck->isEnabled());
    selectData(m_ui->themeCombo, AppSettings::themeName(s.theme));
    selectData(m_ui->languageCombo, s.language);
    showMode();
}

void SettingsDialog::fitPlaceholders()
{
    // A placeholder says what an empty field means; it must be read whole, in every language.
    for (QLineEdit *edit : {m_ui->tokenEdit, m_ui->queenTokenEdit}) {
        const QMargins margins = edit->textMargins() + edit->contentsMargins();
        edit->setMinimumWidth(edit->fontMetrics().horizontalAdvance(edit->placeholderText()) + margins.left()
                              + margins.right() + 2 * edit->fontMetrics().averageCharWidth() + 8);
    }
}

void SettingsDialog::changeEvent(QEvent *event)
{
    QDialog::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) {
        const AppSettings shown = settings();
        m_ui->retranslateUi(this);
        for (QComboBox *combo : {m_ui->policyCombo, m_ui->themeCombo, m_ui->languageCombo})
            combo->clear();
        fillCombos();
        showValues(shown);
        fitPlaceholders();
    }
}

void SettingsDialog::showMode()
{
    const bool host = m_ui->hostRadio->isChecked();
    m_ui->hostFields->setEnabled(host);
    m_ui->connectFields->setEnabled(!host);
}

AppSettings SettingsDialog::settings() const
{
    AppSettings s = m_initial;
    s.queenMode = m_ui->connectRadio->isChecked() ? AppSettings::QueenMode::Connect : AppSettings::QueenMode::Host;
    s.queenUrl = AppSettings::parseQueenUrl(m_ui->queenUrlEdit->text()).value_or(QUrl());
    s.queenToken = m_ui->queenTokenEdit->text();
    s.listenHost = m_ui->addressEdit->text().trimmed();
    s.listenPort = quint16(m_ui->portSpin->value());
    s.token = m_ui->tokenEdit->text();
    s.heartbeatTimeoutMs = m_ui->heartbeatSpin->value();
    s.policy = core::schedulingPolicyFromName(m_ui->policyCombo->currentData().toString())
                   .value_or(core::SchedulingPolicy::FirstAvailable);
    s.modelsFolder = m_ui->modelsFolderEdit->text().trimmed();
    // Kept as it was where the tray cannot be offered (the choice holds on a desktop with one).
    s.trayEnabled = m_ui->trayCheck->isEnabled() ? m_ui->trayCheck->isChecked() : m_initial.trayEnabled;
    s.theme =
        AppSettings::themeFromName(m_ui->themeCombo->currentData().toString()).value_or(AppSettings::Theme::System);
    s.language = m_ui->languageCombo->currentData().toString();
    return s;
}

QString SettingsDialog::validationProblem() const
{
    if (m_ui->modelsFolderEdit->text().trimmed().isEmpty())
        return tr("The models folder is empty. Choose a folder for downloaded models.");
    if (m_ui->connectRadio->isChecked()) {
        const QString url = m_ui->queenUrlEdit->text().trimmed();
        if (url.isEmpty())
            return tr("The queen's URL is empty. Enter one such as http://192.168.1.10:7833.");
        if (!AppSettings::parseQueenUrl(url))
            return tr("The queen's URL \"%1\" is not an http:// or https:// URL. Enter one such as "
                      "http://192.168.1.10:7833.")
                .arg(url);
        return {};
    }
    const QString address = m_ui->addressEdit->text().trimmed();
    if (address.isEmpty())
        return tr("The listen address is empty. Enter an IP address such as 127.0.0.1 (this computer only) or "
                  "0.0.0.0 (every network).");
    if (QHostAddress(address).isNull())
        return tr("The listen address \"%1\" is not an IP address. Enter one such as 127.0.0.1 (this computer "
                  "only) or 0.0.0.0 (every network).")
            .arg(address);
    return {};
}

void SettingsDialog::accept()
{
    const QString problem = validationProblem();
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Invalid settings"), problem);
        if (m_ui->modelsFolderEdit->text().trimmed().isEmpty()) {
            m_ui->tabs->setCurrentWidget(m_ui->generalPage);
            m_ui->modelsFolderEdit->setFocus();
        } else {
            m_ui->tabs->setCurrentWidget(m_ui->queenPage);
            (m_ui->connectRadio->isChecked() ? m_ui->queenUrlEdit : m_ui->addressEdit)->setFocus();
        }
        return;
    }
    const AppSettings s = settings();
    if (s.queenMode == AppSettings::QueenMode::Host && !s.isLoopback() && s.token.isEmpty()
        && !m_confirm(
            tr("Anyone on your network could use these workers. Listen on %1 without a token?").arg(s.listenHost))) {
        m_ui->tokenEdit->setFocus();
        return;
    }
    QDialog::accept();
}

void SettingsDialog::browseModelsFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Models folder"), m_ui->modelsFolderEdit->text());
    if (!folder.isEmpty())
        m_ui->modelsFolderEdit->setText(folder);
}

}  // namespace rbee::gui
