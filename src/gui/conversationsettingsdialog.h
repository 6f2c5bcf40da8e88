// ConversationSettingsDialog: one conversation's system prompt, temperature and longest answer
// (no longer than the workers that would serve it allow, when that is known).
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
    // `maxTokensLimit`: the most max_tokens the conversation's workers take (AnswerLengthLimit), 0 if unknown.
    explicit ConversationSettingsDialog(const Conversation &conversation, int maxTokensLimit = 0,
                                        QWidget *parent = nullptr);
    // Writes the edited settings into `conversation`.
    void applyTo(Conversation &conversation) const;

private:
    QPlainTextEdit *m_system;
    QDoubleSpinBox *m_temperature;
    QSpinBox *m_maxTokens;
};

}  // namespace rbee::gui
