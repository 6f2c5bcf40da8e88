// LanguageSwitcher: the app's translators (Qt's own qtbase catalogue for standard buttons and
// dialogs, and rbee's) and the default QLocale for numbers. apply() swaps them at run time; Qt then
// sends QEvent::LanguageChange to every widget, which retranslates itself. One per application.
#pragma once

#include <QObject>
#include <QString>

class QTranslator;

namespace rbee::gui {

class LanguageSwitcher : public QObject {
    Q_OBJECT
public:
    // The application's switcher (a child of QCoreApplication, created on first use).
    static LanguageSwitcher *instance();

    // "system" | "en" | "de" | "fr" -> the language shown ("en" where the system's is not offered).
    static QString uiLanguage(const QString &setting);

    // Installs the catalogues of the setting's language (none for English, whose texts are the
    // sources) and makes its locale the default for numbers. Returns false when a catalogue of a
    // translated language is missing (the app then shows English for that part).
    bool apply(const QString &setting);
    // The language applied last ("en" before any).
    QString language() const { return m_language; }

private:
    explicit LanguageSwitcher(QObject *parent);
    void removeTranslators();

    QTranslator *m_qt = nullptr;
    QTranslator *m_own = nullptr;
    QString m_language = QStringLiteral("en");
};

}  // namespace rbee::gui
