// Wiring of the main window; see mainwindow.h.
#include "mainwindow.h"

#include "answerlengthlimit.h"
#include "chatsession.h"
#include "chatview.h"
#include "conversationexport.h"
#include "conversationlist.h"
#include "conversationsettingsdialog.h"
#include "devicetext.h"
#include "errortext.h"
#include "firstrunoffer.h"
#include "getmodeldialog.h"
#include "languageswitcher.h"
#include "machinesview.h"
#include "modelloadsettings.h"
#include "modelpicker.h"
#include "modelsview.h"
#include "settingsdialog.h"
#include "startworkerdialog.h"
#include "statustagdelegate.h"
#include "theme.h"
#include "tokenkeyring.h"
#include "traymenu.h"
#include "workerexitbar.h"
#include "workerfilterproxy.h"
#include "workerlogdialog.h"
#include "workertablecolumns.h"
#include "workertablemodel.h"

#include "core/client/localworker.h"
#include "core/queen/inprocessqueenconnection.h"
#include "core/queen/queenserver.h"
#include "core/registry/workerregistry.h"

#include "ui_mainwindow.h"

#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QCoreApplication>
#include <QDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMenu>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QShortcut>
#include <QSystemTrayIcon>

namespace rbee::gui {

using namespace rbee::core;

MainWindow::MainWindow(QueenServer *queen, const QString &conversationsFolder, QWidget *parent)
    : MainWindow(new InProcessQueenConnection(queen), conversationsFolder, parent)
{
    m_queen->setParent(this);
}

MainWindow::MainWindow(QueenConnection *queen, const QString &conversationsFolder, QWidget *parent)
    : QMainWindow(parent)
    , m_ui(std::make_unique<Ui::MainWindow>())
    , m_nam(new QNetworkAccessManager(this))
    , m_queen(queen)
    , m_model(new WorkerTableModel(queen->registry(), this))
    , m_proxy(new WorkerFilterProxy(this))
    , m_session(new ChatSession(queen, this))
    , m_store(conversationsFolder)
    , m_keyring(new TokenKeyring(this))
    , m_exitBar(new WorkerExitBar(this))
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/rbee.svg")));
    m_workerBinary = QCoreApplication::applicationDirPath() + QStringLiteral("/rbee-worker");
    // The conversation list keeps its width; the chat and the side pane share the rest, the side
    // pane wide enough for the worker table's columns (WindowLayoutStore restores the user's own).
    m_ui->splitter->setStretchFactor(0, 0);
    m_ui->splitter->setStretchFactor(1, 1);
    m_ui->splitter->setStretchFactor(2, 1);
    m_ui->splitter->setSizes({160, 460, 580});
    m_ui->chatLayout->insertWidget(0, m_exitBar);
    connect(m_exitBar, &WorkerExitBar::restarted, this,
            [this] { statusBar()->showMessage(tr("Starting the worker again…"), 3000); });
    setupWorkerTable();
    m_ui->machinesLayout->setContentsMargins(0, 0, 0, 0);
    m_ui->machinesLayout->addWidget(new MachinesView(m_queen, m_ui->machinesTab));
    m_ui->modelsLayout->setContentsMargins(0, 0, 0, 0);
    m_modelsView = new ModelsView(m_queen, m_ui->modelsTab);
    m_modelsView->setWorkerBinary(m_workerBinary);
    m_ui->modelsLayout->addWidget(m_modelsView);
    connect(m_modelsView, &ModelsView::loadRequested, this, &MainWindow::startLocalWorker);
    connect(m_modelsView, &ModelsView::stopLocalWorkerRequested, this, [this](const QString &url) {
        if (QPointer<LocalWorker> worker = m_localWorkers.value(url))
            worker->stop();
    });
    connect(m_modelsView, &ModelsView::addedFoldersChanged, this, [this](const QStringList &folders) {
        m_settings.addedModelFolders = folders;
        m_settings.save();
    });
    m_picker = new ModelPicker(m_ui->modelCombo);
    connect(m_picker, &ModelPicker::changed, this, &MainWindow::refreshWorkersForModel);
    setupChat();

