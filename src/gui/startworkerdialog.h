// StartWorkerDialog: asks for a GGUF file and the worker's slots, threads and context before the
// app starts a local rbee-worker.
#pragma once

#include <QDialog>

class QLineEdit;
class QSpinBox;

namespace rbee::gui {

class StartWorkerDialog : public QDialog {
    Q_OBJECT
public:
    explicit StartWorkerDialog(const QString &modelsFolder, QWidget *parent = nullptr);

    QString modelPath() const;
    int slotCount() const;
    int threads() const;  // 0 = all cores
    int contextSize() const;

private:
    QLineEdit *m_path;
    QSpinBox *m_slots;
    QSpinBox *m_threads;
    QSpinBox *m_ctx;
};

}  // namespace rbee::gui
