// ModelsView: the Models tab beside Workers and Machines: the model library (ModelLibrary) and
// what can be done with a model: Load (a local worker with the settings remembered for that file,
// or a worker on a machine of the cluster), Unload (stops the workers serving it), Add folder… /
// Remove folder, Refresh. A Load that fails (the worker exits before it serves, the queen refuses
// the start) shows on the row and in the message line. Local workers are the window's to start and stop: it asks by
// signal.
#pragma once

#include "core/client/localworker.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QToolButton;

namespace rbee::core {
class QueenConnection;
class QueenHiveClient;
}  // namespace rbee::core

namespace rbee::gui {

class ModelLibrary;

class ModelsView : public QWidget {
    Q_OBJECT
public:
    ModelsView(core::QueenConnection *queen, QWidget *parent = nullptr);

    ModelLibrary *library() const { return m_library; }
    // The models folder (always listed) and the folders the user added.
    void setFolders(const QString &modelsFolder, const QStringList &added);
    QStringList addedFolders() const { return m_added; }
    // Workers at these URLs were started by this app (Unload stops them here, not through the queen).
    void setLocalWorkerUrls(const QSet<QString> &urls);
    void setWorkerBinary(const QString &path) { m_workerBinary = path; }

    // Asks for the settings of the model at `path` (prefilled from its last load), remembers
    // them and emits loadRequested.
    void load(const QString &path);
    // Stops the workers serving the model at `path`.
    void unload(const QString &path);
    // A local worker on the model at `path` exited. While its Load is under way that Load failed:
    // the row says "failed: <reason>" (the tooltip and the message line `description`).
    void localWorkerExited(const QString &path, const QString &reason, const QString &description);

Q_SIGNALS:
    void loadRequested(const rbee::core::LocalWorker::Settings &settings);
    void stopLocalWorkerRequested(const QString &workerUrl);
    void addedFoldersChanged(const QStringList &folders);

private:
    QString selectedPath() const;
    void updateButtons();
    void addFolder();
    void removeFolder();
    void loadOnMachine(const QString &hive, const QString &path);
    void showMessage(const QString &text, bool error);
    void followPending();

    core::QueenConnection *m_queen;
    ModelLibrary *m_library;
    QTableView *m_table;
    QPushButton *m_load;
    QToolButton *m_loadOnMachine;
    QPushButton *m_unload;
    QPushButton *m_removeFolder;
    QLabel *m_message;
    QString m_modelsFolder;
    QStringList m_added;
    QSet<QString> m_localUrls;
    QString m_workerBinary;
    QString m_loading;    // the path Load was asked for, until a worker serves it
    QString m_unloading;  // the path Unload was asked for, until none does
    core::QueenHiveClient *m_hiveClient;
};

}  // namespace rbee::gui
