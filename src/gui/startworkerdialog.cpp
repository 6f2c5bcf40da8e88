// Layout of the start-a-local-worker dialog.
#include "startworkerdialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

namespace rbee::gui {

StartWorkerDialog::StartWorkerDialog(const QString &modelsFolder, QWidget *parent)
    : QDialog(parent)
    , m_path(new QLineEdit(this))
    , m_slots(new QSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_ctx(new QSpinBox(this))
{
    setWindowTitle(tr("Start a local worker"));
    auto *form = new QFormLayout(this);
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this, modelsFolder] {
        const QString start = QDir(modelsFolder).exists() ? modelsFolder : QDir::homePath();
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Choose a GGUF model"), start, tr("GGUF models (*.gguf)"));
        if (!file.isEmpty())
            m_path->setText(file);
    });
    auto *row = new QHBoxLayout;
    row->addWidget(m_path);
    row->addWidget(browse);
    form->addRow(tr("Model file:"), row);
    m_slots->setRange(1, 64);
    m_slots->setValue(4);
    form->addRow(tr("Slots:"), m_slots);
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores"));
    form->addRow(tr("Threads:"), m_threads);
    m_ctx->setRange(256, 131072);
    m_ctx->setSingleStep(1024);
    m_ctx->setValue(4096);
    form->addRow(tr("Context per slot:"), m_ctx);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

QString StartWorkerDialog::modelPath() const
{
    return m_path->text().trimmed();
}

int StartWorkerDialog::slotCount() const
{
    return m_slots->value();
}

int StartWorkerDialog::threads() const
{
    return m_threads->value();
}

int StartWorkerDialog::contextSize() const
{
    return m_ctx->value();
}

}  // namespace rbee::gui
