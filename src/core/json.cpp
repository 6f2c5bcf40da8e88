// Implementation of the strict JSON readers; messages name the field with its full path.
#include "json.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

#include <QSet>

#include <cmath>
#include <vector>

namespace rbee::core {

namespace {
// The decoded text of a JSON string token that QJsonDocument already accepted.
QString decodeJsonString(QByteArrayView token)
{
    if (!token.contains('\\'))
        return QString::fromUtf8(token.sliced(1, token.size() - 2));
    const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(QByteArray("[") + token.toByteArray() + ']'));
    return doc.array().at(0).toString();
}
}  // namespace

std::optional<QString> findDuplicateKey(QByteArrayView json)
{
    // QJsonDocument keeps the last of two equal keys; the body is valid JSON when this runs,
    // so a token scan is enough.
    struct Frame {
        bool object = false;
        bool expectKey = false;
        QString key;  // the current member's key
        QSet<QString> keys;
    };
    std::vector<Frame> stack;
    for (qsizetype i = 0; i < json.size(); ++i) {
        const char c = json[i];
        if (c == '{' || c == '[') {
            stack.push_back(Frame{c == '{', c == '{', {}, {}});
        } else if (c == '}' || c == ']') {
            if (!stack.empty())
                stack.pop_back();
        } else if (c == ',') {
            if (!stack.empty() && stack.back().object)
                stack.back().expectKey = true;
        } else if (c == '"') {
            qsizetype end = i + 1;
            while (end < json.size() && json[end] != '"')
                end += json[end] == '\\' ? 2 : 1;
            if (!stack.empty() && stack.back().object && stack.back().expectKey) {
                Frame &frame = stack.back();
                frame.expectKey = false;
                frame.key = decodeJsonString(json.sliced(i, qMin(end + 1, json.size()) - i));
                if (frame.keys.contains(frame.key)) {
                    QStringList path;
                    for (const Frame &f : stack) {
                        if (f.object)
                            path << f.key;
                    }
                    return path.join(u'.');
                }
                frame.keys.insert(frame.key);
            }
            i = end;
        }
    }
    return std::nullopt;
}

Result<QJsonObject> parseJsonObject(const QByteArray &body)
{
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        return Error{ErrorCode::BadRequest, QStringLiteral("request body is not valid JSON: %1 at offset %2")
                                                .arg(parseError.errorString())
                                                .arg(parseError.offset)};
    }
    if (!doc.isObject())
        return Error{ErrorCode::BadRequest, QStringLiteral("request body must be a JSON object")};
    if (const auto key = findDuplicateKey(body))
        return Error::badField(*key, QStringLiteral("duplicate key '%1'").arg(*key));
    return doc.object();
}

QByteArray toCompactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray toCompactJsonArray(const QJsonArray &array)
{
    return QJsonDocument(array).toJson(QJsonDocument::Compact);
}

JsonObjectReader::JsonObjectReader(const QJsonObject &object, QString path) : m_object(object), m_path(std::move(path))
{}

QString JsonObjectReader::fieldPath(const QString &key) const
{
    return m_path.isEmpty() ? key : m_path + u'.' + key;
}

void JsonObjectReader::maxLength(const char *key, const QString &value, int max)
{
    if (ok() && value.size() > max) {
        const QString name = QString::fromLatin1(key);
        fail(name, QStringLiteral("field '%1' must be at most %2 characters, got %3")
                       .arg(fieldPath(name))
                       .arg(max)
                       .arg(value.size()));
    }
}

void JsonObjectReader::objectArray(const char *key, int maxItems, const std::function<void(JsonObjectReader &)> &each,
                                   bool required)
{
    if (!present(key, required))
        return;
    const QString name = QString::fromLatin1(key);
    const QJsonValue value = m_object.value(name);
    if (!value.isArray()) {
        fail(name, QStringLiteral("field '%1' must be an array").arg(fieldPath(name)));
        return;
    }
    const QJsonArray array = value.toArray();
    if (array.size() > maxItems) {
        fail(name, QStringLiteral("field '%1' must have at most %2 elements, got %3")
                       .arg(fieldPath(name))
                       .arg(maxItems)
                       .arg(array.size()));
        return;
    }
    for (qsizetype i = 0; i < array.size() && ok(); ++i) {
        const QString path = QStringLiteral("%1[%2]").arg(fieldPath(name)).arg(i);
        if (!array.at(i).isObject()) {
            fail(name, QStringLiteral("'%1' must be an object").arg(path));
            return;
        }
        JsonObjectReader element(array.at(i).toObject(), path);
        each(element);
        if (!element.ok())
            fail(element.error());
    }
}

