// ModelFolder: the hive's models folder: the `NAME.gguf` files directly in it, each described from
// its GGUF header (cached by size and modification time), kept current by a file-system watcher
// and on demand. The one place that turns a model name into a path: names are validated and no
// path leads out of the folder (a symlink out is "not found").
#pragma once

#include "core/protocol/hivereport.h"
#include "core/result.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTimer>

class QFileSystemWatcher;

namespace rbee::hive {

class ModelFolder : public QObject {
    Q_OBJECT
public:
    explicit ModelFolder(const QString &dir, QObject *parent = nullptr);

    // Creates the folder when missing and starts watching it; false when it cannot be created.
    bool start();
    const QString &dir() const { return m_dir; }
    // Reads the folder again now; emits changed() when the models differ.
    void refresh();
    const QList<core::HiveModel> &models() const { return m_models; }
    const core::HiveModel *model(const QString &name) const;

    // The canonical path of NAME.gguf: 400 for an invalid name, 404 when there is no such file or
    // it leads out of the folder.
    core::Result<QString> resolve(const QString &name, const QString &field = QStringLiteral("model")) const;
    // Where NAME.gguf goes (for a download); the name must be valid.
    QString pathFor(const QString &name) const;
    static QString sha256PathFor(const QString &modelPath) { return modelPath + QLatin1String(".sha256"); }
    // Writes NAME.gguf.sha256 beside the model.
    void saveSha256(const QString &name, const QString &hex);
    // Removes NAME.gguf, its .part and its .sha256; 404 when absent.
    std::optional<core::Error> remove(const QString &name);

Q_SIGNALS:
    void changed();

private:
    struct Cached {
        qint64 size = -1;
        QDateTime modified;
        core::HiveModel model;
    };
    core::HiveModel describe(const QString &name, const QString &path, qint64 size, const QDateTime &modified);

    QString m_dir;           // as given, absolute
    QString m_canonicalDir;  // resolved, once it exists
    QFileSystemWatcher *m_watcher;
    QTimer m_debounce;
    QList<core::HiveModel> m_models;
    QHash<QString, Cached> m_cache;
};

}  // namespace rbee::hive