    connect(m_ui->actionQuit, &QAction::triggered, this, &MainWindow::quit);
    connect(m_ui->actionStartWorker, &QAction::triggered, this, &MainWindow::chooseLocalWorker);
    connect(m_ui->actionConversationSettings, &QAction::triggered, this, &MainWindow::editConversationSettings);
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::editSettings);
    connect(m_ui->actionGetModel, &QAction::triggered, this, &MainWindow::getModel);
    connect(m_ui->actionCopyAnswer, &QAction::triggered, this,
            [this] { QApplication::clipboard()->setText(m_ui->chatView->lastAnswer()); });

    // Registry changes come in bursts (a thousand workers report every few seconds): the pickers
    // and the status bar are refreshed at most every 100 ms, not once per change.
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(100);
    m_redrawTimer.setSingleShot(true);
    m_redrawTimer.setInterval(0);
    connect(&m_redrawTimer, &QTimer::timeout, this, &MainWindow::redrawChat);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        refreshModels();
        refreshStatus();
        // Rows of workers this app started get Stop and Show log.
        QSet<QString> local;
        for (const WorkerRecord &w : m_queen->registry()->workers()) {
            if (m_localWorkers.contains(w.last.url))
                local.insert(w.id());
        }
        if (local != m_model->localWorkerIds())
            m_model->setLocalWorkerIds(local);
        const QList<QString> urls = m_localWorkers.keys();
        m_modelsView->setLocalWorkerUrls(QSet<QString>(urls.begin(), urls.end()));
    });
    WorkerRegistry *registry = m_queen->registry();
    connect(registry, &WorkerRegistry::workerChanged, this, &MainWindow::onWorkerStatusChanged);
    for (auto signal : {&WorkerRegistry::workerAdded, &WorkerRegistry::workerChanged, &WorkerRegistry::workerRemoved}) {
        connect(registry, signal, this, [this] {
            if (!m_refreshTimer.isActive())
                m_refreshTimer.start();
        });
    }
    connect(m_queen, &QueenConnection::linkChanged, this, &MainWindow::refreshStatus);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    m_statusTimer.start(1000);

    const QList<Conversation> saved = m_store.loadAll();
    m_ui->conversationList->reset(m_store, saved);
    if (saved.isEmpty())
        newConversation();
    else
        showConversation(saved.first());
    refreshConversationList();
    refreshModels();
    refreshStatus();
    m_ui->promptEdit->setFocus();
}

MainWindow::~MainWindow()
{
    for (const auto &worker : std::as_const(m_localWorkers)) {
        if (worker)
            worker->stop();
    }
}

ChatView *MainWindow::chatView() const
{
    return m_ui->chatView;
}

QPlainTextEdit *MainWindow::promptEdit() const
{
    return m_ui->promptEdit;
}

QPushButton *MainWindow::sendButton() const
{
    return m_ui->sendButton;
}

QTableView *MainWindow::workerTable() const
{
    return m_ui->workerTable;
}

bool MainWindow::isAnswering() const
{
    return m_session->isRunning();
}

void MainWindow::setupWorkerTable()
{
    m_proxy->setSourceModel(m_model);
    QTableView *table = m_ui->workerTable;
    table->setModel(m_proxy);
    table->setItemDelegateForColumn(WorkerTableModel::Status, new StatusTagDelegate(table));
    WorkerTableColumns::install(table);
    table->verticalHeader()->hide();
    table->sortByColumn(-1, Qt::AscendingOrder);
    connect(m_ui->workerFilter, &QLineEdit::textChanged, m_proxy, &WorkerFilterProxy::setFilterText);
    connect(table, &QWidget::customContextMenuRequested, this, &MainWindow::showWorkerMenu);
}

