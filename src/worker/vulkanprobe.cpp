// Lists Vulkan physical devices through a run-time-loaded libvulkan.so.1; see vulkanprobe.h.
#include "vulkanprobe.h"

#if __has_include(<vulkan/vulkan.h>)
#define RBEE_HAVE_VULKAN_HEADERS 1
#include <vulkan/vulkan.h>
#endif

#include <dlfcn.h>

#include <vector>

namespace rbee::worker {

QList<VulkanPhysicalDevice> VulkanProbe::physicalDevices()
{
    QList<VulkanPhysicalDevice> result;
#ifdef RBEE_HAVE_VULKAN_HEADERS
    void *loader = dlopen("libvulkan.so.1", RTLD_NOW | RTLD_LOCAL);
    if (!loader)
        return result;
    const auto getInstanceProc = reinterpret_cast<PFN_vkGetInstanceProcAddr>(dlsym(loader, "vkGetInstanceProcAddr"));
    const auto createInstance =
        getInstanceProc ? reinterpret_cast<PFN_vkCreateInstance>(getInstanceProc(nullptr, "vkCreateInstance"))
                        : nullptr;
    VkInstance instance = VK_NULL_HANDLE;
    VkApplicationInfo app{};
    app.sType = VK_STRUCTURE_TYPE_APPLICATION_INFO;
    app.pApplicationName = "rbee-worker";
    app.apiVersion = VK_API_VERSION_1_1;
    VkInstanceCreateInfo info{};
    info.sType = VK_STRUCTURE_TYPE_INSTANCE_CREATE_INFO;
    info.pApplicationInfo = &app;
    if (createInstance && createInstance(&info, nullptr, &instance) == VK_SUCCESS) {
        const auto enumerate =
            reinterpret_cast<PFN_vkEnumeratePhysicalDevices>(getInstanceProc(instance, "vkEnumeratePhysicalDevices"));
        const auto properties = reinterpret_cast<PFN_vkGetPhysicalDeviceProperties>(
            getInstanceProc(instance, "vkGetPhysicalDeviceProperties"));
        const auto destroy = reinterpret_cast<PFN_vkDestroyInstance>(getInstanceProc(instance, "vkDestroyInstance"));
        uint32_t count = 0;
        if (enumerate && properties && enumerate(instance, &count, nullptr) == VK_SUCCESS && count > 0) {
            std::vector<VkPhysicalDevice> devices(count);
            if (enumerate(instance, &count, devices.data()) >= VK_SUCCESS) {
                for (uint32_t i = 0; i < count; ++i) {
                    VkPhysicalDeviceProperties p{};
                    properties(devices[i], &p);
                    result.append(
                        {int(i), QString::fromUtf8(p.deviceName), p.deviceType == VK_PHYSICAL_DEVICE_TYPE_CPU});
                }
            }
        }
        if (destroy)
            destroy(instance, nullptr);
    }
    // The loader stays open: ggml's Vulkan backend opens it next, and some drivers do not
    // take being unloaded and loaded again in one process.
#endif
    return result;
}

}  // namespace rbee::worker
