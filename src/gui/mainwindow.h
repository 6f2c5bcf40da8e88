// MainWindow: the desktop app. Hosts the queen's core services (given from outside), shows the
// live worker table, the chat with streaming answers, the saved conversations, and the workers
// this app started. The static layout lives in ui/mainwindow.ui.
#pragma once

#include "appsettings.h"
#include "conversation.h"
#include "conversationstore.h"

#include "core/client/localworker.h"
#include "core/error.h"
#include "core/protocol/streamevents.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;
class QPlainTextEdit;
class QPushButton;
class QTableView;
class QSystemTrayIcon;

namespace Ui {
class MainWindow;
}

namespace rbee::core {
class QueenConnection;
class QueenServer;
}  // namespace rbee::core

namespace rbee::gui {

class ChatSession;
class ChatView;
class ModelPicker;
class ModelsView;
class TokenKeyring;
class WorkerTableModel;
class WorkerExitBar;
class WorkerFilterProxy;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `conversationsFolder` empty: the user's data folder. `workerBinary` empty: next to the app.
    // With the queen this app hosts.
    MainWindow(core::QueenServer *queen, const QString &conversationsFolder = {}, QWidget *parent = nullptr);
    // With any queen: the hosted one, or one elsewhere the app is attached to.
    MainWindow(core::QueenConnection *queen, const QString &conversationsFolder = {}, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Starts rbee-worker on settings.modelPath (with its slots, device, GPU layers, ...), pointed at
    // the app's queen (hosted or remote): the binary, queen, host and token are the window's.
    void startLocalWorker(core::LocalWorker::Settings settings);
    void setWorkerBinary(const QString &path);
    // Starts local workers on the models the user chose to load again at start (Models view),
    // with their remembered settings; returns how many.
    int startRememberedModels();
    // After `graceMs`, offers to start a worker or get a model, where none is running or found.
    void offerFirstRun(int graceMs);
    void newConversation();
    // Settings this window applies: tray, theme, models folder, policy, heartbeat timeout.
    void applySettings(const AppSettings &settings);
    const AppSettings &settings() const { return m_settings; }
    // "Get a model…": download one into the models folder, then offer to start a worker on it.
    void getModel();
    void sendPrompt(const QString &text);
    void stopAnswer();

    // For tests and screenshots.
    ChatView *chatView() const;
    QPlainTextEdit *promptEdit() const;
    QPushButton *sendButton() const;
    QTableView *workerTable() const;
    WorkerTableModel *workerModel() const { return m_model; }
    QString statusSummary() const;
    const Conversation &currentConversation() const { return m_conversation; }
    bool isAnswering() const;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void setupWorkerTable();
    void setupChat();
    void refreshModels();
    void refreshWorkersForModel();
    void refreshStatus();
    void refreshConversationList();
    void showConversation(const Conversation &conversation);
    void onSendClicked();
    void onStarted(const QString &workerId);
    void onFinished(const core::EndEvent &end);
    void onFailed(const core::Error &error);
    void finishTurn();
    void retry();
    void showWorkerMenu(const QPoint &pos);
    void chooseLocalWorker();
    void editConversationSettings();
    void editSettings();
    void onWorkerStatusChanged(const QString &workerId);
    void changeEvent(QEvent *event) override;
    void retranslate();
    // The chat drawn again from the conversation (footers in the new language, code blocks in the
    // new palette) once the change has reached the chat view (children take a new palette after
    // their window); after the answer being streamed, if there is one.
    void redrawChat();
    // Quits even where closing the window would only hide it in the tray.
    void quit();
    void saveConversation();

    std::unique_ptr<Ui::MainWindow> m_ui;
    QNetworkAccessManager *m_nam;
    core::QueenConnection *m_queen;
    WorkerTableModel *m_model;
    WorkerFilterProxy *m_proxy;
    ChatSession *m_session;
    ConversationStore m_store;
    TokenKeyring *m_keyring;
    WorkerExitBar *m_exitBar;
    Conversation m_conversation;
    ChatTurn m_answer;  // the assistant turn being streamed
    QString m_workerBinary;
    QHash<QString, QPointer<core::LocalWorker>> m_localWorkers;  // by url
    QTimer m_statusTimer;
    QTimer m_refreshTimer;
    QTimer m_redrawTimer;  // coalesces the changes of one theme or language switch
    AppSettings m_settings;
    QSystemTrayIcon *m_tray = nullptr;
    ModelsView *m_modelsView = nullptr;
    ModelPicker *m_picker = nullptr;
    bool m_quitting = false;
    bool m_chatNeedsRedraw = false;    // a language or palette change came during an answer
    QHash<QString, bool> m_wasOnline;  // for offline / back online notifications
};

}  // namespace rbee::gui