void JsonObjectReader::fail(const QString &key, const QString &message)
{
    if (!m_error)
        m_error = Error::badField(fieldPath(key), message);
}

void JsonObjectReader::fail(const Error &error)
{
    if (!m_error)
        m_error = error;
}

bool JsonObjectReader::has(const char *key) const
{
    return m_object.contains(QLatin1String(key));
}

bool JsonObjectReader::present(const char *key, bool required)
{
    if (m_error)
        return false;
    const QString name = QString::fromLatin1(key);
    const auto it = m_object.constFind(name);
    if (it == m_object.constEnd() || it->isNull()) {
        if (required)
            fail(name, QStringLiteral("missing required field '%1'").arg(fieldPath(name)));
        return false;
    }
    return true;
}

void JsonObjectReader::integer(const char *key, qint64 &out, qint64 min, qint64 max, bool required)
{
    if (!present(key, required))
        return;
    const QString name = QString::fromLatin1(key);
    const QJsonValue v = m_object.value(name);
    const double d = v.toDouble();
    if (!v.isDouble() || std::floor(d) != d || !std::isfinite(d)) {
        fail(name, QStringLiteral("field '%1' must be an integer").arg(fieldPath(name)));
        return;
    }
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
        fail(name, QStringLiteral("field '%1' must be between %2 and %3, got %4")
                       .arg(fieldPath(name))
                       .arg(min)
                       .arg(max)
                       .arg(d, 0, 'g', 17));
        return;
    }
    out = static_cast<qint64>(d);
}

void JsonObjectReader::integer(const char *key, int &out, int min, int max, bool required)
{
    qint64 wide = out;
    integer(key, wide, min, max, required);
    out = static_cast<int>(wide);
}

void JsonObjectReader::number(const char *key, double &out, double min, double max, bool required)
{
    if (!present(key, required))
        return;
    const QString name = QString::fromLatin1(key);
    const QJsonValue v = m_object.value(name);
    if (!v.isDouble() || !std::isfinite(v.toDouble())) {
        fail(name, QStringLiteral("field '%1' must be a number").arg(fieldPath(name)));
        return;
    }
    const double d = v.toDouble();
    if (d < min || d > max) {
        fail(name, QStringLiteral("field '%1' must be between %2 and %3, got %4")
                       .arg(fieldPath(name))
                       .arg(min)
                       .arg(max)
                       .arg(d));
        return;
    }
    out = d;
}

void JsonObjectReader::string(const char *key, QString &out, bool required, bool allowEmpty)
{
    if (!present(key, required))
        return;
    const QString name = QString::fromLatin1(key);
    const QJsonValue v = m_object.value(name);
    if (!v.isString()) {
        fail(name, QStringLiteral("field '%1' must be a string").arg(fieldPath(name)));
        return;
    }
    if (!allowEmpty && v.toString().isEmpty()) {
        fail(name, QStringLiteral("field '%1' must not be empty").arg(fieldPath(name)));
        return;
    }
    out = v.toString();
}

void JsonObjectReader::boolean(const char *key, bool &out, bool required)
{
    if (!present(key, required))
        return;
    const QString name = QString::fromLatin1(key);
    const QJsonValue v = m_object.value(name);
    if (!v.isBool()) {
        fail(name, QStringLiteral("field '%1' must be true or false").arg(fieldPath(name)));
        return;
    }
    out = v.toBool();
}

void JsonObjectReader::rejectUnknown(const QStringList &known)
{
    if (m_error)
        return;
    for (auto it = m_object.constBegin(); it != m_object.constEnd(); ++it) {
        if (!known.contains(it.key())) {
            fail(it.key(), QStringLiteral("unknown field '%1'").arg(fieldPath(it.key())));
            return;
        }
    }
}

}  // namespace rbee::core
