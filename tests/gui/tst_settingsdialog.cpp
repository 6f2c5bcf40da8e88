// AppSettings and SettingsDialog (offscreen): defaults, a QSettings round trip in a temporary INI
// file, which changes need a restart, the form showing and returning values, OK refusing an
// invalid address or (unless confirmed) a network address without a token, the Queen page's two
// modes, TokenKeyring switched off (RBEE_KEYRING=off: the user's keyring is never touched), and
// the main window saving a connected queen's token without a keyring: in the file, with a warning.
#include "gui/appsettings.h"
#include "gui/mainwindow.h"
#include "gui/settingsdialog.h"
#include "gui/tokenkeyring.h"
#include "widgetchild.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include "core/client/remotequeenconnection.h"

using namespace rbee;
using rbee::gui::AppSettings;
using rbee::gui::SettingsDialog;
using rbee::test::child;

namespace {

AppSettings edited()
{
    AppSettings s;
    s.listenHost = QStringLiteral("192.168.1.20");
    s.listenPort = 9000;
    s.token = QStringLiteral("s3cret");
    s.heartbeatTimeoutMs = 30000;
    s.policy = core::SchedulingPolicy::LeastLoaded;
    s.modelsFolder = QStringLiteral("/data/models");
    s.trayEnabled = true;
    s.theme = AppSettings::Theme::Dark;
    s.language = QStringLiteral("de");
    return s;
}

AppSettings connected()
{
    AppSettings s = edited();
    s.queenMode = AppSettings::QueenMode::Connect;
    s.queenUrl = QUrl(QStringLiteral("http://192.168.1.10:7833"));
    s.queenToken = QStringLiteral("remote-s3cret");
    return s;
}

// Closes the next modal message box and returns its text through `text`.
void closeNextMessageBox(QString *text)
{
    QTimer::singleShot(0, [text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box) {
            closeNextMessageBox(text);  // not shown yet
            return;
        }
        *text = box->text();
        box->close();
    });
}

}  // namespace

