// ConversationExport: one conversation written as Markdown (to read or paste) or as JSON (the
// store's own file format, to keep or import); both described in docs/conversations.md.
#pragma once

#include "conversation.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

class QWidget;

namespace rbee::gui {

class ConversationExport {
    Q_DECLARE_TR_FUNCTIONS(ConversationExport)

public:
    enum class Format { Markdown, Json };

    static QString markdown(const Conversation &conversation);
    static QByteArray json(const Conversation &conversation);
    static QByteArray bytes(const Conversation &conversation, Format format);
    // Asks where to save it (a save dialog named "exportDialog"), writes it atomically; a failure
    // is shown in a message box. False when cancelled or failed.
    static bool saveAs(QWidget *parent, const Conversation &conversation, Format format);
    // A file name from the title: letters, digits and dashes only.
    static QString suggestedFileName(const Conversation &conversation, Format format);
};

}  // namespace rbee::gui
