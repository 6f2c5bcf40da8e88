// Layout of the start-a-local-worker dialog and its device list; see startworkerdialog.h.
#include "startworkerdialog.h"

#include <QCheckBox>
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
#include "modelloadsettings.h"

#include "core/model/ggufinfo.h"

#include <QFileInfo>

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
    , m_pathError(new QLabel(this))
    , m_loadAtStart(new QCheckBox(tr("&Load again at next start"), this))
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
    m_pathError->setObjectName(QStringLiteral("pathError"));
    m_pathError->setWordWrap(true);
    m_pathError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_pathError->setStyleSheet(QStringLiteral("color: #c62828;"));
    m_pathError->hide();
    form->addRow(QString(), m_pathError);
    connect(m_path, &QLineEdit::textChanged, m_pathError, &QWidget::hide);

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
    m_threads->setObjectName(QStringLiteral("threadsSpin"));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores"));
    m_threads->setValue(ModelLoadSettings::defaultThreads());
    m_threads->setToolTip(tr("Half the cores by default, so that the desktop stays responsive."));
    m_slots->setObjectName(QStringLiteral("slotsSpin"));
    m_ctx->setObjectName(QStringLiteral("ctxSpin"));
    form->addRow(tr("Threads:"), m_threads);
    m_ctx->setRange(256, 131072);
    m_ctx->setSingleStep(1024);
    m_ctx->setValue(4096);
    form->addRow(tr("Context per slot:"), m_ctx);
    m_loadAtStart->setObjectName(QStringLiteral("loadAtStart"));
    m_loadAtStart->hide();
    form->addRow(QString(), m_loadAtStart);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &StartWorkerDialog::accept);
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
    if (const int wanted = m_device->findData(m_wantedDevice); wanted >= 0)
        m_device->setCurrentIndex(wanted);
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

void StartWorkerDialog::setSettings(const core::LocalWorker::Settings &s)
{
    m_path->setText(s.modelPath);
    m_slots->setValue(s.slots);
    m_threads->setValue(s.threads);
    m_ctx->setValue(s.ctx);
    m_wantedDevice = s.device;
    if (const int i = m_device->findData(s.device); i >= 0)
        m_device->setCurrentIndex(i);
    if (s.gpuLayers.isEmpty()) {
        m_gpuLayers->setCurrentIndex(0);
    } else if (s.gpuLayers == QLatin1String("all")) {
        m_gpuLayers->setCurrentIndex(m_gpuLayers->findData(QStringLiteral("all")));
    } else {
        m_gpuLayers->setCurrentIndex(m_gpuLayers->findData(QStringLiteral("count")));
        m_gpuLayerCount->setValue(s.gpuLayers.toInt());
    }
    updateGpuLayers();
}

void StartWorkerDialog::offerLoadAtStart(bool checked)
{
    m_loadAtStart->setChecked(checked);
    m_loadAtStart->show();
}

bool StartWorkerDialog::loadAtStart() const
{
    return !m_loadAtStart->isHidden() && m_loadAtStart->isChecked();
}

void StartWorkerDialog::accept()
{
    // Said here, where the path can still be corrected, not by a worker that exits at once.
    const QString path = modelPath();
    QString error;
    if (path.isEmpty()) {
        error = tr("Choose a model file (.gguf).");
    } else if (!QFileInfo(path).isFile()) {
        error = tr("There is no file %1.").arg(QDir::toNativeSeparators(path));
    } else if (auto info = core::GgufInfo::read(path); !info) {
        error = tr("%1 is not a GGUF model that rbee can read: %2")
                    .arg(QDir::toNativeSeparators(path), info.error().message);
    }
    if (!error.isEmpty()) {
        m_pathError->setText(error);
        m_pathError->show();
        m_path->setFocus();
        return;
    }
    QDialog::accept();
}

}  // namespace rbee::gui
