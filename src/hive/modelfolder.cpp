// The models folder; see modelfolder.h.
#include "modelfolder.h"

#include "core/logging.h"
#include "core/model/ggufinfo.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QRegularExpression>

namespace rbee::hive {

using core::Error;
using core::ErrorCode;

namespace {
constexpr int kDebounceMs = 200;
const QLatin1String kSuffix(".gguf");

QString readSha256(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromLatin1(file.read(256)).trimmed().section(u' ', 0, 0).toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    return hex.match(text).hasMatch() ? text : QString();
}
}  // namespace

ModelFolder::ModelFolder(const QString &dir, QObject *parent)
    : QObject(parent)
    , m_dir(QDir::cleanPath(QDir(dir).absolutePath()))
    , m_watcher(new QFileSystemWatcher(this))
{
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &ModelFolder::refresh);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_debounce.start(); });
}

bool ModelFolder::start()
{
    if (!QDir().mkpath(m_dir))
        return false;
    m_canonicalDir = QFileInfo(m_dir).canonicalFilePath();
    m_watcher->addPath(m_dir);
    refresh();
    return !m_canonicalDir.isEmpty();
}

core::HiveModel ModelFolder::describe(const QString &name, const QString &path, qint64 size, const QDateTime &modified)
{
    const auto cached = m_cache.constFind(name);
    if (cached != m_cache.cend() && cached->size == size && cached->modified == modified) {
        core::HiveModel model = cached->model;
        model.sha256 = readSha256(sha256PathFor(path));
        return model;
    }
    core::HiveModel model;
    model.name = name;
    model.sizeBytes = size;
    const auto info = core::GgufInfo::read(path);
    if (info) {
        model.architecture = info->architecture;
        model.parameters = info->parameters;
        model.quantization = info->quantization();
        model.contextLength = int(std::min<qint64>(info->contextLength, std::numeric_limits<int>::max()));
        model.layers = info->layers();
        model.kvBytesPerToken = info->kvBytesPerToken();
        model.computeBytes = info->computeBytes();
    } else {
        qCWarning(lcHive).noquote() << "model" << name << "listed by name and size only:" << info.error().message;
    }
    m_cache.insert(name, Cached{size, modified, model});
    model.sha256 = readSha256(sha256PathFor(path));
    return model;
}

void ModelFolder::refresh()
{
    if (m_canonicalDir.isEmpty())
        m_canonicalDir = QFileInfo(m_dir).canonicalFilePath();
    QList<core::HiveModel> models;
    QSet<QString> seen;
    const QFileInfoList entries =
        QDir(m_dir).entryInfoList({QStringLiteral("*.gguf")}, QDir::Files | QDir::Readable, QDir::Name);
    for (const QFileInfo &entry : entries) {
        const QString name = entry.fileName().chopped(kSuffix.size());
        if (core::HiveModel::validateName(name) || models.size() >= core::HiveReport::kMaxModels)
            continue;
        const QFileInfo target(entry.canonicalFilePath());
        if (target.filePath().isEmpty() || target.absolutePath() != m_canonicalDir)
            continue;  // a symlink leading out of the folder
        seen.insert(name);
        models.append(describe(name, target.filePath(), target.size(), target.lastModified()));
    }
    for (auto it = m_cache.begin(); it != m_cache.end();)
        it = seen.contains(it.key()) ? std::next(it) : m_cache.erase(it);
    if (models == m_models)
        return;
    m_models = models;
    Q_EMIT changed();
}

const core::HiveModel *ModelFolder::model(const QString &name) const
{
    for (const auto &m : m_models)
        if (m.name == name)
            return &m;
    return nullptr;
}

QString ModelFolder::pathFor(const QString &name) const
{
    return m_dir + u'/' + name + kSuffix;
}

core::Result<QString> ModelFolder::resolve(const QString &name, const QString &field) const
{
    if (auto invalid = core::HiveModel::validateName(name, field))
        return *invalid;
    const QString canonical = QFileInfo(pathFor(name)).canonicalFilePath();
    if (canonical.isEmpty() || m_canonicalDir.isEmpty() || QFileInfo(canonical).absolutePath() != m_canonicalDir
        || !QFileInfo(canonical).isFile())
        return Error{ErrorCode::ModelNotFound, QStringLiteral("no model '%1' in this hive's models folder").arg(name),
                     field};
    return canonical;
}

void ModelFolder::saveSha256(const QString &name, const QString &hex)
{
    QFile file(sha256PathFor(pathFor(name)));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(hex.toLatin1() + "  " + (name + kSuffix).toUtf8() + '\n');
}

std::optional<Error> ModelFolder::remove(const QString &name)
{
    const auto resolved = resolve(name);
    if (!resolved)
        return resolved.error();
    const QString path = pathFor(name);
    QFile::remove(path);  // the name in the folder (a link inside it stays a link), never its target
    QFile::remove(path + QLatin1String(".part"));
    QFile::remove(sha256PathFor(path));
    refresh();
    return std::nullopt;
}

}  // namespace rbee::hive
