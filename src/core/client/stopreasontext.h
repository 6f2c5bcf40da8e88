// StopReasonText: why an answer ended, in plain words for people ("reached the length limit",
// "stopped by you"), for every stop reason of the stream protocol: the chat's footer and `rbee
// infer`'s end line. The wire names stay in core/protocol/streamevents.h; this class only words them.
#pragma once

#include "core/protocol/streamevents.h"

#include <QCoreApplication>
#include <QString>

namespace rbee::core {

class StopReasonText {
    Q_DECLARE_TR_FUNCTIONS(StopReasonText)

public:
    static QString text(StopReason reason);
    // The words for a stop reason's wire name (as saved in a conversation); an unknown name as it is.
    static QString fromName(const QString &name);
};

}  // namespace rbee::core