void MainWindow::setupChat()
{
    m_ui->promptEdit->installEventFilter(this);
    connect(m_ui->sendButton, &QPushButton::clicked, this, &MainWindow::onSendClicked);
    connect(m_ui->newChatButton, &QPushButton::clicked, this, &MainWindow::newConversation);
    connect(m_ui->actionNewChat, &QAction::triggered, this, &MainWindow::newConversation);
    auto *esc = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(esc, &QShortcut::activated, this, &MainWindow::stopAnswer);
    connect(m_ui->modelCombo, &QComboBox::currentTextChanged, this, &MainWindow::refreshWorkersForModel);
    ConversationList *list = m_ui->conversationList;
    connect(list, &ConversationList::opened, this, &MainWindow::showConversation);
    connect(list, &ConversationList::renamed, this, [this](const QString &id, const QString &title) {
        if (id == m_conversation.id)
            m_conversation.title = title;
    });
    connect(list, &ConversationList::aboutToBeDeleted, this, [this](const QString &id) {
        if (id == m_conversation.id)
            newConversation();
    });
    m_ui->menuEdit->addAction(list->undoAction());
    connect(m_ui->actionExportMarkdown, &QAction::triggered, this,
            [this] { ConversationExport::saveAs(this, m_conversation, ConversationExport::Format::Markdown); });
    connect(m_ui->actionExportJson, &QAction::triggered, this,
            [this] { ConversationExport::saveAs(this, m_conversation, ConversationExport::Format::Json); });
    connect(m_ui->chatView, &ChatView::retryRequested, this, &MainWindow::retry);
    connect(m_session, &ChatSession::narrated, m_ui->narrationLabel, &QLabel::setText);
    connect(m_session, &ChatSession::started, this, &MainWindow::onStarted);
    connect(m_session, &ChatSession::textAppended, this, [this](const QString &text) {
        m_answer.content += text;
        m_ui->chatView->appendAnswerText(text);
    });
    connect(m_session, &ChatSession::finished, this, &MainWindow::onFinished);
    // Core's messages are English (the wire's); the user reads the error's kind in their language.
    connect(m_session, &ChatSession::failed, this, [this](Error error) {
        error.message = ErrorText::forUser(error, LanguageSwitcher::instance()->language());
        onFailed(error);
    });
}

bool MainWindow::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_ui->promptEdit && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) && !(key->modifiers() & Qt::ShiftModifier)) {
            onSendClicked();
            return true;
        }
    }
    return QMainWindow::eventFilter(watched, event);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // With a tray icon the window only hides (the tray brings it back or quits); without one,
    // closing quits: a hidden window with no tray could never be shown again.
    if (m_tray && m_tray->isVisible() && !m_quitting) {
        hide();
        event->ignore();
        return;
    }
    stopAnswer();
    for (const auto &worker : std::as_const(m_localWorkers)) {
        if (worker)
            worker->stop();
    }
    event->accept();
}

void MainWindow::refreshModels()
{
    QStringList models;
    for (const WorkerRecord &w : m_queen->registry()->workers()) {
        if (w.online && !models.contains(w.last.model))
            models << w.last.model;
    }
    m_picker->setServedModels(models);
    refreshWorkersForModel();
}

void MainWindow::refreshWorkersForModel()
{
    QComboBox *combo = m_ui->workerCombo;
    const QString current = combo->currentData().toString();
    QStringList ids{QString()};
    for (const WorkerRecord &w : m_queen->registry()->workers()) {
        if (w.online && w.last.model == m_picker->currentModel())
            ids << w.id();
    }
    QStringList shown;
    for (int i = 0; i < combo->count(); ++i)
        shown << combo->itemData(i).toString();
    if (shown == ids)
        return;
    const QSignalBlocker block(combo);
    combo->clear();
    combo->addItem(tr("Automatic (the queen chooses)"), QString());
    for (qsizetype i = 1; i < ids.size(); ++i)
        combo->addItem(ids.at(i), ids.at(i));
    combo->setCurrentIndex(qMax(0, combo->findData(current)));
}

