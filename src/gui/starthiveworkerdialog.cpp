// The "Start worker here" form; see starthiveworkerdialog.h.
#include "starthiveworkerdialog.h"

#include "devicetext.h"
#include "modelloadsettings.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QPushButton>
#include <QSpinBox>

namespace rbee::gui {

using namespace rbee::core;

namespace {
constexpr int kDefaultSlots = 4;
}  // namespace

StartHiveWorkerDialog::StartHiveWorkerDialog(const HiveReport &hive, const QString &preferredModel, QWidget *parent)
    : QDialog(parent)
    , m_hive(hive.name)
    , m_model(new QComboBox(this))
    , m_device(new QComboBox(this))
    , m_slots(new QSpinBox(this))
    , m_ctx(new QSpinBox(this))
{
    setObjectName(QStringLiteral("startHiveWorkerDialog"));
    setWindowTitle(tr("Start a worker on %1").arg(hive.name));
    m_model->setObjectName(QStringLiteral("hiveModelCombo"));
    for (const HiveModel &m : hive.models)
        m_model->addItem(tr("%1 (%2)").arg(m.name, DeviceText::gib(m.sizeBytes)), m.name);
    const int preferred = m_model->findData(preferredModel);
    if (preferred >= 0)
        m_model->setCurrentIndex(preferred);

    m_device->setObjectName(QStringLiteral("hiveDeviceCombo"));
    m_device->addItem(tr("Where it fits (the queen chooses)"), QString());
    for (const ListedDevice &d : hive.devices) {
        const QString free = d.memoryTotalBytes > 0 ? tr("%1 free").arg(DeviceText::gib(d.memoryFreeBytes)) : QString();
        m_device->addItem(free.isEmpty() ? d.label() : tr("%1 · %2").arg(d.label(), free), d.name);
    }

    m_slots->setObjectName(QStringLiteral("hiveSlotsSpin"));
    m_slots->setRange(1, WorkerStartRequest::kMaxSlots);
    m_ctx->setObjectName(QStringLiteral("hiveCtxSpin"));
    m_ctx->setRange(0, 1 << 20);
    m_ctx->setSingleStep(1024);
    m_ctx->setSpecialValueText(tr("Default"));
    m_ctx->setValue(0);
    showRemembered();
    connect(m_model, &QComboBox::currentIndexChanged, this, &StartHiveWorkerDialog::showRemembered);

    auto *form = new QFormLayout(this);
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Device:"), m_device);
    form->addRow(tr("Slots:"), m_slots);
    form->addRow(tr("Context:"), m_ctx);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Start"));
    buttons->button(QDialogButtonBox::Ok)->setEnabled(m_model->count() > 0);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

void StartHiveWorkerDialog::showRemembered()
{
    const auto last = ModelLoadSettings::rememberedOnMachine(m_hive, m_model->currentData().toString());
    // A device the hive no longer lists leaves the queen's placement.
    const int device = last ? m_device->findData(last->device) : -1;
    m_device->setCurrentIndex(qMax(0, device));
    m_slots->setValue(last ? last->slots : kDefaultSlots);
    m_ctx->setValue(last ? last->ctx : 0);
}

WorkerStartRequest StartHiveWorkerDialog::request() const
{
    WorkerStartRequest r;
    r.model = m_model->currentData().toString();
    r.hive = m_hive;
    r.device = m_device->currentData().toString();
    r.slots = m_slots->value();
    r.ctx = m_ctx->value();
    return r;
}

}  // namespace rbee::gui
