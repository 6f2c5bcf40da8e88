// Stop reasons in words; see stopreasontext.h.
#include "stopreasontext.h"

namespace rbee::core {

QString StopReasonText::text(StopReason reason)
{
    switch (reason) {
    case StopReason::Length: return tr("reached the length limit");
    case StopReason::Stop: return tr("reached a stop word");
    case StopReason::Eos: return tr("the model finished");
    case StopReason::Cancelled: return tr("stopped by you");
    }
    return tr("reached the length limit");
}

QString StopReasonText::fromName(const QString &name)
{
    const auto reason = stopReasonFromName(name);
    return reason ? text(*reason) : name;
}

}  // namespace rbee::core
