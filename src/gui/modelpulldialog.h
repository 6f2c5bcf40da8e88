// ModelPullDialog: "Copy model to…" (a model of one hive, to another hive chosen here) and
// "Download model to…" (a URL and the name it gets, into the chosen hive) in the Machines view.
// Builds the target hive and request for POST /v1/hives/{name}/models; sends nothing itself.
#pragma once

#include "core/protocol/modelpullrequest.h"

#include <QDialog>
#include <QStringList>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace rbee::gui {

class ModelPullDialog : public QDialog {
    Q_OBJECT
public:
    // Copy `model` from hive `fromHive` to one of `targets`.
    static ModelPullDialog *copy(const QString &model, const QString &fromHive, const QStringList &targets,
                                 QWidget *parent = nullptr);
    // Download a URL into hive `target`.
    static ModelPullDialog *download(const QString &target, QWidget *parent = nullptr);

    QString targetHive() const;
    core::ModelPullRequest request() const;

private:
    explicit ModelPullDialog(QWidget *parent);
    void validate();

    QString m_fromHive;  // empty: a download
    QString m_model;
    QString m_target;
    QComboBox *m_targets = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_name = nullptr;
    QLabel *m_problem = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

}  // namespace rbee::gui
