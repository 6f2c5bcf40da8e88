// Fuzz target: the queen's heartbeat reader (parseJsonObject, then Heartbeat::fromJson, as the
// queen's POST /v1/worker-heartbeat calls them). An accepted heartbeat is consistent, names an
// http(s) URL with a host, and what toJson() writes for it (what a worker sends) reads back the same.
#include <QUrl>

#include "core/json.h"
#include "core/protocol/heartbeat.h"
#include "fuzzcheck.h"

using rbee::core::Heartbeat;
using rbee::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto body = rbee::core::parseJsonObject(QByteArray(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!body)
        return 0;
    const auto heartbeat = Heartbeat::fromJson(body.value());
    if (!heartbeat) {
        require(!heartbeat.error().message.isEmpty(), "a refusal says what is wrong");
        return 0;
    }
    const Heartbeat &hb = heartbeat.value();
    require(!hb.workerId.isEmpty() && !hb.model.isEmpty(), "worker_id and model are not empty");
    require(hb.slotsTotal >= 1 && hb.slotsBusy >= 0 && hb.slotsBusy <= hb.slotsTotal, "slots are consistent");
    require(hb.queueDepth >= 0 && hb.ctxSize >= 1 && hb.sentAtMs >= 0, "counters are not negative");
    const QUrl url(hb.url, QUrl::StrictMode);
    require(url.isValid() && !url.host().isEmpty(), "the url has a host");
    const auto again = Heartbeat::fromJson(hb.toJson());
    require(again && again.value() == hb, "toJson() of an accepted heartbeat reads back as the same heartbeat");
    return 0;
}