QString MainWindow::statusSummary() const
{
    const WorkerRegistry *registry = m_queen->registry();
    const int jobs = m_queen->runningJobs();
    QString link;
    switch (m_queen->link()) {
    case QueenConnection::Link::Hosting: link = tr("Listening on %1").arg(m_queen->address()); break;
    case QueenConnection::Link::Connected: link = tr("Connected to %1").arg(m_queen->address()); break;
    case QueenConnection::Link::Reconnecting: link = tr("Reconnecting to %1…").arg(m_queen->address()); break;
    }
    return link + QStringLiteral(" · ")
           + tr("%1 of %2 workers online").arg(registry->onlineCount()).arg(registry->workers().size())
           + QStringLiteral(" · ") + (jobs == 1 ? tr("1 job running") : tr("%1 jobs running").arg(jobs));
}

void MainWindow::refreshStatus()
{
    statusBar()->showMessage(statusSummary());
    // Why the link to a remote queen is down ("Connection refused", "401 unauthorized: …").
    const QString why = m_queen->lastError();
    statusBar()->setToolTip(m_queen->link() == QueenConnection::Link::Reconnecting && !why.isEmpty()
                                ? tr("The queen at %1 cannot be reached: %2").arg(m_queen->address(), why)
                                : QString());
}

void MainWindow::refreshConversationList()
{
    m_ui->conversationList->setCurrent(m_conversation);
}

void MainWindow::newConversation()
{
    stopAnswer();
    Conversation c = Conversation::create();
    if (m_picker->isCurrentAvailable())
        c.model = m_picker->currentModel();
    showConversation(c);
    refreshConversationList();
}

void MainWindow::showConversation(const Conversation &conversation)
{
    stopAnswer();
    m_conversation = conversation;
    m_ui->chatView->showConversation(conversation);
    m_ui->narrationLabel->clear();
    // The model it was saved with, or "(not available)": never silently another one.
    m_picker->setWantedModel(conversation.model);
}

void MainWindow::saveConversation()
{
    m_conversation.updated = QDateTime::currentDateTimeUtc();
    QString error;
    if (!m_store.save(m_conversation, &error))
        statusBar()->showMessage(tr("Could not save the conversation: %1").arg(error), 5000);
    refreshConversationList();  // its entry moves up and its new text becomes searchable
}

void MainWindow::onSendClicked()
{
    if (m_session->isRunning()) {
        stopAnswer();
        return;
    }
    const QString text = m_ui->promptEdit->toPlainText().trimmed();
    if (text.isEmpty())
        return;
    m_ui->promptEdit->clear();
    sendPrompt(text);
}

void MainWindow::sendPrompt(const QString &text)
{
    m_conversation.model = m_picker->currentModel();
    if (m_conversation.title.isEmpty())
        m_conversation.title = text.left(40);
    m_conversation.turns.append(ChatTurn{QStringLiteral("user"), text, {}, {}, 0, 0, 0, 0, {}, {}});
    m_ui->chatView->appendUserTurn(text);
    saveConversation();
    refreshConversationList();
    m_answer = ChatTurn{QStringLiteral("assistant"), {}, {}, {}, 0, 0, 0, 0, {}, {}};
    m_ui->sendButton->setText(tr("Stop"));
    if (m_conversation.model.isEmpty()) {
        const QString queenUrl = m_queen->workerQueenUrl().toString();
        onFailed(Error{ErrorCode::NoWorker,
                       m_queen->isHosted()
                           ? tr("No model is being served: start a worker (File › Start a local worker…) "
                                "or point one at this app with --queen %1.")
                                 .arg(queenUrl)
                           : tr("The queen at %1 serves no model: start a worker (File › Start a local worker…) "
                                "or point one at it with --queen %1.")
                                 .arg(queenUrl)});
        return;
    }
    const QString workerId = m_ui->workerCombo->currentData().toString();
    const int limit = AnswerLengthLimit::forJob(*m_queen->registry(), m_conversation.model, workerId);
    if (limit > 0 && m_conversation.maxTokens > limit) {
        m_conversation.maxTokens = limit;
        m_ui->chatView->showNote(tr("The longest answer is now %L1 tokens: the worker takes no more.").arg(limit));
        saveConversation();
    }
    m_session->send(m_conversation, workerId);
}

