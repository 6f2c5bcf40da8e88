// ConversationSettingsDialog: one conversation's system prompt, temperature and longest answer.
#pragma once

#include "conversation.h"

#include <QDialog>

class QDoubleSpinBox;
class QPlainTextEdit;
class QSpinBox;

namespace rbee::gui {

class ConversationSettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConversationSettingsDialog(const Conversation &conversation, QWidget *parent = nullptr);
    // Writes the edited settings into `conversation`.
    void applyTo(Conversation &conversation) const;

private:
    QPlainTextEdit *m_system;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxTokens;
};

}  // namespace rbee::gui
