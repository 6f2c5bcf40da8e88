// HiveListText: `rbee hives` as text: the body of GET /v1/hives as a table for a terminal, and
// under each hive its devices with free/total memory, its models with sizes, its workers and its
// transfers. Pure: no I/O. Hive-supplied text never reaches the terminal with control characters.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace rbee::core {

struct HiveTransfer;

class HiveListText {
public:
    // Empty when the queen knows no hive.
    static QByteArray format(const QJsonObject &hivesBody);

    // "llama from hive:kitchen: 100.0 MiB of 770.3 MiB (13%), running"; for `rbee pull --wait` too.
    static QString transferText(const HiveTransfer &transfer);

    // "512 B", "12.3 KiB", "506.5 MiB", "1.2 GiB".
    static QString sizeText(qint64 bytes);
};

}  // namespace rbee::core