void MainWindow::onStarted(const QString &workerId)
{
    m_answer.workerId = workerId;
    if (const WorkerRecord *w = m_queen->registry()->find(workerId))
        m_answer.device = DeviceText::shortText(w->last.device);
    m_ui->chatView->beginAnswer(tr("on %1").arg(workerId));
    refreshStatus();
}

void MainWindow::onFinished(const EndEvent &end)
{
    m_answer.tokens = end.tokens;
    m_answer.cachedTokens = end.cachedTokens;
    m_answer.ttftMs = end.ttftMs;
    m_answer.tokensPerS = end.tokensPerS;
    m_answer.stopReason = stopReasonName(end.stopReason);
    m_ui->chatView->finishAnswer(m_answer);
    finishTurn();
}

void MainWindow::onFailed(const Error &error)
{
    m_answer.error = error.message;
    m_ui->chatView->showError(error.message);
    finishTurn();
}

void MainWindow::finishTurn()
{
    m_conversation.turns.append(m_answer);
    saveConversation();
    m_ui->sendButton->setText(tr("Send"));
    refreshStatus();
    if (m_chatNeedsRedraw)
        redrawChat();
}

void MainWindow::stopAnswer()
{
    if (m_session->isRunning())
        m_session->stop();
}

void MainWindow::retry()
{
    if (m_session->isRunning() || m_conversation.turns.isEmpty())
        return;
    // Drop the failed answer and the question it answered, then ask again.
    if (m_conversation.turns.last().role == QLatin1String("assistant"))
        m_conversation.turns.removeLast();
    if (m_conversation.turns.isEmpty() || m_conversation.turns.last().role != QLatin1String("user"))
        return;
    const QString text = m_conversation.turns.takeLast().content;
    m_ui->chatView->showConversation(m_conversation);
    sendPrompt(text);
}

void MainWindow::showWorkerMenu(const QPoint &pos)
{
    const QModelIndex index = m_ui->workerTable->indexAt(pos);
    if (!index.isValid())
        return;
    const QString id = index.data(WorkerTableModel::WorkerIdRole).toString();
    const QString url = index.data(WorkerTableModel::UrlRole).toString();
    QMenu menu(this);
    menu.addAction(tr("Use for chat"), this, [this, id] {
        if (const WorkerRecord *w = m_queen->registry()->find(id)) {
            m_picker->choose(w->last.model);
            refreshWorkersForModel();
            m_ui->workerCombo->setCurrentIndex(qMax(0, m_ui->workerCombo->findData(id)));
        }
    });
    menu.addAction(tr("Copy URL"), this, [url] { QApplication::clipboard()->setText(url); });
    menu.addAction(tr("Forget"), this, [this, id] { m_queen->forgetWorker(id); });
    if (QPointer<LocalWorker> local = m_localWorkers.value(url)) {
        menu.addSeparator();
        menu.addAction(tr("Stop"), this, [local] {
            if (local)
                local->stop();
        });
        menu.addAction(tr("Show log"), this, [this, local] {
            if (local)
                (new WorkerLogDialog(local, this))->show();
        });
    }
    menu.exec(m_ui->workerTable->viewport()->mapToGlobal(pos));
}

