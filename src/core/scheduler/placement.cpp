// The placement rule; see placement.h.
#include "placement.h"

#include <QStringList>

#include <algorithm>

namespace rbee::core {

namespace {
constexpr qint64 kMiB = qint64(1) << 20;
constexpr qint64 kGiB = qint64(1) << 30;

QString modelList(const HiveRecord &hive)
{
    QStringList names;
    for (const HiveModel &m : hive.last.models)
        names << m.name;
    return names.isEmpty() ? QStringLiteral("no models") : names.join(QStringLiteral(", "));
}

QString hiveNames(const QList<const HiveRecord *> &hives)
{
    QStringList names;
    for (const HiveRecord *h : hives)
        names << h->name();
    return names.join(QStringLiteral(", "));
}

// 404 model_not_found: which hives have which models.
Error modelNotFound(const QList<HiveRecord> &hives, const WorkerStartRequest &request)
{
    QList<const HiveRecord *> online;
    QList<const HiveRecord *> offlineWithModel;
    for (const HiveRecord &h : hives) {
        if (h.online)
            online << &h;
        else if (h.last.model(request.model))
            offlineWithModel << &h;
    }
    QString message;
    if (!request.hive.isEmpty()) {
        QList<const HiveRecord *> withModel;
        const HiveRecord *asked = nullptr;
        for (const HiveRecord *h : online) {
            if (h->name() == request.hive)
                asked = h;
            else if (h->last.model(request.model))
                withModel << h;
        }
        message = QStringLiteral("hive '%1' has no model '%2' (it has: %3)")
                      .arg(request.hive, request.model, asked ? modelList(*asked) : QString());
        message += withModel.isEmpty() ? QStringLiteral("; no other online hive has it")
                                       : QStringLiteral("; online hives that have it: %1").arg(hiveNames(withModel));
    } else if (online.isEmpty()) {
        message = QStringLiteral("no hive is online to start a worker of model '%1' (start rbee-hive --queen URL "
                                 "on a machine)")
                      .arg(request.model);
    } else {
        QStringList parts;
        for (const HiveRecord *h : online)
            parts << QStringLiteral("%1 has %2").arg(h->name(), modelList(*h));
        message =
            QStringLiteral("no online hive has model '%1': %2").arg(request.model, parts.join(QStringLiteral("; ")));
    }
    if (!offlineWithModel.isEmpty())
        message += QStringLiteral(" (offline hives that have it: %1)").arg(hiveNames(offlineWithModel));
    return Error{ErrorCode::ModelNotFound, message, QStringLiteral("model")};
}

// "1 hive", "2 hives"
QString counted(qsizetype n, const QString &word)
{
    return QStringLiteral("%1 %2%3").arg(n).arg(word, n == 1 ? QString() : QStringLiteral("s"));
}

bool better(const PlacementCandidate &a, const PlacementCandidate &b)
{
    if (a.gpu != b.gpu)
        return a.gpu;
    return a.freeBytes > b.freeBytes;  // ties keep registration order (stable sort)
}
}  // namespace

QString Placement::sizeText(qint64 bytes)
{
    if (bytes < kGiB)
        return QStringLiteral("%1 MiB").arg(double(bytes) / double(kMiB), 0, 'f', 1);
    return QStringLiteral("%1 GiB").arg(double(bytes) / double(kGiB), 0, 'f', bytes < 10 * kGiB ? 2 : 1);
}

Result<PlacementPlan> Placement::plan(const QList<HiveRecord> &hives, const WorkerStartRequest &request)
{
    PlacementPlan plan;
    plan.request = request;
    if (!request.hive.isEmpty()) {
        const auto it = std::find_if(hives.cbegin(), hives.cend(),
                                     [&](const HiveRecord &h) { return h.online && h.name() == request.hive; });
        if (it == hives.cend()) {
            QList<const HiveRecord *> online;
            for (const HiveRecord &h : hives) {
                if (h.online)
                    online << &h;
            }
            return Error{ErrorCode::NotFound,
                         QStringLiteral("no online hive named '%1'; online hives: %2")
                             .arg(request.hive, online.isEmpty() ? QStringLiteral("none") : hiveNames(online)),
                         QStringLiteral("hive")};
        }
    }
    const int ctx = request.effectiveCtx();
    const int slots = request.effectiveSlots();
    QStringList refusals;  // why hives or devices with the model were not taken, for the 409
    bool anyWithModel = false;
    bool deviceSeen = request.device.isEmpty();
    QStringList devicesOfHives;
    for (const HiveRecord &h : hives) {
        if (!h.online || (!request.hive.isEmpty() && h.name() != request.hive))
            continue;
        const HiveModel *model = h.last.model(request.model);
        if (!model)
            continue;
        anyWithModel = true;
        if (h.last.maxWorkers > 0 && h.activeWorkers() >= h.last.maxWorkers) {
            refusals << QStringLiteral("%1 runs %2 of its %3 workers")
                            .arg(h.name())
                            .arg(h.activeWorkers())
                            .arg(h.last.maxWorkers);
            continue;
        }
        ++plan.hivesConsidered;
        const qint64 needed = model->deviceBytes(ctx, slots);
        QStringList names;
        for (const ListedDevice &d : h.last.devices) {
            names << d.name;
            if (!request.device.isEmpty() && d.name != request.device)
                continue;
            deviceSeen = true;
            if (d.software && request.device.isEmpty()) {
                refusals << QStringLiteral("%1's %2 is a software device, used only when named").arg(h.name(), d.name);
                continue;
            }
            if (d.memoryFreeBytes < needed) {
                refusals << QStringLiteral("%1's %2 has %3 free, needs %4")
                                .arg(h.name(), d.name, sizeText(d.memoryFreeBytes), sizeText(needed));
                continue;
            }
            plan.candidates.append({h.name(), h.last.url, d.name, d.gpu, d.memoryFreeBytes, needed});
        }
        devicesOfHives << QStringLiteral("%1: %2").arg(h.name(), names.isEmpty() ? QStringLiteral("none")
                                                                                 : names.join(QStringLiteral(", ")));
    }
    if (!anyWithModel)
        return modelNotFound(hives, request);
    if (!deviceSeen) {
        return Error{ErrorCode::NotFound,
                     QStringLiteral("no online hive with model '%1' has a device named '%2' (devices: %3)")
                         .arg(request.model, request.device, devicesOfHives.join(QStringLiteral("; "))),
                     QStringLiteral("device")};
    }
    if (plan.candidates.isEmpty()) {
        const HiveModel *any = nullptr;
        for (const HiveRecord &h : hives) {
            if (h.online && (any = h.last.model(request.model)))
                break;
        }
        QString needs;
        if (any) {
            needs = QStringLiteral(" (it needs %1: weights %2 + KV cache %3 for %4 slots of %5 tokens + compute %6)")
                        .arg(sizeText(any->deviceBytes(ctx, slots)), sizeText(any->sizeBytes),
                             sizeText(any->kvBytesPerToken * qint64(ctx) * slots))
                        .arg(slots)
                        .arg(ctx)
                        .arg(sizeText(any->computeBytes));
        }
        return Error{ErrorCode::Conflict, QStringLiteral("no device has room for a worker of model '%1'%2: %3")
                                              .arg(request.model, needs, refusals.join(QStringLiteral("; ")))};
    }
    std::stable_sort(plan.candidates.begin(), plan.candidates.end(), better);
    return plan;
}

QString PlacementPlan::describe(int index) const
{
    const PlacementCandidate &c = candidates.at(index);
    QString why;
    if (index > 0) {
        why = QStringLiteral("choice %1 of %2 with room")
                  .arg(index + 1)
                  .arg(counted(candidates.size(), QStringLiteral("device")));
    } else if (candidates.size() == 1) {
        why = QStringLiteral("the only device with room on %1").arg(counted(hivesConsidered, QStringLiteral("hive")));
    } else {
        int sameKind = 0;
        bool cpuHasMore = false;
        for (const PlacementCandidate &o : candidates) {
            sameKind += int(o.gpu == c.gpu);
            cpuHasMore = cpuHasMore || (!o.gpu && o.freeBytes > c.freeBytes);
        }
        why = QStringLiteral("most free of %1 with room on %2")
                  .arg(counted(sameKind, c.gpu && cpuHasMore ? QStringLiteral("GPU device") : QStringLiteral("device")),
                       counted(hivesConsidered, QStringLiteral("hive")));
        if (c.gpu && cpuHasMore)
            why.prepend(QStringLiteral("GPU before CPU; "));
    }
    if (!request.hive.isEmpty())
        why += QStringLiteral("; hive %1 as asked").arg(request.hive);
    if (!request.device.isEmpty())
        why += QStringLiteral("; device %1 as asked").arg(request.device);
    return QStringLiteral("placed on %1's %2: needs %3, %4 free (%5)")
        .arg(c.hive, c.device, Placement::sizeText(c.neededBytes), Placement::sizeText(c.freeBytes), why);
}

}  // namespace rbee::core
