// WorkerListText: `rbee status` as text: the body of GET /v1/workers as a table for a terminal,
// with a note under a worker when something needs an operator's eye (why it is offline, a clock
// that disagrees with the queen's, another rbee version). Pure: no I/O.
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace rbee::core {

class WorkerListText {
public:
    // Clock differences up to this are not worth a note.
    static constexpr qint64 kSkewNotedAboveMs = 1000;

    // `ownVersion`: this rbee's version; a worker running another is noted.
    static QByteArray format(const QJsonObject &workersBody, const QString &ownVersion);
};

}  // namespace rbee::core