void MainWindow::applySettings(const AppSettings &settings)
{
    m_settings = settings;
    m_modelsView->setFolders(settings.modelsFolder, settings.addedModelFolders);
    if (m_queen->isHosted()) {  // a remote queen keeps its own
        m_queen->setHeartbeatTimeoutMs(settings.heartbeatTimeoutMs);
        m_queen->setPolicy(settings.policy);
    }
    applyTheme(settings.theme);
    // Tray icon (off by default): minimising hides the window there; notifications about workers.
    if (settings.trayEnabled && QSystemTrayIcon::isSystemTrayAvailable() && !m_tray) {
        m_tray = new QSystemTrayIcon(windowIcon(), this);
        m_tray->setToolTip(QStringLiteral("rbee"));
        auto *menu = new TrayMenu(this);
        connect(menu, &TrayMenu::showRequested, this, [this] {
            showNormal();
            activateWindow();
        });
        connect(menu, &TrayMenu::quitRequested, this, &MainWindow::quit);
        m_tray->setContextMenu(menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this] {
            showNormal();
            activateWindow();
        });
        m_tray->show();
    } else if (!settings.trayEnabled && m_tray) {
        m_tray->hide();
        m_tray->deleteLater();
        m_tray = nullptr;
    }
}

void MainWindow::quit()
{
    m_quitting = true;
    // A window hidden in the tray is not the "last visible window" whose closing quits: say so.
    if (close())
        QCoreApplication::quit();
    m_quitting = false;
}

void MainWindow::changeEvent(QEvent *event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::PaletteChange)
        m_redrawTimer.start();
    if (event->type() == QEvent::WindowStateChange && m_tray && isMinimized())
        QTimer::singleShot(0, this, &QWidget::hide);
}

void MainWindow::retranslate()
{
    m_ui->retranslateUi(this);
    // Texts the form does not own: they are set from code and follow the state.
    m_ui->sendButton->setText(m_session->isRunning() ? tr("Stop") : tr("Send"));
    if (m_ui->workerCombo->count() > 0)
        m_ui->workerCombo->setItemText(0, tr("Automatic (the queen chooses)"));
    refreshConversationList();
    refreshStatus();
}

void MainWindow::redrawChat()
{
    m_chatNeedsRedraw = isAnswering();
    if (!m_chatNeedsRedraw)
        m_ui->chatView->showConversation(m_conversation);
}

void MainWindow::onWorkerStatusChanged(const QString &workerId)
{
    const WorkerRecord *w = m_queen->registry()->find(workerId);
    if (!w)
        return;
    const bool was = m_wasOnline.value(workerId, true);
    m_wasOnline.insert(workerId, w->online);
    if (!m_tray || was == w->online)
        return;
    if (w->online)
        m_tray->showMessage(tr("Worker back online"), tr("%1 (%2) is back.").arg(workerId, w->last.model));
    else
        m_tray->showMessage(tr("Worker offline"), tr("%1 (%2): %3").arg(workerId, w->last.model, w->offlineReason),
                            QSystemTrayIcon::Warning);
}

