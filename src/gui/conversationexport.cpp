// Markdown export keeps every turn's text as it is (answers are Markdown already); the footer of
// an answer is one emphasised line, an error a quoted line. The JSON export is the stored file.
#include "conversationexport.h"

#include "conversationstore.h"

#include <QDir>
#include <QFileDialog>
#include <QLocale>
#include <QMessageBox>
#include <QRegularExpression>
#include <QSaveFile>

namespace rbee::gui {

namespace {

QString footer(const ChatTurn &turn)
{
    QStringList parts;
    if (!turn.workerId.isEmpty())
        parts << (turn.device.isEmpty() ? turn.workerId : turn.workerId + QStringLiteral(" (") + turn.device + u')');
    if (turn.tokens > 0)
        parts << QStringLiteral("%1 tokens").arg(turn.tokens);
    if (turn.ttftMs > 0)
        parts << QStringLiteral("TTFT %1 ms").arg(qRound(turn.ttftMs));
    if (turn.tokensPerS > 0)
        parts << QStringLiteral("%1 tok/s").arg(turn.tokensPerS, 0, 'f', 1);
    if (!turn.stopReason.isEmpty())
        parts << QStringLiteral("stop: ") + turn.stopReason;
    return parts.join(QStringLiteral(" · "));
}

}  // namespace

QString ConversationExport::markdown(const Conversation &conversation)
{
    QString out = QStringLiteral("# ")
                  + (conversation.title.isEmpty() ? QStringLiteral("Conversation") : conversation.title.simplified())
                  + QStringLiteral("\n\n");
    if (!conversation.model.isEmpty())
        out += QStringLiteral("- Model: ") + conversation.model + u'\n';
    if (conversation.updated.isValid())
        out += QStringLiteral("- Updated: ") + conversation.updated.toUTC().toString(Qt::ISODate) + u'\n';
    out += QStringLiteral("- Temperature: %1\n- Longest answer: %2 tokens\n")
               .arg(conversation.temperature)
               .arg(conversation.maxTokens);
    if (!conversation.systemPrompt.isEmpty())
        out += QStringLiteral("\n## System prompt\n\n") + conversation.systemPrompt + u'\n';
    for (const ChatTurn &turn : conversation.turns) {
        const bool user = turn.role == QLatin1String("user");
        out += user ? QStringLiteral("\n## User\n\n") : QStringLiteral("\n## Assistant\n\n");
        if (!turn.content.isEmpty())
            out += turn.content + u'\n';
        if (user)
            continue;
        if (!turn.error.isEmpty())
            out += (turn.content.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("> Error: ")
                   + turn.error.simplified() + u'\n';
        const QString info = footer(turn);
        if (!info.isEmpty())
            out += QStringLiteral("\n*") + info + QStringLiteral("*\n");
    }
    return out;
}

QByteArray ConversationExport::json(const Conversation &conversation)
{
    return ConversationStore::serialize(conversation);
}

QByteArray ConversationExport::bytes(const Conversation &conversation, Format format)
{
    return format == Format::Markdown ? markdown(conversation).toUtf8() : json(conversation);
}

QString ConversationExport::suggestedFileName(const Conversation &conversation, Format format)
{
    static const QRegularExpression unsafe(QStringLiteral("[^\\w]+"), QRegularExpression::UseUnicodePropertiesOption);
    QString base = conversation.title.simplified().replace(unsafe, QStringLiteral("-")).left(60);
    while (base.startsWith(u'-'))
        base.remove(0, 1);
    while (base.endsWith(u'-'))
        base.chop(1);
    if (base.isEmpty())
        base = QStringLiteral("conversation");
    return base + (format == Format::Markdown ? QStringLiteral(".md") : QStringLiteral(".json"));
}

bool ConversationExport::saveAs(QWidget *parent, const Conversation &conversation, Format format)
{
    const bool md = format == Format::Markdown;
    QFileDialog dialog(parent, md ? tr("Export as Markdown") : tr("Export as JSON"),
                       QDir::home().filePath(suggestedFileName(conversation, format)),
                       md ? tr("Markdown (*.md)") : tr("JSON (*.json)"));
    dialog.setObjectName(QStringLiteral("exportDialog"));
    dialog.setAcceptMode(QFileDialog::AcceptSave);
    dialog.setDefaultSuffix(md ? QStringLiteral("md") : QStringLiteral("json"));
    if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty())
        return false;
    const QString path = dialog.selectedFiles().constFirst();
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly)) {
        file.write(bytes(conversation, format));
        if (file.commit())
            return true;
    }
    QMessageBox::warning(parent, tr("Export"), tr("Could not write %1: %2").arg(path, file.errorString()));
    return false;
}

}  // namespace rbee::gui
