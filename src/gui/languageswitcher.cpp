// Installing and replacing the translators and the default locale; see languageswitcher.h.
#include "languageswitcher.h"

#include "appsettings.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace rbee::gui {

LanguageSwitcher::LanguageSwitcher(QObject *parent) : QObject(parent)
{
    setObjectName(QStringLiteral("rbeeLanguageSwitcher"));
}

LanguageSwitcher *LanguageSwitcher::instance()
{
    QCoreApplication *app = QCoreApplication::instance();
    if (auto *existing =
            app->findChild<LanguageSwitcher *>(QStringLiteral("rbeeLanguageSwitcher"), Qt::FindDirectChildrenOnly))
        return existing;
    return new LanguageSwitcher(app);
}

QString LanguageSwitcher::uiLanguage(const QString &setting)
{
    const QStringList offered = AppSettings::languages();
    if (setting != QLatin1String("system"))
        return offered.contains(setting) ? setting : QStringLiteral("en");
    for (const QString &tag : QLocale::system().uiLanguages()) {
        const QString code = QLocale(tag).name().section(u'_', 0, 0);
        if (code != QLatin1String("system") && offered.contains(code))
            return code;
    }
    return QStringLiteral("en");
}

void LanguageSwitcher::removeTranslators()
{
    for (QTranslator **t : {&m_qt, &m_own}) {
        if (*t) {
            QCoreApplication::removeTranslator(*t);
            delete *t;
            *t = nullptr;
        }
    }
}

bool LanguageSwitcher::apply(const QString &setting)
{
    const QString code = uiLanguage(setting);
    removeTranslators();
    m_language = code;
    // Numbers and dates follow the language shown ("962,9" in German), not a mix of two; the
    // system's own locale where it speaks that language (en_GB, de_AT).
    const QLocale system = QLocale::system();
    QLocale::setDefault(system.name().section(u'_', 0, 0) == code ? system : QLocale(code));
    if (code == QLatin1String("en")) {
        // The sources are English. Widgets were told if a catalogue was removed; the locale may
        // have changed all the same, so tell them again (a second retranslation costs nothing).
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(QCoreApplication::instance(), &change);
        return true;
    }
    bool complete = true;
    // Qt's own buttons and dialogs (Yes, No, Cancel, …): Debian's qt6-translations-l10n.
    auto *qt = new QTranslator(this);
    if (qt->load(QStringLiteral("qtbase_") + code, QLibraryInfo::path(QLibraryInfo::TranslationsPath))
        && QCoreApplication::installTranslator(qt)) {
        m_qt = qt;
    } else {
        qWarning("rbee: Qt's own translation qtbase_%s.qm is missing from %s (Debian: qt6-translations-l10n)",
                 qPrintable(code), qPrintable(QLibraryInfo::path(QLibraryInfo::TranslationsPath)));
        delete qt;
        complete = false;
    }
    auto *own = new QTranslator(this);
    if (own->load(QStringLiteral(":/i18n/rbee_") + code + QStringLiteral(".qm"))
        && QCoreApplication::installTranslator(own)) {
        m_own = own;
    } else {
        delete own;
        complete = false;
    }
    return complete;
}

}  // namespace rbee::gui
