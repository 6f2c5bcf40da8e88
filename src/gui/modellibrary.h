// ModelLibrary: the GGUF files in the models folders as a table: name, size, architecture,
// parameters, quantization and trained context (core::GgufInfo, read on a pool thread so a large
// folder never stalls the window) and where each is loaded (the online workers serving it, from
// the live registry and the hives), or the Load asked for it until a worker serves it ("Loading…",
// "failed: …"). Rescans when a folder changes. Starts and stops nothing.
#pragma once

#include "core/model/ggufinfo.h"

#include <QAbstractTableModel>
#include <QFileSystemWatcher>
#include <QFutureWatcher>
#include <QHash>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace rbee::core {
class HiveList;
class WorkerRegistry;
}  // namespace rbee::core

namespace rbee::gui {

class ModelLibrary : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Name, Size, Architecture, Parameters, Quantization, Context, LoadedOn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 40,  // QString: the file's absolute path
        ModelNameRole,                 // QString: the name a worker on it reports
        WorkerIdsRole,                 // QStringList: the online workers serving it
    };

    struct Entry {
        QString path;
        qint64 sizeBytes = 0;
        std::optional<core::GgufInfo> info;
        QString error;  // why the header could not be read
    };

    // `hives` may be null.
    ModelLibrary(core::WorkerRegistry *registry, core::HiveList *hives, QObject *parent = nullptr);
    ~ModelLibrary() override;

    // The folders listed, in order; a file in two of them is listed once. Rescans.
    void setFolders(const QStringList &folders);
    QStringList folders() const { return m_folders; }
    // Reads the folders again (in the background); the rows change when it is done.
    void rescan();
    bool isScanning() const { return m_watcher.isRunning(); }
    // Workers at these URLs were started by this app: they show as loaded on this computer.
    void setLocalWorkerUrls(const QSet<QString> &urls);

    // A Load was asked for the model at `path`: until a worker serves it, its row says "Loading…".
    void setLoading(const QString &path);
    // That Load failed: the row says "failed: <reason>", its tooltip `message` (the whole story),
    // until the next setLoading() or clearLoadState().
    void setLoadFailed(const QString &path, const QString &reason, const QString &message);
    void clearLoadState(const QString &path);
    bool isLoading(const QString &path) const;
    // The paths whose Load is under way.
    QStringList loadingPaths() const;

    // The name rbee-worker reports for a model file: the file name without ".gguf".
    static QString modelName(const QString &path);
    // The files found, by row.
    const QList<Entry> &entries() const { return m_entries; }
    int rowOfPath(const QString &path) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A scan finished and its rows are shown.
    void scanned();

private:
    static QList<Entry> scan(const QStringList &folders);
    void onScanned();
    void watchFolders();
    void loadedOnChanged();
    QStringList workersServing(const QString &modelName) const;
    QString loadedOnText(const QString &modelName) const;
    void loadStateChanged(const QString &path);

    struct LoadAttempt {
        bool failed = false;
        QString reason;   // short, for the cell
        QString message;  // whole, for the tooltip
    };

    core::WorkerRegistry *m_registry;
    core::HiveList *m_hives;
    QStringList m_folders;
    QList<Entry> m_entries;
    QSet<QString> m_localUrls;
    QHash<QString, LoadAttempt> m_attempts;  // by absolute path
    QFutureWatcher<QList<Entry>> m_watcher;
    QFileSystemWatcher m_folderWatcher;
    QTimer m_rescanTimer;  // a burst of folder changes is one rescan
    QTimer m_loadedTimer;  // a burst of registry changes is one repaint of the column
    bool m_rescanPending = false;
};

}  // namespace rbee::gui
