// The copy and download forms of the Machines view; see modelpulldialog.h.
#include "modelpulldialog.h"

#include "core/protocol/hivereport.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QUrl>

namespace rbee::gui {

using namespace rbee::core;

ModelPullDialog::ModelPullDialog(QWidget *parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("modelPullDialog"));
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("pullProblem"));
    m_problem->setWordWrap(true);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

ModelPullDialog *ModelPullDialog::copy(const QString &model, const QString &fromHive, const QStringList &targets,
                                       QWidget *parent)
{
    auto *d = new ModelPullDialog(parent);
    d->m_model = model;
    d->m_fromHive = fromHive;
    d->setWindowTitle(tr("Copy %1").arg(model));
    d->m_targets = new QComboBox(d);
    d->m_targets->setObjectName(QStringLiteral("targetHiveCombo"));
    d->m_targets->addItems(targets);
    auto *form = new QFormLayout(d);
    form->addRow(new QLabel(tr("Copy the model %1 from %2 to:").arg(model, fromHive), d));
    form->addRow(tr("Machine:"), d->m_targets);
    form->addRow(d->m_problem);
    form->addRow(d->m_buttons);
    d->m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Copy"));
    d->validate();
    return d;
}

ModelPullDialog *ModelPullDialog::download(const QString &target, QWidget *parent)
{
    auto *d = new ModelPullDialog(parent);
    d->m_target = target;
    d->setWindowTitle(tr("Download a model to %1").arg(target));
    d->m_url = new QLineEdit(d);
    d->m_url->setObjectName(QStringLiteral("pullUrlEdit"));
    d->m_url->setPlaceholderText(QStringLiteral("https://…/model.gguf"));
    d->m_name = new QLineEdit(d);
    d->m_name->setObjectName(QStringLiteral("pullNameEdit"));
    auto *form = new QFormLayout(d);
    form->addRow(tr("URL:"), d->m_url);
    form->addRow(tr("Name:"), d->m_name);
    form->addRow(d->m_problem);
    form->addRow(d->m_buttons);
    d->m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Download"));
    // The name follows the URL's file name until the user edits it.
    connect(d->m_url, &QLineEdit::textEdited, d, [d](const QString &text) {
        if (!d->m_name->isModified()) {
            QString name = QFileInfo(QUrl(text.trimmed()).path()).fileName();
            if (name.endsWith(QLatin1String(".gguf"), Qt::CaseInsensitive))
                name.chop(5);
            d->m_name->setText(name);
        }
        d->validate();
    });
    connect(d->m_name, &QLineEdit::textEdited, d, &ModelPullDialog::validate);
    d->validate();
    return d;
}

void ModelPullDialog::validate()
{
    QString problem;
    if (m_targets) {
        if (m_targets->count() == 0)
            problem = tr("No other machine is online.");
    } else {
        const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
        if (m_url->text().trimmed().isEmpty())
            problem = tr("Enter the URL of a GGUF file.");
        else if (!url.isValid() || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
            problem = tr("The URL must start with http:// or https://.");
        else if (HiveModel::validateName(m_name->text().trimmed()))
            problem = tr("The name may use only A-Z a-z 0-9 . _ - (the file name without .gguf).");
    }
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

QString ModelPullDialog::targetHive() const
{
    return m_targets ? m_targets->currentText() : m_target;
}

ModelPullRequest ModelPullDialog::request() const
{
    ModelPullRequest r;
    if (m_targets) {
        r.model = m_model;
        r.fromHive = m_fromHive;
    } else {
        r.model = m_name->text().trimmed();
        r.url = m_url->text().trimmed();
    }
    return r;
}

}  // namespace rbee::gui
