// ErrorText: what the app says about a core::Error. Core's messages are English on purpose (the
// wire, logs and the command line carry them, and a remote queen writes them); the app classifies
// by the stable code instead and says that in the user's language, then adds core's message as
// the detail. In English the message says it all and is shown alone.
#pragma once

#include "core/error.h"

#include <QCoreApplication>
#include <QString>

namespace rbee::gui {

class ErrorText {
    Q_DECLARE_TR_FUNCTIONS(rbee::gui::ErrorText)
public:
    // One sentence for the code, translated ("No worker serves this model.").
    static QString headline(core::ErrorCode code);
    // For the chat and message boxes: the message alone in English, otherwise the headline with
    // the message as its detail.
    static QString forUser(const core::Error &error, const QString &language);
};

}  // namespace rbee::gui
