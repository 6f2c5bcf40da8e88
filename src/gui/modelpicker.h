// ModelPicker: fills the chat's model combo box with the models online workers serve, and keeps
// the model the open conversation was saved with chosen: while no worker serves it, it is listed
// as "<model> (not available)" instead of another model being chosen silently. The model name is
// each item's data; the text may say more.
#pragma once

#include <QObject>
#include <QStringList>

class QComboBox;

namespace rbee::gui {

class ModelPicker : public QObject {
    Q_OBJECT
public:
    explicit ModelPicker(QComboBox *combo);

    // The models served now (in order).
    void setServedModels(const QStringList &models);
    // The open conversation's model: chosen whenever it is listed; empty: no preference.
    void setWantedModel(const QString &model);
    // The chosen model's name; empty when none.
    QString currentModel() const;
    bool isCurrentAvailable() const;
    // Chooses `model` if it is listed (the user's choice; it becomes the wanted one).
    void choose(const QString &model);

Q_SIGNALS:
    // The list or the chosen model changed (not sent for the user's own pick: the combo says that).
    void changed();

private:
    void rebuild();

    QComboBox *m_combo;
    QStringList m_served;
    QString m_wanted;
};

}  // namespace rbee::gui
