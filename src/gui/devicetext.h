// DeviceText: how the app names a worker's device: the short text of the worker table's Device
// column and of the chat footer, and the Device cell's tooltip. Translated; no state.
#pragma once

#include <QCoreApplication>
#include <QString>

namespace rbee::core {
struct DeviceReport;
}

namespace rbee::gui {

class DeviceText {
    Q_DECLARE_TR_FUNCTIONS(DeviceText)
public:
    // "Vulkan0 · AMD Radeon RX 7800 XT" for a GPU; "CPU" for the CPU backend (its description is
    // the long CPU brand string, left to the tooltip); a worker that sends no description (older
    // versions): its device string as it is.
    static QString shortText(const core::DeviceReport &device);
    // The description, the backend, memory free of total, and for a GPU how many of the model's
    // layers are on it; one line each, lines without data left out.
    static QString toolTip(const core::DeviceReport &device);
    // "15.2 GiB" in the user's locale.
    static QString gib(qint64 bytes);
    // A file's size: MiB below 1 GiB (a small model is not "0.0 GiB"), else as gib().
    static QString fileSize(qint64 bytes);
    static bool isCpu(const core::DeviceReport &device);
};

}  // namespace rbee::gui
