// Layout of the conversation settings dialog.
#include "conversationsettingsdialog.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QPlainTextEdit>
#include <QSpinBox>

namespace rbee::gui {

namespace {
constexpr int kUnknownLimit = 32768;  // no worker known: the largest context a common model has
}  // namespace

ConversationSettingsDialog::ConversationSettingsDialog(const Conversation &conversation, int maxTokensLimit,
                                                       QWidget *parent)
    : QDialog(parent)
    , m_system(new QPlainTextEdit(conversation.systemPrompt, this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_maxTokens(new QSpinBox(this))
{
    setWindowTitle(tr("Conversation settings"));
    auto *form = new QFormLayout(this);
    m_system->setPlaceholderText(tr("Optional instructions for the model, sent before the conversation"));
    form->addRow(tr("System prompt:"), m_system);
    m_temperature->setRange(0.0, 2.0);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(conversation.temperature);
    m_temperature->setToolTip(tr("0 always picks the most likely token"));
    form->addRow(tr("Temperature:"), m_temperature);
    m_maxTokens->setObjectName(QStringLiteral("maxTokensSpin"));
    m_maxTokens->setRange(1, maxTokensLimit > 0 ? maxTokensLimit : kUnknownLimit);
    m_maxTokens->setValue(conversation.maxTokens);  // clamped to the limit
    if (maxTokensLimit > 0)
        m_maxTokens->setToolTip(
            tr("The worker takes at most %L1 tokens (its context size per slot)").arg(maxTokensLimit));
    form->addRow(tr("Longest answer (tokens):"), m_maxTokens);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

void ConversationSettingsDialog::applyTo(Conversation &conversation) const
{
    conversation.systemPrompt = m_system->toPlainText().trimmed();
    conversation.temperature = m_temperature->value();
    conversation.maxTokens = m_maxTokens->value();
}

}  // namespace rbee::gui
