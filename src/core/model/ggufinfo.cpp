// GGUF header reader; see ggufinfo.h. Layout (ggml/docs/gguf.md): "GGUF", version (2 or 3),
// tensor count, KV count, the KVs (key, type, value), then the tensor infos (name, dimensions,
// type, offset). Little-endian throughout.
#include "ggufinfo.h"

#include "modelmemory.h"

#include <QFile>
#include <QHash>
#include <QtEndian>

#include <cstring>
#include <limits>

namespace rbee::core {

namespace {

enum GgufType : quint32 {
    U8 = 0,
    I8 = 1,
    U16 = 2,
    I16 = 3,
    U32 = 4,
    I32 = 5,
    F32 = 6,
    Bool = 7,
    String = 8,
    Array = 9,
    U64 = 10,
    I64 = 11,
    F64 = 12,
};

constexpr qint64 kMaxKeyBytes = 65536;
constexpr quint32 kMaxDims = 4;  // GGML_MAX_DIMS

// Bytes of one scalar of `type`; 0 for strings, arrays and unknown types.
qint64 scalarBytes(quint32 type)
{
    switch (type) {
    case U8:
    case I8:
    case Bool: return 1;
    case U16:
    case I16: return 2;
    case U32:
    case I32:
    case F32: return 4;
    case U64:
    case I64:
    case F64: return 8;
    default: return 0;
    }
}

// A read position in the bytes; every read checks that they hold what it takes.
class Cursor {
public:
    explicit Cursor(QByteArrayView bytes) : m_bytes(bytes) {}

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qint64 remaining() const { return m_bytes.size() - m_pos; }
    void fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = what;
    }

    bool skip(qint64 n, const char *what)
    {
        if (!ok())
            return false;
        if (n < 0 || n > remaining()) {
            fail(QStringLiteral("truncated at byte %1 (%2)").arg(m_pos).arg(QLatin1String(what)));
            return false;
        }
        m_pos += n;
        return true;
    }
    template<typename T>
    T read(const char *what)
    {
        T value{};
        const qint64 at = m_pos;
        if (skip(sizeof(T), what))
            std::memcpy(&value, m_bytes.data() + at, sizeof(T));
        return qFromLittleEndian(value);
    }
    // A string's bytes, or empty after a failure; one longer than `maxBytes` is an error.
    QByteArrayView string(qint64 maxBytes, const char *what)
    {
        const quint64 length = read<quint64>(what);
        if (!ok())
            return {};
        if (length > quint64(maxBytes)) {
            fail(QStringLiteral("%1 of %2 bytes at byte %3").arg(QLatin1String(what)).arg(length).arg(m_pos));
            return {};
        }
        const qint64 at = m_pos;
        if (!skip(qint64(length), what))
            return {};
        return m_bytes.sliced(at, qint64(length));
    }
    // An integer scalar of `type` widened to 64 bits; -1 for other types (which are skipped).
    qint64 integer(quint32 type, const char *what)
    {
        switch (type) {
        case U8: return read<quint8>(what);
        case I8: return read<qint8>(what);
        case U16: return read<quint16>(what);
        case I16: return read<qint16>(what);
        case U32: return read<quint32>(what);
        case I32: return read<qint32>(what);
        case U64: {
            const quint64 v = read<quint64>(what);
            return v > quint64(std::numeric_limits<qint64>::max()) ? -1 : qint64(v);
        }
        case I64: return read<qint64>(what);
        default: skipValue(type, what); return -1;
        }
    }
    void skipValue(quint32 type, const char *what)
    {
        if (type == String) {
            string(remaining(), what);
            return;
        }
        const qint64 size = scalarBytes(type);
        if (size == 0)
            fail(QStringLiteral("unknown value type %1 (%2)").arg(type).arg(QLatin1String(what)));
        else
            skip(size, what);
    }

private:
    QByteArrayView m_bytes;
    qint64 m_pos = 0;
    QString m_error;
};

// The KVs the model needs, as integers (arrays of integers: the largest element, as the worker
// reads per-layer values), and the architecture and vocabulary size.
struct Values {
    QString architecture;
    QHash<QByteArray, qint64> integers;
    qint64 tokens = 0;
    bool tokensSeen = false;

