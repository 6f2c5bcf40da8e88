// The chat's model combo box; see modelpicker.h.
#include "modelpicker.h"

#include <QComboBox>

namespace rbee::gui {

ModelPicker::ModelPicker(QComboBox *combo) : QObject(combo), m_combo(combo)
{
    // A model the user picks becomes the wanted one, so a registry refresh never undoes it.
    connect(combo, &QComboBox::activated, this, [this](int index) { m_wanted = m_combo->itemData(index).toString(); });
}

void ModelPicker::setServedModels(const QStringList &models)
{
    if (models == m_served)
        return;
    m_served = models;
    rebuild();
}

void ModelPicker::setWantedModel(const QString &model)
{
    m_wanted = model;
    rebuild();
}

void ModelPicker::choose(const QString &model)
{
    if (m_served.contains(model))
        setWantedModel(model);
}

QString ModelPicker::currentModel() const
{
    return m_combo->currentData().toString();
}

bool ModelPicker::isCurrentAvailable() const
{
    return m_served.contains(currentModel());
}

void ModelPicker::rebuild()
{
    const QString keep = m_wanted.isEmpty() ? currentModel() : m_wanted;
    QStringList items = m_served;
    const bool missing = !m_wanted.isEmpty() && !m_served.contains(m_wanted);
    {
        const QSignalBlocker block(m_combo);
        m_combo->clear();
        for (const QString &model : std::as_const(items))
            m_combo->addItem(model, model);
        if (missing)
            m_combo->addItem(tr("%1 (not available)").arg(m_wanted), m_wanted);
        int index = m_combo->findData(keep);
        if (index < 0)
            index = m_combo->count() > 0 ? 0 : -1;
        m_combo->setCurrentIndex(index);
    }
    Q_EMIT changed();
}

}  // namespace rbee::gui
