// StartWorkerDialog: asks for a GGUF file, the device (as `rbee-worker --list-devices` reports
// them, listed in the background when the dialog opens), GPU layers, slots, threads and context
// before the app starts a local rbee-worker. OK with no file, or one that is not a readable GGUF
// model, shows why under the path and keeps the dialog open. Starts nothing itself.
#pragma once

#include <QDialog>
#include <QList>

#include "core/client/localworker.h"
#include "core/protocol/listeddevice.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace rbee::core {
class DeviceListing;
struct Error;
}  // namespace rbee::core

namespace rbee::gui {

class StartWorkerDialog : public QDialog {
    Q_OBJECT
public:
    // `workerBinary`: the rbee-worker the app starts, asked for its devices.
    StartWorkerDialog(const QString &modelsFolder, const QString &workerBinary, QWidget *parent = nullptr);

    QString modelPath() const;
    int slotCount() const;
    int threads() const;  // 0 = all cores
    int contextSize() const;
    // The chosen device's name; empty: the worker's default.
    QString device() const;
    // "all" or a number; empty: the worker's default (auto), and always for a CPU device.
    QString gpuLayers() const;
    // The worker's settings as chosen here (model, device, GPU layers, slots, threads, context);
    // the binary, queen, host and token are the app's to fill in.
    core::LocalWorker::Settings settings() const;
    // Fills the fields from `settings` (the device once the list has it).
    void setSettings(const core::LocalWorker::Settings &settings);
    // Shows "Load again at next start", checked as given.
    void offerLoadAtStart(bool checked);
    bool loadAtStart() const;

public Q_SLOTS:
    void accept() override;

private:
    void onListed(const QList<core::ListedDevice> &devices);
    void onListingFailed(const core::Error &error);
    void updateGpuLayers();
    void growToFit();

    QLineEdit *m_path;
    QComboBox *m_device;
    QLabel *m_deviceMessage;
    QComboBox *m_gpuLayers;
    QSpinBox *m_gpuLayerCount;
    QSpinBox *m_slots;
    QSpinBox *m_threads;
    QSpinBox *m_ctx;
    QLabel *m_pathError;
    QCheckBox *m_loadAtStart;
    QString m_wantedDevice;  // from setSettings(), chosen when the devices are listed
    core::DeviceListing *m_listing;
    QList<core::ListedDevice> m_devices;
};

}  // namespace rbee::gui