    qint64 integer(const QByteArray &key) const { return integers.value(key, -1); }
};

void readKv(Cursor &c, Values &v)
{
    const QByteArray key = c.string(kMaxKeyBytes, "key").toByteArray();
    const quint32 type = c.read<quint32>("value type");
    if (!c.ok())
        return;
    if (type == String) {
        const QByteArrayView text = c.string(c.remaining(), "string value");
        if (key == "general.architecture")
            v.architecture = QString::fromUtf8(text.first(std::min<qsizetype>(256, text.size())));
        return;
    }
    if (type == Array) {
        const quint32 element = c.read<quint32>("array type");
        const quint64 n = c.read<quint64>("array length");
        if (!c.ok())
            return;
        if (key == "tokenizer.ggml.tokens") {
            v.tokensSeen = true;
            v.tokens = n > quint64(std::numeric_limits<qint64>::max()) ? 0 : qint64(n);
        }
        if (element == String) {
            // Each element takes at least its 8-byte length: a hostile count ends at the file's end.
            for (quint64 i = 0; i < n && c.ok(); ++i)
                c.string(c.remaining(), "array string");
            return;
        }
        const qint64 size = scalarBytes(element);
        if (size == 0) {
            c.fail(QStringLiteral("array of type %1 in '%2'").arg(element).arg(QString::fromUtf8(key)));
            return;
        }
        if (n > quint64(c.remaining() / size)) {
            c.skip(c.remaining() + 1, "array values");
            return;
        }
        if (element == F32 || element == F64 || element == Bool) {
            c.skip(qint64(n) * size, "array values");
            return;
        }
        qint64 best = -1;
        for (quint64 i = 0; i < n && c.ok(); ++i)
            best = std::max(best, c.integer(element, "array value"));
        v.integers.insert(key, best);
        return;
    }
    if (scalarBytes(type) == 0) {
        c.fail(QStringLiteral("unknown value type %1 in '%2'").arg(type).arg(QString::fromUtf8(key)));
        return;
    }
    const qint64 value = c.integer(type, "value");
    if (value >= 0)
        v.integers.insert(key, value);
}

// Elements of one tensor; -1 when a dimension is absurd.
qint64 readTensorInfo(Cursor &c)
{
    c.string(kMaxKeyBytes, "tensor name");
    const quint32 dims = c.read<quint32>("tensor dimensions");
    if (!c.ok())
        return -1;
    if (dims > kMaxDims) {
        c.fail(QStringLiteral("a tensor of %1 dimensions").arg(dims));
        return -1;
    }
    qint64 elements = 1;
    for (quint32 d = 0; d < dims; ++d) {
        const quint64 n = c.read<quint64>("tensor dimension");
        if (!c.ok())
            return -1;
        if (n > quint64(std::numeric_limits<qint64>::max())
            || (n != 0 && qint64(n) > std::numeric_limits<qint64>::max() / std::max<qint64>(1, elements))) {
            c.fail(QStringLiteral("a tensor of more than 2^63 elements"));
            return -1;
        }
        elements *= qint64(n);
    }
    c.read<quint32>("tensor type");
    c.read<quint64>("tensor offset");
    return elements;
}

}  // namespace

QString GgufInfo::fileTypeName(int fileType)
{
    static const char *const names[] = {
        "F32",   "F16",     "Q4_0",      "Q4_1",   nullptr,  nullptr,   nullptr,  "Q8_0",   "Q5_0",
        "Q5_1",  "Q2_K",    "Q3_K_S",    "Q3_K_M", "Q3_K_L", "Q4_K_S",  "Q4_K_M", "Q5_K_S", "Q5_K_M",
        "Q6_K",  "IQ2_XXS", "IQ2_XS",    "Q2_K_S", "IQ3_XS", "IQ3_XXS", "IQ1_S",  "IQ4_NL", "IQ3_S",
        "IQ3_M", "IQ2_S",   "IQ2_M",     "IQ4_XS", "IQ1_M",  "BF16",    nullptr,  nullptr,  nullptr,
        "TQ1_0", "TQ2_0",   "MXFP4_MOE", "NVFP4",  "Q1_0",   "Q2_0",
    };
    if (fileType < 0 || fileType >= int(std::size(names)) || !names[fileType])
        return {};
    return QLatin1String(names[fileType]);
}

