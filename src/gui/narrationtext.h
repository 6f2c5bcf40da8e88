// NarrationText: the queen's narration of a job in the user's language. The queen's message is
// English (scripts and logs read it); its `kind`, `worker_id` and `rule` (docs/protocol.md) say the
// same in facts, which the app words itself. English, or a narration without a known kind, shows
// the message as it is.
#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

namespace rbee::gui {

class NarrationText {
    Q_DECLARE_TR_FUNCTIONS(rbee::gui::NarrationText)
public:
    static QString forUser(const QJsonObject &narration, const QString &language);
    // "first-available" -> "the first available worker", … (translated); the name itself otherwise.
    static QString ruleText(const QString &rule);
};

}  // namespace rbee::gui
