// Strict reading of JSON request bodies: type and range checks that name the field at fault,
// and rejection of unknown fields (a field accepted and ignored is a bug). The first problem wins.
#pragma once

#include "error.h"
#include "result.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

namespace rbee::core {

// A JSON object from a request body, or a bad_request naming what is wrong (a key given twice
// included: JSON parsers disagree on which one wins, so rbee takes neither).
// The largest integer a JSON number (a double) holds exactly: the bound for counters.
inline constexpr qint64 kMaxJsonInteger = qint64(1) << 53;

Result<QJsonObject> parseJsonObject(const QByteArray &body);
// The path ("a.b") of the first key that appears twice in one object of valid JSON, if any.
std::optional<QString> findDuplicateKey(QByteArrayView json);
QByteArray toCompactJson(const QJsonObject &object);
QByteArray toCompactJsonArray(const QJsonArray &array);

class JsonObjectReader {
public:
    explicit JsonObjectReader(const QJsonObject &object, QString path = {});

    bool has(const char *key) const;
    // Each reader leaves `out` untouched when the key is absent (and not required) or on error.
    void integer(const char *key, qint64 &out, qint64 min, qint64 max, bool required = false);
    void integer(const char *key, int &out, int min, int max, bool required = false);
    void number(const char *key, double &out, double min, double max, bool required = false);
    void string(const char *key, QString &out, bool required = false, bool allowEmpty = true);
    void boolean(const char *key, bool &out, bool required = false);
    // Fails when `value` (read from `key`) is longer than `max` characters.
    void maxLength(const char *key, const QString &value, int max);
    // An array of objects: each element read by `each` with a reader whose path is "key[i]"; at most
    // maxItems elements. Absent and not required: `each` is never called.
    void objectArray(const char *key, int maxItems, const std::function<void(JsonObjectReader &)> &each,
                     bool required = false);
    void rejectUnknown(const QStringList &known);

    // A problem found by the caller, recorded unless an earlier one exists.
    void fail(const QString &key, const QString &message);
    void fail(const Error &error);
    bool ok() const { return !m_error.has_value(); }
    const Error &error() const { return *m_error; }
    QString fieldPath(const QString &key) const;
    const QJsonObject &object() const { return m_object; }

private:
    bool present(const char *key, bool required);

    QJsonObject m_object;
    QString m_path;
    std::optional<Error> m_error;
};

}  // namespace rbee::core