QString GgufInfo::quantization() const
{
    return fileTypeName(fileType);
}

qint64 GgufInfo::kvBytesPerToken() const
{
    return blockCount * modelmemory::kvBytesPerBlockToken(headCountKv, keyLength, valueLength);
}

qint64 GgufInfo::computeBytes() const
{
    return modelmemory::computeBytes(vocabSize, embeddingLength);
}

Result<GgufInfo> GgufInfo::parse(QByteArrayView bytes)
{
    auto bad = [](const QString &why) {
        return Error{ErrorCode::ModelError, QStringLiteral("not a readable GGUF header: ") + why};
    };
    Cursor c(bytes);
    if (bytes.size() < 4 || std::memcmp(bytes.data(), "GGUF", 4) != 0)
        return bad(QStringLiteral("no GGUF magic"));
    c.skip(4, "magic");
    GgufInfo info;
    info.version = c.read<quint32>("version");
    const quint64 tensors = c.read<quint64>("tensor count");
    const quint64 kvs = c.read<quint64>("KV count");
    if (!c.ok())
        return bad(c.error());
    if (info.version < 2 || info.version > 3)
        return bad(QStringLiteral("version %1 (2 and 3 are read)").arg(info.version));
    Values values;
    // Each KV and tensor info takes at least 8 bytes: counts beyond the file end at its end.
    for (quint64 i = 0; i < kvs && c.ok(); ++i)
        readKv(c, values);
    for (quint64 i = 0; i < tensors && c.ok(); ++i) {
        const qint64 elements = readTensorInfo(c);
        if (elements >= 0 && info.parameters <= std::numeric_limits<qint64>::max() - elements)
            info.parameters += elements;
    }
    if (!c.ok())
        return bad(c.error());
    info.tensorCount = qint64(tensors);
    info.architecture = values.architecture;
    if (info.architecture.isEmpty())
        return bad(QStringLiteral("no general.architecture"));
    const QByteArray arch = info.architecture.toUtf8() + '.';
    info.contextLength = std::max<qint64>(0, values.integer(arch + "context_length"));
    info.blockCount = values.integer(arch + "block_count");
    if (info.blockCount <= 0 || info.blockCount > 100000)
        return bad(QStringLiteral("no %1block_count").arg(QString::fromUtf8(arch)));
    // The defaults are the worker's (ModelFootprint::read), so both estimate the same.
    info.embeddingLength = std::max<qint64>(0, values.integer(arch + "embedding_length"));
    info.headCount = std::max<qint64>(1, values.integer(arch + "attention.head_count"));
    info.headCountKv = values.integer(arch + "attention.head_count_kv");
    if (info.headCountKv < 0)
        info.headCountKv = info.headCount;
    info.keyLength = values.integer(arch + "attention.key_length");
    if (info.keyLength < 0)
        info.keyLength = info.embeddingLength / info.headCount;
    info.valueLength = values.integer(arch + "attention.value_length");
    if (info.valueLength < 0)
        info.valueLength = info.keyLength;
    info.vocabSize = values.tokens;
    const qint64 fileType = values.integer("general.file_type");
    info.fileType = fileType >= 0 && fileType < 65536 ? int(fileType) : -1;
    return info;
}

Result<GgufInfo> GgufInfo::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{ErrorCode::ModelError, QStringLiteral("cannot open '%1': %2").arg(path, file.errorString())};
    const qint64 size = file.size();
    if (size == 0)
        return Error{ErrorCode::ModelError, QStringLiteral("'%1' is empty").arg(path)};
    // Mapped, not read: only the pages the header lies on are ever loaded.
    uchar *bytes = file.map(0, size);
    if (!bytes)
        return Error{ErrorCode::ModelError, QStringLiteral("cannot map '%1': %2").arg(path, file.errorString())};
    auto result = parse(QByteArrayView(reinterpret_cast<const char *>(bytes), size));
    file.unmap(bytes);
    if (!result)
        return Error{ErrorCode::ModelError, QStringLiteral("'%1': %2").arg(path, result.error().message)};
    return result;
}

}  // namespace rbee::core
