// Layout of the start-a-local-worker dialog and its device list; see startworkerdialog.h.
#include "startworkerdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>

#include "core/client/devicelisting.h"
#include "devicetext.h"

namespace rbee::gui {

namespace {
constexpr int kMaxGpuLayers = 9999;

bool isCpu(const core::ListedDevice &d)
{
    return d.backend.compare(QLatin1String("CPU"), Qt::CaseInsensitive) == 0 || (d.backend.isEmpty() && !d.gpu);
}

// As the worker table names devices: "CPU", "Vulkan0 · AMD Radeon RX 7800 XT".
QString shortText(const core::ListedDevice &d)
{
    return isCpu(d) ? d.name : d.label();
}
}  // namespace

StartWorkerDialog::StartWorkerDialog(const QString &modelsFolder, const QString &workerBinary, QWidget *parent)
    : QDialog(parent)
    , m_path(new QLineEdit(this))
    , m_device(new QComboBox(this))
    , m_deviceMessage(new QLabel(this))
    , m_gpuLayers(new QComboBox(this))
    , m_gpuLayerCount(new QSpinBox(this))
    , m_slots(new QSpinBox(this))
    , m_threads(new QSpinBox(this))
    , m_ctx(new QSpinBox(this))
    , m_listing(new core::DeviceListing(this))
{
    setWindowTitle(tr("Start a local worker"));
    auto *form = new QFormLayout(this);
    auto *browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this, modelsFolder] {
        const QString start = QDir(modelsFolder).exists() ? modelsFolder : QDir::homePath();
        const QString file =
            QFileDialog::getOpenFileName(this, tr("Choose a GGUF model"), start, tr("GGUF models (*.gguf)"));
        if (!file.isEmpty())
            m_path->setText(file);
    });
    m_path->setObjectName(QStringLiteral("modelPath"));
    // Wide enough to show a real model path whole.
    m_path->setMinimumWidth(m_path->fontMetrics().horizontalAdvance(QStringLiteral(
                                "/home/someone/.local/share/rbee/models/Qwen2.5-Coder-7B-Instruct-Q4_K_M.gguf"))
                            + 16);
    auto *row = new QHBoxLayout;
    row->addWidget(m_path);
    row->addWidget(browse);
    form->addRow(tr("Model file:"), row);

    m_device->setObjectName(QStringLiteral("deviceCombo"));
    m_device->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_device->addItem(tr("Looking for devices…"));
    m_device->setEnabled(false);
    form->addRow(tr("Device:"), m_device);
    m_deviceMessage->setObjectName(QStringLiteral("deviceMessage"));
    m_deviceMessage->setWordWrap(true);
    m_deviceMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_deviceMessage->hide();
    form->addRow(QString(), m_deviceMessage);

    m_gpuLayers->setObjectName(QStringLiteral("gpuLayersCombo"));
    m_gpuLayers->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_gpuLayers->addItem(tr("Automatic: as many as fit"), QString());
    m_gpuLayers->addItem(tr("All, or fail at start"), QStringLiteral("all"));
    m_gpuLayers->addItem(tr("This many:"), QStringLiteral("count"));
    m_gpuLayerCount->setObjectName(QStringLiteral("gpuLayerCount"));
    m_gpuLayerCount->setRange(0, kMaxGpuLayers);
    m_gpuLayerCount->setValue(0);
    auto *layersRow = new QHBoxLayout;
    layersRow->addWidget(m_gpuLayers, 1);
    layersRow->addWidget(m_gpuLayerCount);
    form->addRow(tr("GPU layers:"), layersRow);

    m_slots->setRange(1, 64);
    m_slots->setValue(4);
    form->addRow(tr("Slots:"), m_slots);
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores"));
    form->addRow(tr("Threads:"), m_threads);
    m_ctx->setRange(256, 131072);
    m_ctx->setSingleStep(1024);
    m_ctx->setValue(4096);
    form->addRow(tr("Context per slot:"), m_ctx);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);

    connect(m_device, &QComboBox::currentIndexChanged, this, &StartWorkerDialog::updateGpuLayers);
    connect(m_gpuLayers, &QComboBox::currentIndexChanged, this, &StartWorkerDialog::updateGpuLayers);
    connect(m_listing, &core::DeviceListing::listed, this, &StartWorkerDialog::onListed);
    connect(m_listing, &core::DeviceListing::failed, this, &StartWorkerDialog::onListingFailed);
    updateGpuLayers();
    m_listing->start(workerBinary);
}