void MainWindow::editSettings()
{
    SettingsDialog dialog(m_settings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const AppSettings changed = dialog.settings();
    const bool restart = changed.needsRestartComparedTo(m_settings);
    const bool newToken = changed.queenToken != m_settings.queenToken;
    const bool newLanguage = changed.language != m_settings.language;
    applySettings(changed);
    if (newLanguage)  // every window and dialog is told (QEvent::LanguageChange) and retranslates
        LanguageSwitcher::instance()->apply(changed.language);
    if (newToken) {
        // The connected queen's token goes to the keyring; where none runs, into the settings file.
        m_keyring->write(changed.queenToken, [this](const TokenKeyring::Answer &answer) {
            m_settings.queenTokenInFile = !answer.available && !m_settings.queenToken.isEmpty();
            m_settings.save();
            if (m_settings.queenTokenInFile) {
                QMessageBox::warning(this, tr("Settings"),
                                     tr("No system keyring is available (%1). The queen's token is stored in plain "
                                        "text in the settings file.")
                                         .arg(answer.error));
            }
        });
    } else {
        m_settings.save();
    }
    if (restart) {
        QMessageBox::information(this, tr("Settings"),
                                 tr("The new queen settings (mode, address, port, URL or token) take effect when "
                                    "rbee is started again."));
    }
}

void MainWindow::getModel()
{
    GetModelDialog dialog(m_settings.modelsFolder, m_nam, this);
    connect(&dialog, &GetModelDialog::modelReady, this, [this](const QString &path) {
        if (QMessageBox::question(this, tr("Model ready"), tr("Start a local worker on %1?").arg(path))
            == QMessageBox::Yes) {
            startLocalWorker(ModelLoadSettings::remembered(path));
        }
    });
    dialog.exec();
}

void MainWindow::editConversationSettings()
{
    const QString model =
        m_ui->modelCombo->currentText().isEmpty() ? m_conversation.model : m_ui->modelCombo->currentText();
    ConversationSettingsDialog dialog(
        m_conversation,
        AnswerLengthLimit::forJob(*m_queen->registry(), model, m_ui->workerCombo->currentData().toString()), this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    dialog.applyTo(m_conversation);
    saveConversation();
}

void MainWindow::chooseLocalWorker()
{
    StartWorkerDialog dialog(m_settings.modelsFolder, m_workerBinary, this);
    if (dialog.exec() == QDialog::Accepted && !dialog.modelPath().isEmpty())
        startLocalWorker(dialog.settings());
}

void MainWindow::setWorkerBinary(const QString &path)
{
    m_workerBinary = path;
    m_modelsView->setWorkerBinary(path);
}

int MainWindow::startRememberedModels()
{
    int started = 0;
    for (const QString &path : ModelLoadSettings::modelsLoadedAtStart()) {
        if (!QFileInfo::exists(path))
            continue;
        startLocalWorker(ModelLoadSettings::remembered(path));
        ++started;
    }
    return started;
}

void MainWindow::offerFirstRun(int graceMs)
{
    FirstRunOffer::Actions actions;
    actions.workerStartingHere = [this] {
        return !findChildren<LocalWorker *>(QString(), Qt::FindDirectChildrenOnly).isEmpty();
    };
    actions.startWorker = [this](const QString &path) { startLocalWorker(ModelLoadSettings::remembered(path)); };
    actions.getModel = [this] { getModel(); };
    new FirstRunOffer(this, m_queen->registry(), QStringList{m_settings.modelsFolder} + m_settings.addedModelFolders,
                      std::move(actions), graceMs);
}

void MainWindow::startLocalWorker(LocalWorker::Settings settings)
{
    auto *worker = new LocalWorker(this);
    settings.workerBinary = m_workerBinary;
    settings.queenUrl = m_queen->workerQueenUrl();
    settings.token = m_queen->token();
    settings.host = m_queen->workerHost();
    connect(worker, &LocalWorker::listening, this, [this, worker](const QUrl &url) {
        m_localWorkers.insert(url.toString(), worker);
        statusBar()->showMessage(tr("Started a local worker at %1").arg(url.toString()), 3000);
    });
    connect(worker, &LocalWorker::exited, this, [this, worker](int code, bool crashed) {
        const QString url = worker->url().toString();
        m_localWorkers.remove(url);
        // The process is gone: its row goes offline now, not at the heartbeat timeout.
        WorkerRegistry *registry = m_queen->registry();
        for (const WorkerRecord &w : registry->workers()) {
            if (!url.isEmpty() && w.last.url == url)
                registry->markOffline(w.id(), worker->exitDescription());
        }
        // A Load from the Models view that ended before the worker served: its row says why.
        m_modelsView->localWorkerExited(worker->settings().modelPath, worker->lastError(), worker->exitDescription());
        if (code != 0 || crashed)
            m_exitBar->showExit(worker);  // Restart and Show log; it deletes the worker when done
        else
            worker->deleteLater();
    });
    worker->start(settings);
}

}  // namespace rbee::gui
