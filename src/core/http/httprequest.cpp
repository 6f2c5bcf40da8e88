// Header lookup for HttpRequest.
#include "httprequest.h"

namespace rbee::core {

QByteArray HttpRequest::header(QByteArrayView lowerName) const
{
    for (const auto &h : headers) {
        if (h.first == lowerName)
            return h.second;
    }
    return {};
}

}  // namespace rbee::core
