// SettingsDialog: edits an AppSettings (layout in ui/settingsdialog.ui). Queen page: host a queen here
// (address, port, token, policy, heartbeat timeout) or connect to one (URL, token); only the chosen
// mode's fields are enabled. Validates on OK and asks before the queen listens on the network without
// a token; applies nothing itself, the caller reads settings() after exec() and decides what to
// restart and where the token goes (TokenKeyring).
#pragma once

#include "appsettings.h"

#include <QDialog>

#include <functional>
#include <memory>

namespace Ui {
class SettingsDialog;
}

namespace rbee::gui {

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    using Confirm = std::function<bool(const QString &question)>;

    explicit SettingsDialog(const AppSettings &current, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    // The values in the form (valid once the dialog was accepted).
    AppSettings settings() const;
    // The problem that keeps OK from closing the dialog; empty when the form is valid.
    QString validationProblem() const;
    // Asks a yes/no question; by default a QMessageBox. Tests inject an answer.
    void setConfirm(Confirm confirm) { m_confirm = std::move(confirm); }

public Q_SLOTS:
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void fitPlaceholders();
    void fillCombos();
    void showMode();
    void showValues(const AppSettings &settings);
    void browseModelsFolder();

    std::unique_ptr<Ui::SettingsDialog> m_ui;
    AppSettings m_initial;  // keeps values the form does not edit
    Confirm m_confirm;
};

}  // namespace rbee::gui
