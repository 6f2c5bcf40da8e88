// VulkanProbe: the machine's Vulkan physical devices (name and kind), read through the system's
// Vulkan loader (libvulkan.so.1, opened at run time) before ggml's Vulkan backend starts.
//
// ggml's Vulkan backend lists only GPUs unless GGML_VK_VISIBLE_DEVICES names devices; a machine
// whose only Vulkan device is a CPU implementation (Mesa's lavapipe) would show no Vulkan device
// at all. ComputeDevices uses this probe to show such devices (and to mark them as software
// devices, never picked by default). No Vulkan loader, or no Vulkan headers at build time: an
// empty list.
#pragma once

#include <QList>
#include <QString>

namespace rbee::worker {

struct VulkanPhysicalDevice {
    int index = 0;       // the loader's order, as GGML_VK_VISIBLE_DEVICES counts
    QString name;        // e.g. "llvmpipe (LLVM 15.0.6, 256 bits)"
    bool isCpu = false;  // VK_PHYSICAL_DEVICE_TYPE_CPU: a software implementation
};

class VulkanProbe {
public:
    static QList<VulkanPhysicalDevice> physicalDevices();
};

}  // namespace rbee::worker