class TestSettingsDialog : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString iniPath(const QString &name) const { return m_dir.filePath(name + QStringLiteral(".ini")); }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qputenv("RBEE_KEYRING", "off");
        QVERIFY(m_dir.isValid());
    }

    void defaults_areDocumentedValues()
    {
        const AppSettings s;
        QCOMPARE(s.listenHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.listenPort, quint16(7833));
        QVERIFY(s.token.isEmpty());
        QCOMPARE(s.heartbeatTimeoutMs, 15000);
        QCOMPARE(s.policy, core::SchedulingPolicy::CacheAware);
        QCOMPARE(s.modelsFolder,
                 QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/models"));
        QVERIFY(!s.trayEnabled);
        QCOMPARE(s.theme, AppSettings::Theme::System);
        QCOMPARE(s.language, QStringLiteral("system"));
        QVERIFY(s.isLoopback());
        QCOMPARE(s.queenMode, AppSettings::QueenMode::Host);
        QVERIFY(s.queenUrl.isEmpty());
        QVERIFY(s.queenToken.isEmpty());
        QVERIFY(!s.queenTokenInFile);
    }

    void load_emptyFile_givesDefaults()
    {
        QSettings settings(iniPath(QStringLiteral("empty")), QSettings::IniFormat);
        QVERIFY(AppSettings::load(settings) == AppSettings());
    }

    void saveThenLoad_roundTripsEveryValue()
    {
        const AppSettings original = edited();
        {
            QSettings settings(iniPath(QStringLiteral("roundtrip")), QSettings::IniFormat);
            original.save(settings);
            settings.sync();
            QCOMPARE(settings.status(), QSettings::NoError);
        }
        QSettings settings(iniPath(QStringLiteral("roundtrip")), QSettings::IniFormat);
        const AppSettings loaded = AppSettings::load(settings);
        QCOMPARE(loaded.listenHost, original.listenHost);
        QCOMPARE(loaded.listenPort, original.listenPort);
        QCOMPARE(loaded.token, original.token);
        QCOMPARE(loaded.heartbeatTimeoutMs, original.heartbeatTimeoutMs);
        QCOMPARE(loaded.policy, original.policy);
        QCOMPARE(loaded.modelsFolder, original.modelsFolder);
        QCOMPARE(loaded.trayEnabled, original.trayEnabled);
        QCOMPARE(loaded.theme, original.theme);
        QCOMPARE(loaded.language, original.language);
        QVERIFY(loaded == original);
    }

    void connectMode_roundTrips_tokenNotInTheFile()
    {
        const AppSettings original = connected();  // queenTokenInFile false: the keyring holds it
        {
            QSettings settings(iniPath(QStringLiteral("connect")), QSettings::IniFormat);
            original.save(settings);
            settings.sync();
        }
        QSettings settings(iniPath(QStringLiteral("connect")), QSettings::IniFormat);
        QCOMPARE(settings.value(QStringLiteral("queen/mode")).toString(), QStringLiteral("connect"));
        QCOMPARE(settings.value(QStringLiteral("queen/url")).toString(), QStringLiteral("http://192.168.1.10:7833"));
        QVERIFY(!settings.contains(QStringLiteral("queen/remoteToken")));
        QFile file(iniPath(QStringLiteral("connect")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("remote-s3cret"));
        const AppSettings loaded = AppSettings::load(settings);
        QCOMPARE(loaded.queenMode, AppSettings::QueenMode::Connect);
        QCOMPARE(loaded.queenUrl, original.queenUrl);
        QVERIFY(loaded.queenToken.isEmpty());  // the caller reads it from the keyring
        QVERIFY(!loaded.queenTokenInFile);
    }

    void connectMode_withoutKeyring_tokenInTheFile_roundTrips()
    {
        AppSettings original = connected();
        original.queenTokenInFile = true;
        {
            QSettings settings(iniPath(QStringLiteral("connect-file")), QSettings::IniFormat);
            original.save(settings);
        }
        QSettings settings(iniPath(QStringLiteral("connect-file")), QSettings::IniFormat);
        QVERIFY(AppSettings::load(settings) == original);
        // Saved again once a keyring runs: the plain-text copy goes.
        original.queenTokenInFile = false;
        original.save(settings);
        QVERIFY(!settings.contains(QStringLiteral("queen/remoteToken")));
    }

    void parseQueenUrl_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("valid");
        QTest::newRow("http") << QStringLiteral("http://127.0.0.1:7833") << true;
        QTest::newRow("https") << QStringLiteral("https://queen.lan") << true;
        QTest::newRow("spaces") << QStringLiteral("  http://queen.lan:7833  ") << true;
        QTest::newRow("no scheme") << QStringLiteral("127.0.0.1:7833") << false;
        QTest::newRow("ftp") << QStringLiteral("ftp://queen.lan") << false;
        QTest::newRow("no host") << QStringLiteral("http://") << false;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("garbage") << QStringLiteral("http://exa mple") << false;
    }
    void parseQueenUrl()
    {
        QFETCH(QString, text);
        QFETCH(bool, valid);
        QCOMPARE(AppSettings::parseQueenUrl(text).has_value(), valid);
    }

    void load_invalidValues_fallBackToDefaults()
    {
        QSettings settings(iniPath(QStringLiteral("invalid")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("queen/port"), 70000);
        settings.setValue(QStringLiteral("queen/heartbeatTimeoutMs"), 5);
        settings.setValue(QStringLiteral("queen/policy"), QStringLiteral("round-robin"));
        settings.setValue(QStringLiteral("ui/theme"), QStringLiteral("purple"));
        settings.setValue(QStringLiteral("ui/language"), QStringLiteral("xx"));
        settings.setValue(QStringLiteral("queen/mode"), QStringLiteral("elsewhere"));
        settings.setValue(QStringLiteral("queen/url"), QStringLiteral("not a url"));
        const AppSettings loaded = AppSettings::load(settings);
        QVERIFY(loaded == AppSettings());
    }

    void queenOptions_carryTheQueenSettings()
    {
        const core::QueenOptions options = edited().queenOptions();
        QCOMPARE(options.host, QStringLiteral("192.168.1.20"));
        QCOMPARE(options.port, quint16(9000));
        QCOMPARE(options.token, QStringLiteral("s3cret"));
        QCOMPARE(options.heartbeatTimeoutMs, qint64(30000));
        QCOMPARE(options.jobs.policy, core::SchedulingPolicy::LeastLoaded);
    }

    void needsRestart_onlyForAddressPortToken_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("restart");
        QTest::newRow("host") << QStringLiteral("host") << true;
        QTest::newRow("port") << QStringLiteral("port") << true;
        QTest::newRow("token") << QStringLiteral("token") << true;
        QTest::newRow("heartbeat") << QStringLiteral("heartbeat") << false;
        QTest::newRow("policy") << QStringLiteral("policy") << false;
        QTest::newRow("models") << QStringLiteral("models") << false;
        QTest::newRow("tray") << QStringLiteral("tray") << false;
        QTest::newRow("theme") << QStringLiteral("theme") << false;
        QTest::newRow("language") << QStringLiteral("language") << false;
        QTest::newRow("nothing") << QString() << false;
        QTest::newRow("mode") << QStringLiteral("mode") << true;
        QTest::newRow("queen url (hosting)") << QStringLiteral("url") << false;
    }
    void needsRestart_onlyForAddressPortToken()
    {
        QFETCH(QString, field);
        QFETCH(bool, restart);
        const AppSettings old;
        AppSettings s = old;
        if (field == QLatin1String("host"))
            s.listenHost = QStringLiteral("0.0.0.0");
        else if (field == QLatin1String("port"))
            s.listenPort = 7834;
        else if (field == QLatin1String("token"))
            s.token = QStringLiteral("t");
        else if (field == QLatin1String("heartbeat"))
            s.heartbeatTimeoutMs = 2000;
        else if (field == QLatin1String("policy"))
            s.policy = core::SchedulingPolicy::LeastLoaded;
        else if (field == QLatin1String("models"))
            s.modelsFolder = QStringLiteral("/elsewhere");
        else if (field == QLatin1String("tray"))
            s.trayEnabled = true;
        else if (field == QLatin1String("theme"))
            s.theme = AppSettings::Theme::Light;
        else if (field == QLatin1String("language"))
            s.language = QStringLiteral("fr");
        else if (field == QLatin1String("mode"))
            s.queenMode = AppSettings::QueenMode::Connect;
        else if (field == QLatin1String("url"))
            s.queenUrl = QUrl(QStringLiteral("http://elsewhere:7833"));
        QCOMPARE(s.needsRestartComparedTo(old), restart);
    }

    void needsRestart_connected_forUrlAndTokenOnly_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<bool>("restart");
        QTest::newRow("url") << QStringLiteral("url") << true;
        QTest::newRow("queen token") << QStringLiteral("queenToken") << true;
        QTest::newRow("listen host") << QStringLiteral("host") << false;
        QTest::newRow("policy") << QStringLiteral("policy") << false;
    }
    void needsRestart_connected_forUrlAndTokenOnly()
    {
        QFETCH(QString, field);
        QFETCH(bool, restart);
        const AppSettings old = connected();
        AppSettings s = old;
        if (field == QLatin1String("url"))
            s.queenUrl = QUrl(QStringLiteral("http://elsewhere:7833"));
        else if (field == QLatin1String("queenToken"))
            s.queenToken = QStringLiteral("other");
        else if (field == QLatin1String("host"))
            s.listenHost = QStringLiteral("0.0.0.0");
        else if (field == QLatin1String("policy"))
            s.policy = core::SchedulingPolicy::FirstAvailable;
        QCOMPARE(s.needsRestartComparedTo(old), restart);
    }

    void isLoopback_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("loopback");
        QTest::newRow("127.0.0.1") << QStringLiteral("127.0.0.1") << true;
        QTest::newRow("127.1.2.3") << QStringLiteral("127.1.2.3") << true;
        QTest::newRow("::1") << QStringLiteral("::1") << true;
        QTest::newRow("localhost") << QStringLiteral("localhost") << true;
        QTest::newRow("0.0.0.0") << QStringLiteral("0.0.0.0") << false;
        QTest::newRow("::") << QStringLiteral("::") << false;
        QTest::newRow("lan") << QStringLiteral("192.168.1.20") << false;
    }
    void isLoopback()
    {
        QFETCH(QString, host);
        QFETCH(bool, loopback);
        AppSettings s;
        s.listenHost = host;
        QCOMPARE(s.isLoopback(), loopback);
    }

    void dialog_showsCurrentValues()
    {
        SettingsDialog dialog(edited());
        QCOMPARE(child<QLineEdit>(dialog, "addressEdit")->text(), QStringLiteral("192.168.1.20"));
        QCOMPARE(child<QSpinBox>(dialog, "portSpin")->value(), 9000);
        auto *token = child<QLineEdit>(dialog, "tokenEdit");
        QCOMPARE(token->text(), QStringLiteral("s3cret"));
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        child<QCheckBox>(dialog, "showTokenCheck")->setChecked(true);
        QCOMPARE(token->echoMode(), QLineEdit::Normal);
        QCOMPARE(child<QSpinBox>(dialog, "heartbeatSpin")->value(), 30000);
        QCOMPARE(child<QComboBox>(dialog, "policyCombo")->currentData().toString(), QStringLiteral("least-loaded"));
        QCOMPARE(child<QLineEdit>(dialog, "modelsFolderEdit")->text(), QStringLiteral("/data/models"));
        // The offscreen platform has no tray: the option is off and disabled (tst_readability), the
        // choice kept.
        QVERIFY(!child<QCheckBox>(dialog, "trayCheck")->isEnabled());
        QCOMPARE(child<QComboBox>(dialog, "themeCombo")->currentData().toString(), QStringLiteral("dark"));
        QCOMPARE(child<QComboBox>(dialog, "languageCombo")->currentData().toString(), QStringLiteral("de"));
        QVERIFY(dialog.settings() == edited());
    }

    void policyCombo_offersEveryPolicy()
    {
        SettingsDialog dialog{AppSettings()};
        auto *combo = child<QComboBox>(dialog, "policyCombo");
        QStringList offered;
        for (int i = 0; i < combo->count(); ++i)
            offered << combo->itemData(i).toString();
        QStringList expected;
        for (const core::SchedulingPolicy p : core::schedulingPolicies())
            expected << core::schedulingPolicyName(p);
        QCOMPARE(offered, expected);
        combo->setCurrentIndex(combo->findData(QStringLiteral("cache-aware")));
        QCOMPARE(dialog.settings().policy, core::SchedulingPolicy::CacheAware);
    }

    void dialog_returnsEditsOnOk()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *address = child<QLineEdit>(dialog, "addressEdit");
        address->clear();
        QTest::keyClicks(address, QStringLiteral("127.0.0.2"));
        child<QSpinBox>(dialog, "portSpin")->setValue(7900);
        child<QLineEdit>(dialog, "tokenEdit")->setText(QStringLiteral("abc"));
        child<QSpinBox>(dialog, "heartbeatSpin")->setValue(5000);
        child<QComboBox>(dialog, "policyCombo")->setCurrentIndex(1);
        child<QLineEdit>(dialog, "modelsFolderEdit")->setText(QStringLiteral("/m"));
        child<QCheckBox>(dialog, "trayCheck")->setChecked(true);  // disabled: no tray offscreen
        child<QComboBox>(dialog, "themeCombo")->setCurrentIndex(1);
        child<QComboBox>(dialog, "languageCombo")->setCurrentIndex(3);
        bool asked = false;
        dialog.setConfirm([&asked](const QString &) { return asked = true; });

        QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!asked);  // loopback: nothing to confirm
        const AppSettings s = dialog.settings();
        QCOMPARE(s.listenHost, QStringLiteral("127.0.0.2"));
        QCOMPARE(s.listenPort, quint16(7900));
        QCOMPARE(s.token, QStringLiteral("abc"));
        QCOMPARE(s.heartbeatTimeoutMs, 5000);
        QCOMPARE(s.policy, core::SchedulingPolicy::LeastLoaded);
        QCOMPARE(s.modelsFolder, QStringLiteral("/m"));
        QVERIFY(!s.trayEnabled);  // the saved choice (off), as no tray exists to keep running in
        QCOMPARE(s.theme, AppSettings::Theme::Light);
        QCOMPARE(s.language, QStringLiteral("fr"));
    }

    void invalidAddress_staysOpenAndNamesTheProblem()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QLineEdit>(dialog, "addressEdit")->setText(QStringLiteral("my-laptop"));
        QVERIFY(dialog.validationProblem().contains(QStringLiteral("my-laptop")));
        QString shown;
        closeNextMessageBox(&shown);
        dialog.accept();
        QVERIFY2(shown.contains(QStringLiteral("\"my-laptop\" is not an IP address")), qPrintable(shown));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));  // never accepted
    }

    void networkWithoutToken_refused_staysOpen()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QLineEdit>(dialog, "addressEdit")->setText(QStringLiteral("0.0.0.0"));
        QString question;
        dialog.setConfirm([&question](const QString &q) {
            question = q;
            return false;
        });
        dialog.accept();
        QCOMPARE(question,
                 QStringLiteral("Anyone on your network could use these workers. Listen on 0.0.0.0 without a token?"));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void networkWithoutToken_confirmed_accepts()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QLineEdit>(dialog, "addressEdit")->setText(QStringLiteral("0.0.0.0"));
        int asked = 0;
        dialog.setConfirm([&asked](const QString &) {
            ++asked;
            return true;
        });
        dialog.accept();
        QCOMPARE(asked, 1);
        QVERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.settings().listenHost, QStringLiteral("0.0.0.0"));
    }

    void networkWithToken_asksNothing()
    {
        SettingsDialog dialog{AppSettings()};
        child<QLineEdit>(dialog, "addressEdit")->setText(QStringLiteral("192.168.1.20"));
        child<QLineEdit>(dialog, "tokenEdit")->setText(QStringLiteral("t"));
        bool asked = false;
        dialog.setConfirm([&asked](const QString &) { return asked = true; });
        dialog.accept();
        QVERIFY(!asked);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    void queenPage_modeSwitch_enablesOnlyThatModesFields()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto *hostRadio = child<QRadioButton>(dialog, "hostRadio");
        auto *connectRadio = child<QRadioButton>(dialog, "connectRadio");
        const auto hostFields = {static_cast<QWidget *>(child<QLineEdit>(dialog, "addressEdit")),
                                 static_cast<QWidget *>(child<QSpinBox>(dialog, "portSpin")),
                                 static_cast<QWidget *>(child<QLineEdit>(dialog, "tokenEdit")),
                                 static_cast<QWidget *>(child<QSpinBox>(dialog, "heartbeatSpin")),
                                 static_cast<QWidget *>(child<QComboBox>(dialog, "policyCombo"))};
        const auto connectFields = {static_cast<QWidget *>(child<QLineEdit>(dialog, "queenUrlEdit")),
                                    static_cast<QWidget *>(child<QLineEdit>(dialog, "queenTokenEdit")),
                                    static_cast<QWidget *>(child<QCheckBox>(dialog, "showQueenTokenCheck"))};
        QVERIFY(hostRadio->isChecked());
        for (QWidget *w : hostFields)
            QVERIFY2(w->isEnabled(), qPrintable(w->objectName()));
        for (QWidget *w : connectFields)
            QVERIFY2(!w->isEnabled(), qPrintable(w->objectName()));

        QTest::mouseClick(connectRadio, Qt::LeftButton, {}, QPoint(5, connectRadio->height() / 2));
        QVERIFY(connectRadio->isChecked());
        QVERIFY(!hostRadio->isChecked());
        for (QWidget *w : hostFields)
            QVERIFY2(!w->isEnabled(), qPrintable(w->objectName()));
        for (QWidget *w : connectFields)
            QVERIFY2(w->isEnabled(), qPrintable(w->objectName()));
        QCOMPARE(dialog.settings().queenMode, AppSettings::QueenMode::Connect);
        // The general page does not depend on the mode.
        QVERIFY(child<QLineEdit>(dialog, "modelsFolderEdit")->isEnabled());

        hostRadio->setChecked(true);
        for (QWidget *w : hostFields)
            QVERIFY2(w->isEnabled(), qPrintable(w->objectName()));
        for (QWidget *w : connectFields)
            QVERIFY2(!w->isEnabled(), qPrintable(w->objectName()));
        QCOMPARE(dialog.settings().queenMode, AppSettings::QueenMode::Host);
    }

    void queenPage_showsConnectedModeAndNamesRestartAndKeyring()
    {
        SettingsDialog dialog{connected()};
        QVERIFY(child<QRadioButton>(dialog, "connectRadio")->isChecked());
        QCOMPARE(child<QLineEdit>(dialog, "queenUrlEdit")->text(), QStringLiteral("http://192.168.1.10:7833"));
        auto *token = child<QLineEdit>(dialog, "queenTokenEdit");
        QCOMPARE(token->text(), QStringLiteral("remote-s3cret"));
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        child<QCheckBox>(dialog, "showQueenTokenCheck")->setChecked(true);
        QCOMPARE(token->echoMode(), QLineEdit::Normal);
        QVERIFY(child<QLabel>(dialog, "modeNote")->text().contains(QStringLiteral("started again")));
        QVERIFY(child<QLabel>(dialog, "tokenStorageNote")->text().contains(QStringLiteral("system keyring")));
        QVERIFY(dialog.settings() == connected());

        AppSettings inFile = connected();
        inFile.queenTokenInFile = true;
        SettingsDialog fallback{inFile};
        const QString note = child<QLabel>(fallback, "tokenStorageNote")->text();
        QVERIFY2(note.contains(QStringLiteral("plain text")), qPrintable(note));
    }

    void connectMode_editsRoundTripThroughAppSettings()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QRadioButton>(dialog, "connectRadio")->setChecked(true);
        QTest::keyClicks(child<QLineEdit>(dialog, "queenUrlEdit"), QStringLiteral("http://10.0.0.5:7900"));
        QTest::keyClicks(child<QLineEdit>(dialog, "queenTokenEdit"), QStringLiteral("tok"));
        child<QLineEdit>(dialog, "addressEdit")->setText(QStringLiteral("0.0.0.0"));  // hosting only: not asked
        bool asked = false;
        dialog.setConfirm([&asked](const QString &) { return asked = true; });
        QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok), Qt::LeftButton);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QVERIFY(!asked);
        const AppSettings s = dialog.settings();
        QCOMPARE(s.queenMode, AppSettings::QueenMode::Connect);
        QCOMPARE(s.queenUrl, QUrl(QStringLiteral("http://10.0.0.5:7900")));
        QCOMPARE(s.queenToken, QStringLiteral("tok"));
        {
            QSettings settings(iniPath(QStringLiteral("dialog-connect")), QSettings::IniFormat);
            s.save(settings);
        }
        QSettings settings(iniPath(QStringLiteral("dialog-connect")), QSettings::IniFormat);
        const AppSettings loaded = AppSettings::load(settings);
        QCOMPARE(loaded.queenMode, AppSettings::QueenMode::Connect);
        QCOMPARE(loaded.queenUrl, s.queenUrl);
        QCOMPARE(loaded.listenHost, QStringLiteral("0.0.0.0"));
    }

    void connectMode_invalidUrl_staysOpenAndNamesTheProblem()
    {
        SettingsDialog dialog{AppSettings()};
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        child<QRadioButton>(dialog, "connectRadio")->setChecked(true);
        child<QLineEdit>(dialog, "queenUrlEdit")->setText(QStringLiteral("queen.lan:7833"));
        child<QLineEdit>(dialog, "addressEdit")->setText(QStringLiteral("my-laptop"));  // hosting only: ignored
        QString shown;
        closeNextMessageBox(&shown);
        dialog.accept();
        QVERIFY2(shown.contains(QStringLiteral("\"queen.lan:7833\" is not an http:// or https:// URL")),
                 qPrintable(shown));
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
        QCOMPARE(dialog.focusWidget(), child<QLineEdit>(dialog, "queenUrlEdit"));
    }

    void mainWindow_queenTokenWithoutKeyring_savedInTheFileWithAWarning()
    {
        QSettings(QStringLiteral("rbee"), QStringLiteral("rbee")).clear();  // test mode: not the user's file
        core::RemoteQueenConnection queen(QUrl(QStringLiteral("http://127.0.0.1:9")), QString());  // never started
        QTemporaryDir conversations;
        gui::MainWindow window(&queen, conversations.path());
        AppSettings attached;
        attached.queenMode = AppSettings::QueenMode::Connect;
        attached.queenUrl = QUrl(QStringLiteral("http://127.0.0.1:9"));
        window.applySettings(attached);

        // The dialog: a new token, OK. Then the message boxes: the fallback warning, the restart note.
        QStringList boxes;
        bool edited = false;
        std::function<void()> answer;
        answer = [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *dialog = qobject_cast<SettingsDialog *>(modal); dialog && !edited) {
                edited = true;
                child<QLineEdit>(*dialog, "queenTokenEdit")->setText(QStringLiteral("tok-123"));
                dialog->accept();
            } else if (auto *box = qobject_cast<QMessageBox *>(modal)) {
                boxes << box->text();
                box->close();
            }
            if (boxes.size() < 2)
                QTimer::singleShot(10, answer);
        };
        QTimer::singleShot(0, answer);
        window.findChild<QAction *>(QStringLiteral("actionSettings"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(boxes.size(), 2, 10000);

        QVERIFY2(std::any_of(boxes.begin(), boxes.end(),
                             [](const QString &t) { return t.startsWith(QStringLiteral("No system keyring")); }),
                 qPrintable(boxes.join(u'|')));
        QVERIFY(window.settings().queenTokenInFile);
        QSettings saved(QStringLiteral("rbee"), QStringLiteral("rbee"));
        QVERIFY2(saved.fileName().contains(QStringLiteral("qttest")), qPrintable(saved.fileName()));
        const AppSettings loaded = AppSettings::load(saved);
        QCOMPARE(loaded.queenMode, AppSettings::QueenMode::Connect);
        QCOMPARE(loaded.queenToken, QStringLiteral("tok-123"));
        QVERIFY(loaded.queenTokenInFile);
        saved.clear();
    }

    void tokenKeyring_switchedOff_answersUnavailableLater()
    {
        QVERIFY(gui::TokenKeyring::switchedOff());
        gui::TokenKeyring keyring;
        int answers = 0;
        gui::TokenKeyring::Answer read;
        gui::TokenKeyring::Answer written;
        keyring.read([&](const gui::TokenKeyring::Answer &a) {
            read = a;
            ++answers;
        });
        keyring.write(QStringLiteral("t"), [&](const gui::TokenKeyring::Answer &a) {
            written = a;
            ++answers;
        });
        QCOMPARE(answers, 0);  // never inside the call
        QTRY_COMPARE_WITH_TIMEOUT(answers, 2, 5000);
        QVERIFY(!read.available);
        QVERIFY(read.token.isEmpty());
        QVERIFY2(read.error.contains(QStringLiteral("RBEE_KEYRING=off")), qPrintable(read.error));
        QVERIFY(!written.available);
    }
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