void StartWorkerDialog::onListed(const QList<core::ListedDevice> &devices)
{
    m_devices = devices;
    m_device->clear();
    const core::ListedDevice *chosenByDefault = nullptr;
    for (const core::ListedDevice &d : devices) {
        if (d.isDefault)
            chosenByDefault = &d;
    }
    m_device->addItem(chosenByDefault ? tr("Default (%1)").arg(shortText(*chosenByDefault)) : tr("Default"), QString());
    for (const core::ListedDevice &d : devices) {
        // A device that does not say how much memory it has gets no number rather than "0.0 GiB".
        const bool memory = d.memoryTotalBytes > 0;
        QString text = memory ? tr("%1 — %2 free").arg(shortText(d), DeviceText::gib(d.memoryFreeBytes)) : shortText(d);
        if (d.software)
            text += QLatin1Char(' ') + tr("(software, slower than the CPU)");
        m_device->addItem(text, d.name);
        QString tip = d.description.isEmpty() ? d.name : d.description;
        if (memory) {
            tip += QLatin1Char('\n')
                   + tr("Memory: %1 free of %2")
                         .arg(DeviceText::gib(d.memoryFreeBytes), DeviceText::gib(d.memoryTotalBytes));
        }
        m_device->setItemData(m_device->count() - 1, tip, Qt::ToolTipRole);
    }
    m_device->setEnabled(true);
    m_deviceMessage->hide();
    updateGpuLayers();
    growToFit();
}

void StartWorkerDialog::onListingFailed(const core::Error &error)
{
    m_devices.clear();
    m_device->clear();
    m_device->addItem(tr("Default"), QString());
    m_device->setEnabled(true);
    m_deviceMessage->setText(tr("Could not list devices: %1").arg(error.message));
    m_deviceMessage->show();
    updateGpuLayers();
    growToFit();
}

void StartWorkerDialog::growToFit()
{
    // The device names arrive after the dialog is shown; never shrink what the user widened.
    resize(size().expandedTo(sizeHint()));
}

void StartWorkerDialog::updateGpuLayers()
{
    // Layers go to a GPU; on the CPU there is nothing to choose. Default: whatever the worker picks.
    const QString name = device();
    bool gpu = true;
    for (const core::ListedDevice &d : std::as_const(m_devices)) {
        if (name.isEmpty() ? d.isDefault : d.name == name)
            gpu = !isCpu(d);
    }
    m_gpuLayers->setEnabled(gpu);
    m_gpuLayerCount->setEnabled(gpu && m_gpuLayers->currentData().toString() == QLatin1String("count"));
}

QString StartWorkerDialog::modelPath() const
{
    return m_path->text().trimmed();
}

int StartWorkerDialog::slotCount() const
{
    return m_slots->value();
}

int StartWorkerDialog::threads() const
{
    return m_threads->value();
}

int StartWorkerDialog::contextSize() const
{
    return m_ctx->value();
}

QString StartWorkerDialog::device() const
{
    return m_device->currentData().toString();
}

QString StartWorkerDialog::gpuLayers() const
{
    if (!m_gpuLayers->isEnabled())
        return {};
    const QString choice = m_gpuLayers->currentData().toString();
    return choice == QLatin1String("count") ? QString::number(m_gpuLayerCount->value()) : choice;
}

core::LocalWorker::Settings StartWorkerDialog::settings() const
{
    core::LocalWorker::Settings s;
    s.modelPath = modelPath();
    s.slots = slotCount();
    s.threads = threads();
    s.ctx = contextSize();
    s.device = device();
    s.gpuLayers = gpuLayers();
    return s;
}

}  // namespace rbee::gui
