// DeviceReport: the device a worker runs its model on, as its /health and heartbeats carry it,
// in flat fields: device, device_description, backend, memory_total_bytes, memory_free_bytes,
// gpu_layers, model_layers (docs/protocol.md, "Devices").
#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace rbee::core {

class JsonObjectReader;

// "15.2 GiB": bytes in binary gigabytes, with `decimals` digits after the point.
QString gibText(qint64 bytes, int decimals = 1);

struct DeviceReport {
    QString name = QStringLiteral("CPU");  // as the worker's --list-devices names it: CPU, Vulkan0, CUDA0
    QString description;                   // the device's own name, e.g. "AMD Radeon RX 7800 XT"; empty: not sent
    QString backend;                       // ggml's backend: CPU, Vulkan, CUDA; empty: not sent
    qint64 memoryTotalBytes = 0;           // 0: not reported
    qint64 memoryFreeBytes = 0;
    int gpuLayers = 0;    // layers on the device, counting the output layer as llama.cpp does
    int modelLayers = 0;  // the model's repeating layers + 1 (the output layer); 0: not reported

    // "Vulkan0 · AMD Radeon RX 7800 XT", or the name alone when there is no description.
    QString label() const;
    // "3.1 GiB free of 8.0 GiB" and "24 of 25 layers on the GPU", for tooltips and `rbee status`;
    // empty when not reported.
    QString memoryText() const;
    QString layersText() const;

    void writeTo(QJsonObject &object) const;
    // Reads the fields; `device` is required when requireName. The others are optional (workers
    // from before they existed do not send them) but checked when present.
    void readFrom(JsonObjectReader &reader, bool requireName);
    static const QStringList &fieldNames();
    friend bool operator==(const DeviceReport &, const DeviceReport &) = default;
};

}  // namespace rbee::core
