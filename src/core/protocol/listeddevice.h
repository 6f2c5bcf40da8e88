// ListedDevice: one element of `rbee-worker --list-devices --json`, the array the desktop app
// reads to offer devices before it starts a worker (docs/protocol.md, "Devices").
#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "../result.h"

namespace rbee::core {

class JsonObjectReader;

struct ListedDevice {
    QString name;         // CPU, Vulkan0, CUDA0: what --device takes
    QString description;  // the device's own name; may be empty
    QString backend;      // CPU, Vulkan, CUDA
    qint64 memoryTotalBytes = 0;
    qint64 memoryFreeBytes = 0;
    bool gpu = false;
    bool software = false;   // a CPU implementation of a GPU API (lavapipe): slower than the CPU backend
    bool isDefault = false;  // what the worker picks without --device

    // "Vulkan0 · AMD Radeon RX 7800 XT", or the name alone without a description.
    QString label() const;

    QJsonObject toJson() const;
    // One element; problems are recorded in `reader` (which names the field).
    static ListedDevice read(JsonObjectReader &reader);
    // The whole array as the worker prints it; an error names the element and field at fault.
    static Result<QList<ListedDevice>> parseList(const QByteArray &json);
    friend bool operator==(const ListedDevice &, const ListedDevice &) = default;
};

}  // namespace rbee::core
