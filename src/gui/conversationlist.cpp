// Deletion with undo: the file moves to the store's .trash/ at once (so a crash never brings it
// back), comes back on Undo, and is removed for good when the undo bar expires or at quit.
#include "conversationlist.h"

#include "conversationfilterproxy.h"
#include "conversationlistmodel.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QPushButton>
#include <QVBoxLayout>

#include <utility>

namespace rbee::gui {

ConversationList::ConversationList(QWidget *parent)
    : QWidget(parent)
    , m_model(new ConversationListModel(this))
    , m_proxy(new ConversationFilterProxy(this))
    , m_search(new QLineEdit(this))
    , m_view(new QListView(this))
    , m_undoBar(new QWidget(this))
    , m_undoLabel(new QLabel(m_undoBar))
    , m_renameAction(new QAction(tr("&Rename"), this))
    , m_deleteAction(new QAction(tr("&Delete"), this))
    , m_exportMarkdownAction(new QAction(tr("Export as &Markdown…"), this))
    , m_exportJsonAction(new QAction(tr("Export as &JSON…"), this))
    , m_undoAction(new QAction(tr("&Undo delete"), this))
{
    m_search->setObjectName(QStringLiteral("conversationSearch"));
    m_search->setPlaceholderText(tr("Search"));
    m_search->setToolTip(tr("Shows the conversations whose title or text holds every word typed"));
    m_search->setClearButtonEnabled(true);
    m_view->setObjectName(QStringLiteral("conversationView"));
    m_undoBar->setObjectName(QStringLiteral("undoBar"));
    m_undoLabel->setObjectName(QStringLiteral("undoLabel"));
    m_undoLabel->setWordWrap(true);
    m_renameAction->setObjectName(QStringLiteral("renameAction"));
    m_deleteAction->setObjectName(QStringLiteral("deleteAction"));
    m_exportMarkdownAction->setObjectName(QStringLiteral("exportMarkdownAction"));
    m_exportJsonAction->setObjectName(QStringLiteral("exportJsonAction"));
    m_undoAction->setObjectName(QStringLiteral("undoDeleteAction"));
    m_undoAction->setShortcut(QKeySequence::Undo);
    m_undoAction->setEnabled(false);

    m_proxy->setSourceModel(m_model);
    m_view->setModel(m_proxy);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setUniformItemSizes(true);
    // A long title is shortened, never scrolled sideways.
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_view->setTextElideMode(Qt::ElideRight);
    // Room for a title's first words and the undo bar beside its button.
    m_view->setMinimumWidth(fontMetrics().averageCharWidth() * 22);

    // Keys act on the list only (F2 and Delete also mean something in the prompt).
    m_renameAction->setShortcut(QKeySequence(Qt::Key_F2));
    m_deleteAction->setShortcut(QKeySequence::Delete);
    for (QAction *action : {m_renameAction, m_deleteAction}) {
        action->setShortcutContext(Qt::WidgetShortcut);
        m_view->addAction(action);
    }

    auto *undoButton = new QPushButton(tr("Undo"), m_undoBar);
    undoButton->setObjectName(QStringLiteral("undoButton"));
    auto *barLayout = new QHBoxLayout(m_undoBar);
    barLayout->setContentsMargins(0, 0, 0, 0);
    barLayout->addWidget(m_undoLabel, 1);
    barLayout->addWidget(undoButton);
    m_undoBar->hide();

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_undoBar);

    m_undoTimer.setSingleShot(true);
    m_undoTimer.setInterval(10000);
    connect(&m_undoTimer, &QTimer::timeout, this, &ConversationList::finishDeletion);
    connect(undoButton, &QPushButton::clicked, this, &ConversationList::undoDelete);
    connect(m_undoAction, &QAction::triggered, this, &ConversationList::undoDelete);
    connect(m_search, &QLineEdit::textChanged, m_proxy, &ConversationFilterProxy::setSearchText);
    // One click opens (activated alone needs a double click on most styles); Enter too.
    connect(m_view, &QAbstractItemView::clicked, this, &ConversationList::open);
    connect(m_view, &QAbstractItemView::activated, this, &ConversationList::open);
    connect(m_view, &QWidget::customContextMenuRequested, this, &ConversationList::showMenu);
    connect(m_model, &ConversationListModel::titleEdited, this, &ConversationList::onTitleEdited);
    connect(m_renameAction, &QAction::triggered, this, [this] { renameConversation(currentRowId()); });
    connect(m_deleteAction, &QAction::triggered, this, [this] { deleteConversation(currentRowId()); });
    connect(m_exportMarkdownAction, &QAction::triggered, this,
            [this] { exportConversation(currentRowId(), ConversationExport::Format::Markdown); });
    connect(m_exportJsonAction, &QAction::triggered, this,
            [this] { exportConversation(currentRowId(), ConversationExport::Format::Json); });
}

