// StartHiveWorkerDialog: "Start worker here" on a hive of the Machines view (and "Load on a
// machine" in the Models view): a model from that hive's folder, one of its devices (or the
// queen's placement), slots and context. A model's fields start as they were at its last start on
// that hive that the queen accepted (ModelLoadSettings::rememberOnMachine, called by the views).
// Builds the request for POST /v1/workers; sends nothing itself.
#pragma once

#include "core/protocol/hivereport.h"
#include "core/protocol/workerstartrequest.h"

#include <QDialog>

class QComboBox;
class QSpinBox;

namespace rbee::gui {

class StartHiveWorkerDialog : public QDialog {
    Q_OBJECT
public:
    // `preferredModel`: selected at first when the hive has it.
    StartHiveWorkerDialog(const core::HiveReport &hive, const QString &preferredModel = {}, QWidget *parent = nullptr);

    // The hive, model, device (empty: the queen places it), slots and context (0: the worker's default).
    core::WorkerStartRequest request() const;

private:
    void showRemembered();

    QString m_hive;
    QComboBox *m_model;
    QComboBox *m_device;
    QSpinBox *m_slots;
    QSpinBox *m_ctx;
};

}  // namespace rbee::gui
