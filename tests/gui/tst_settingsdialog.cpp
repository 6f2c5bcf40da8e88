// AppSettings and SettingsDialog (offscreen): defaults, a QSettings round trip in a temporary INI
// file, which changes need a restart, the form showing and returning values, and OK refusing an
// invalid address or (unless confirmed) a network address without a token.
#include "gui/appsettings.h"
#include "gui/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace rbee;
using rbee::gui::AppSettings;
using rbee::gui::SettingsDialog;

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

template<typename T>
T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
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

    void load_invalidValues_fallBackToDefaults()
    {
        QSettings settings(iniPath(QStringLiteral("invalid")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("queen/port"), 70000);
        settings.setValue(QStringLiteral("queen/heartbeatTimeoutMs"), 5);
        settings.setValue(QStringLiteral("queen/policy"), QStringLiteral("round-robin"));
        settings.setValue(QStringLiteral("ui/theme"), QStringLiteral("purple"));
        settings.setValue(QStringLiteral("ui/language"), QStringLiteral("xx"));
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
        QVERIFY(child<QCheckBox>(dialog, "trayCheck")->isChecked());
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
        child<QCheckBox>(dialog, "trayCheck")->setChecked(true);
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
        QVERIFY(s.trayEnabled);
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
};

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