ConversationList::~ConversationList()
{
    finishDeletion();
}

void ConversationList::reset(const ConversationStore &store, const QList<Conversation> &saved)
{
    finishDeletion();
    m_store = store;
    m_store.emptyTrash();
    m_model->setConversations(saved);
}

void ConversationList::setCurrent(const Conversation &conversation)
{
    leaveCurrent(conversation.id);
    m_currentId = conversation.id;
    if (conversation.id == m_deleted.id)
        finishDeletion();  // the chat wrote it again: nothing left to undo
    m_model->upsert(conversation);
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(m_model->rowOf(conversation.id)));
    if (index.isValid())
        m_view->setCurrentIndex(index);
    else
        m_view->clearSelection();
}

QString ConversationList::currentRowId() const
{
    return m_view->currentIndex().data(ConversationListModel::IdRole).toString();
}

void ConversationList::open(const QModelIndex &proxyIndex)
{
    const QString id = proxyIndex.data(ConversationListModel::IdRole).toString();
    if (id.isEmpty() || id == m_currentId)
        return;  // the chat shows it already: a click must not stop an answer being written
    // The file is the truth for saved ones; the row for the one not yet saved.
    const std::optional<Conversation> saved = m_store.load(id);
    const Conversation conversation = saved ? *saved : m_model->at(m_model->rowOf(id));
    leaveCurrent(id);
    m_currentId = id;
    Q_EMIT opened(conversation);
}

void ConversationList::leaveCurrent(const QString &nextId)
{
    if (!m_currentId.isEmpty() && m_currentId != nextId && !m_store.contains(m_currentId))
        m_model->take(m_currentId);
}

void ConversationList::showMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    QMenu menu(this);
    menu.addAction(m_renameAction);
    menu.addAction(m_deleteAction);
    menu.addSeparator();
    menu.addAction(m_exportMarkdownAction);
    menu.addAction(m_exportJsonAction);
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

void ConversationList::renameConversation(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row));
    if (!index.isValid())
        return;
    m_view->setCurrentIndex(index);
    m_view->edit(index);
}

void ConversationList::onTitleEdited(const QString &id, const QString &title)
{
    // Saved ones are renamed on disk; a chat not saved yet keeps the title in MainWindow.
    if (std::optional<Conversation> saved = m_store.load(id)) {
        saved->title = title;
        m_store.save(*saved);
    }
    Q_EMIT renamed(id, title);
}

void ConversationList::deleteConversation(const QString &id)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    finishDeletion();  // one undo at a time: an older deletion becomes final
    Q_EMIT aboutToBeDeleted(id);
    if (m_model->rowOf(id) < 0)
        return;  // a chat never saved, left by the chat: gone already
    m_deletedWasSaved = m_store.moveToTrash(id);
    m_deleted = m_model->take(id);
    const QString title = m_deleted.title.isEmpty() ? tr("New chat") : m_deleted.title;
    m_undoLabel->setText(tr("Deleted “%1”.").arg(title));
    m_undoBar->show();
    m_undoAction->setEnabled(true);
    m_undoTimer.start();
    if (id == m_currentId)
        m_currentId.clear();
}

void ConversationList::undoDelete()
{
    if (m_deleted.id.isEmpty())
        return;
    m_undoTimer.stop();
    const Conversation back = std::exchange(m_deleted, Conversation{});
    // Back from the trash; should that fail, the copy in memory is written again.
    if (m_deletedWasSaved && !m_store.restoreFromTrash(back.id))
        m_store.save(back);
    m_model->upsert(back);
    m_undoBar->hide();
    m_undoAction->setEnabled(false);
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(m_model->rowOf(back.id)));
    if (index.isValid())
        m_view->scrollTo(index);
}

void ConversationList::finishDeletion()
{
    m_undoTimer.stop();
    if (m_deleted.id.isEmpty())
        return;
    if (m_deletedWasSaved)
        m_store.removeFromTrash(m_deleted.id);
    m_deleted = Conversation{};
    m_undoBar->hide();
    m_undoAction->setEnabled(false);
}

void ConversationList::exportConversation(const QString &id, ConversationExport::Format format)
{
    const int row = m_model->rowOf(id);
    if (row < 0)
        return;
    const std::optional<Conversation> saved = m_store.load(id);
    ConversationExport::saveAs(this, saved ? *saved : m_model->at(row), format);
}

}  // namespace rbee::gui
