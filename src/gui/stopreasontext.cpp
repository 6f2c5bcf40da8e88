// Stop reasons in words; see stopreasontext.h.
#include "stopreasontext.h"

namespace rbee::gui {

QString StopReasonText::text(core::StopReason reason)
{
    switch (reason) {
    case core::StopReason::Length: return tr("reached the length limit");
    case core::StopReason::Stop: return tr("reached a stop word");
    case core::StopReason::Eos: return tr("the model finished");
    case core::StopReason::Cancelled: return tr("stopped by you");
    }
    return tr("reached the length limit");
}

QString StopReasonText::fromName(const QString &name)
{
    const auto reason = core::stopReasonFromName(name);
    return reason ? text(*reason) : name;
}

}  // namespace rbee::gui
