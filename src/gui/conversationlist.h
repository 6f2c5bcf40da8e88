// ConversationList: the conversations panel: a search field over titles and text, the list
// (a click opens, F2 renames, Delete deletes with an undo bar), and the context menu's export.
// It saves renames and deletions itself; what the chat shows stays MainWindow's.
#pragma once

#include "conversation.h"
#include "conversationexport.h"
#include "conversationstore.h"

#include <QTimer>
#include <QWidget>

class QAction;
class QLabel;
class QLineEdit;
class QListView;
class QModelIndex;

namespace rbee::gui {

class ConversationFilterProxy;
class ConversationListModel;

class ConversationList : public QWidget {
    Q_OBJECT
    // How long a deletion can be undone; the file is removed for good after it (or at quit).
    Q_PROPERTY(int undoPeriodMs READ undoPeriodMs WRITE setUndoPeriodMs)
public:
    explicit ConversationList(QWidget *parent = nullptr);
    ~ConversationList() override;  // ends a deletion waiting for its undo

    // Lists `saved` (read from `store`, newest first) and empties what a crash left in its trash.
    void reset(const ConversationStore &store, const QList<Conversation> &saved);
    // The conversation the chat shows: listed (saved or not yet), selected, and searchable as it grows.
    void setCurrent(const Conversation &conversation);

    int undoPeriodMs() const { return m_undoTimer.interval(); }
    void setUndoPeriodMs(int ms) { m_undoTimer.setInterval(ms); }
    // Edit › Undo: enabled while a deletion can be undone.
    QAction *undoAction() const { return m_undoAction; }

    void renameConversation(const QString &id);
    void deleteConversation(const QString &id);
    void undoDelete();
    void exportConversation(const QString &id, ConversationExport::Format format);

Q_SIGNALS:
    void opened(const rbee::gui::Conversation &conversation);
    void renamed(const QString &id, const QString &title);
    // Emitted before the file goes to the trash: the chat can stop and leave it first, so what it
    // still writes is part of what an undo brings back.
    void aboutToBeDeleted(const QString &id);

private:
    void open(const QModelIndex &proxyIndex);
    void showMenu(const QPoint &pos);
    void onTitleEdited(const QString &id, const QString &title);
    void finishDeletion();
    QString currentRowId() const;
    // The chat leaves the current one for `nextId`: a chat never saved leaves no row behind.
    void leaveCurrent(const QString &nextId);

    ConversationStore m_store;
    ConversationListModel *m_model;
    ConversationFilterProxy *m_proxy;
    QLineEdit *m_search;
    QListView *m_view;
    QWidget *m_undoBar;
    QLabel *m_undoLabel;
    QAction *m_renameAction;
    QAction *m_deleteAction;
    QAction *m_exportMarkdownAction;
    QAction *m_exportJsonAction;
    QAction *m_undoAction;
    QTimer m_undoTimer;
    QString m_currentId;
    Conversation m_deleted;  // waiting for its undo (empty id: none)
    bool m_deletedWasSaved = false;
};

}  // namespace rbee::gui
