// StartWorkerDialog (offscreen) with the real rbee-worker: the Device combo lists what
// `rbee-worker --list-devices --json` reports, a worker started with the chosen "CPU" runs with
// --device CPU (its /health and command line say so), a listing that fails shows why and leaves
// "Default"; with a stand-in worker that reports a GPU: labels, the software mark, GPU layers, and
// File › Start a local worker… in the main window passing the choice on to the worker it starts;
// OK with no file, a missing one or one that is not GGUF shows why and keeps the dialog open;
// the settings given (remembered for a model) fill the fields; threads default to half the cores.
#include "serverprocess.h"
#include "widgetchild.h"

#include "inprocessqueen.h"

#include "gui/mainwindow.h"
#include "gui/modelloadsettings.h"
#include "gui/startworkerdialog.h"

#include "core/client/localworker.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace rbee;
using rbee::gui::StartWorkerDialog;
using rbee::test::child;

namespace {

constexpr int kListingTimeoutMs = 60000;  // loading the backends on a loaded machine

QString s(const char *text)
{
    return QString::fromUtf8(text);
}

QStringList itemData(const QComboBox &combo)
{
    QStringList out;
    for (int i = 0; i < combo.count(); ++i)
        out << combo.itemData(i).toString();
    return out;
}

QStringList itemTexts(const QComboBox &combo)
{
    QStringList out;
    for (int i = 0; i < combo.count(); ++i)
        out << combo.itemText(i);
    return out;
}

// A stand-in rbee-worker that prints `json` for --list-devices --json. Started otherwise, it writes
// its arguments one per line into `argsFile` and waits to be killed; without one, it exits 3.
QString fakeWorker(const QTemporaryDir &dir, const QByteArray &json, const QString &argsFile = {})
{
    const QString path = dir.filePath(QStringLiteral("rbee-worker"));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    const QByteArray otherwise =
        argsFile.isEmpty()
            ? QByteArray("exit 3\n")
            : QByteArray("printf '%s\\n' \"$@\" > '" + QFile::encodeName(argsFile) + "'\nexec sleep 60\n");
    f.write("#!/bin/sh\nif [ \"$1 $2\" = \"--list-devices --json\" ]; then\ncat <<'EOF'\n" + json
            + "\nEOF\nexit 0\nfi\n" + otherwise);
    f.close();
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return path;
}

}  // namespace

class TestStartWorkerDialog : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deviceCombo_listsTheDevicesTheRealWorkerReports();
    void chosenCpu_workerStartsWithDeviceCpu();
    void failingListing_showsMessageAndOffersDefault();
    void gpuDevices_labelledWithMemoryAndSoftwareMark_gpuLayersPassedOn();
    void fileStartWorker_chosenDeviceAndLayers_reachTheWorkersCommandLine();
    void ok_withNoMissingOrNonGgufFile_showsInlineError_keepsDialogOpen();
    void setSettings_fillsTheFields_threadsDefaultToHalfTheCores();
};

void TestStartWorkerDialog::deviceCombo_listsTheDevicesTheRealWorkerReports()
{
    StartWorkerDialog dialog(QString(), test::workerBinary());
    auto *combo = child<QComboBox>(dialog, "deviceCombo");
    // The listing runs in the background: the dialog is there at once and says so.
    QCOMPARE(itemTexts(*combo), QStringList{s("Looking for devices…")});
    QVERIFY(!combo->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(combo->isEnabled(), kListingTimeoutMs);

    QProcess list;
    list.start(test::workerBinary(), {s("--list-devices"), s("--json")});
    QVERIFY(list.waitForFinished(kListingTimeoutMs));
    const auto devices = core::ListedDevice::parseList(list.readAllStandardOutput());
    QVERIFY2(devices.ok(), qPrintable(devices.error().message));
    QStringList names{QString()};  // Default first
    for (const auto &d : devices.value())
        names << d.name;
    QVERIFY2(names.contains(s("CPU")), qPrintable(names.join(u',')));
    QCOMPARE(itemData(*combo), names);
    QVERIFY2(combo->itemText(0).startsWith(s("Default (")), qPrintable(combo->itemText(0)));
    const int cpu = names.indexOf(s("CPU"));
    QVERIFY2(combo->itemText(cpu).startsWith(s("CPU — ")) && combo->itemText(cpu).endsWith(s(" GiB free")),
             qPrintable(combo->itemText(cpu)));
    QVERIFY(child<QLabel>(dialog, "deviceMessage")->isHidden());
}

void TestStartWorkerDialog::chosenCpu_workerStartsWithDeviceCpu()
{
    StartWorkerDialog dialog(QString(), test::workerBinary());
    auto *combo = child<QComboBox>(dialog, "deviceCombo");
    QTRY_VERIFY_WITH_TIMEOUT(combo->isEnabled(), kListingTimeoutMs);
    combo->setCurrentIndex(combo->findData(s("CPU")));
    QVERIFY(combo->currentIndex() > 0);
    QCOMPARE(dialog.device(), s("CPU"));
    // No layers to place on a CPU.
    QVERIFY(!child<QComboBox>(dialog, "gpuLayersCombo")->isEnabled());

    core::LocalWorker::Settings settings = dialog.settings();
    QCOMPARE(settings.device, s("CPU"));
    QCOMPARE(settings.gpuLayers, QString());
    settings.workerBinary = test::workerBinary();
    settings.modelPath = test::tinyModelPath();
    settings.slots = 1;
    settings.threads = 1;
    settings.ctx = 512;
    core::LocalWorker worker;
    QSignalSpy listening(&worker, &core::LocalWorker::listening);
    QSignalSpy exited(&worker, &core::LocalWorker::exited);
    QVERIFY(worker.start(settings));
    QVERIFY2(listening.wait(60000), qPrintable(worker.log().join(u'\n')));
#ifdef Q_OS_LINUX
    QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(worker.processId()));
    QVERIFY(cmdline.open(QIODevice::ReadOnly));
    QVERIFY2(cmdline.readAll().contains(QByteArray("--device\0CPU\0", 13)), "no --device CPU on the command line");
#endif
    const auto health = test::httpRequest("GET", worker.url().resolved(QUrl(s("/health"))));
    QCOMPARE(health.status, 200);
    QCOMPARE(health.json.value(s("device")).toString(), s("CPU"));
    QCOMPARE(health.json.value(s("backend")).toString(), s("CPU"));
    worker.stop();
    QVERIFY2(exited.wait(15000), "the worker did not exit within 15 s of SIGTERM");
}

void TestStartWorkerDialog::failingListing_showsMessageAndOffersDefault()
{
    StartWorkerDialog dialog(QString(), s("/nonexistent/rbee-worker"));
    auto *combo = child<QComboBox>(dialog, "deviceCombo");
    auto *message = child<QLabel>(dialog, "deviceMessage");
    QTRY_VERIFY_WITH_TIMEOUT(combo->isEnabled(), 10000);
    QCOMPARE(itemTexts(*combo), QStringList{s("Default")});
    QVERIFY(!message->isHidden());
    QVERIFY2(message->text().startsWith(s("Could not list devices: cannot start /nonexistent/rbee-worker")),
             qPrintable(message->text()));
    QCOMPARE(dialog.device(), QString());

    // A worker that runs but fails says why, in its own words.
    QTemporaryDir dir;
    const QString script = dir.filePath(QStringLiteral("broken-worker"));
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("#!/bin/sh\necho 'rbee-worker: error: no CPU backend of ggml could be loaded' >&2\nexit 1\n");
    f.close();
    QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    StartWorkerDialog broken(QString(), script);
    auto *brokenCombo = child<QComboBox>(broken, "deviceCombo");
    QTRY_VERIFY_WITH_TIMEOUT(brokenCombo->isEnabled(), 10000);
    QCOMPARE(child<QLabel>(broken, "deviceMessage")->text(),
             s("Could not list devices: rbee-worker --list-devices exited with code 1: no CPU backend of ggml could "
               "be loaded"));
    QCOMPARE(itemTexts(*brokenCombo), QStringList{s("Default")});
}

void TestStartWorkerDialog::gpuDevices_labelledWithMemoryAndSoftwareMark_gpuLayersPassedOn()
{
    QTemporaryDir dir;
    const QString worker = fakeWorker(
        dir,
        R"json([{"name":"CPU","description":"AMD Ryzen 7 7700X 8-Core Processor","backend":"CPU",)json"
        R"json("memory_total_bytes":34359738368,"memory_free_bytes":21474836480,"gpu":false,"software":false,"default":false},)json"
        R"json({"name":"Vulkan0","description":"AMD Radeon RX 7800 XT","backend":"Vulkan",)json"
        R"json("memory_total_bytes":17179869184,"memory_free_bytes":16320875724,"gpu":true,"software":false,"default":true},)json"
        R"json({"name":"Vulkan1","description":"llvmpipe (LLVM 15.0.6, 256 bits)","backend":"Vulkan",)json"
        R"json("memory_total_bytes":34359738368,"memory_free_bytes":21474836480,"gpu":true,"software":true,"default":false},)json"
        R"json({"name":"CUDA0","description":"NVIDIA GeForce RTX 4090","backend":"CUDA","gpu":true}])json");
    StartWorkerDialog dialog(QString(), worker);
    auto *combo = child<QComboBox>(dialog, "deviceCombo");
    QTRY_VERIFY_WITH_TIMEOUT(combo->isEnabled(), 10000);
    QCOMPARE(itemTexts(*combo), (QStringList{s("Default (Vulkan0 · AMD Radeon RX 7800 XT)"), s("CPU — 20.0 GiB free"),
                                             s("Vulkan0 · AMD Radeon RX 7800 XT — 15.2 GiB free"),
                                             s("Vulkan1 · llvmpipe (LLVM 15.0.6, 256 bits) — 20.0 GiB free "
                                               "(software, slower than the CPU)"),
                                             s("CUDA0 · NVIDIA GeForce RTX 4090")}));
    QCOMPARE(combo->itemData(1, Qt::ToolTipRole).toString(),
             s("AMD Ryzen 7 7700X 8-Core Processor\nMemory: 20.0 GiB free of 32.0 GiB"));
    // A device that does not report its memory: no made-up "0.0 GiB".
    QCOMPARE(combo->itemData(4, Qt::ToolTipRole).toString(), s("NVIDIA GeForce RTX 4090"));

    auto *layers = child<QComboBox>(dialog, "gpuLayersCombo");
    auto *count = child<QSpinBox>(dialog, "gpuLayerCount");
    // Default is a GPU here: layers can be chosen; automatic passes nothing.
    QVERIFY(layers->isEnabled());
    QCOMPARE(dialog.gpuLayers(), QString());
    QVERIFY(!count->isEnabled());
    layers->setCurrentIndex(layers->findData(s("all")));
    QCOMPARE(dialog.gpuLayers(), s("all"));
    layers->setCurrentIndex(layers->findData(s("count")));
    QVERIFY(count->isEnabled());
    count->setValue(20);
    combo->setCurrentIndex(combo->findData(s("Vulkan0")));
    core::LocalWorker::Settings settings = dialog.settings();
    QCOMPARE(settings.device, s("Vulkan0"));
    QCOMPARE(settings.gpuLayers, s("20"));
    const QStringList args = core::LocalWorker::arguments(settings);
    QVERIFY2(args.join(u' ').endsWith(s("--device Vulkan0 --gpu-layers 20")), qPrintable(args.join(u' ')));
    // The CPU takes no layers.
    combo->setCurrentIndex(combo->findData(s("CPU")));
    QVERIFY(!layers->isEnabled());
    QCOMPARE(dialog.settings().gpuLayers, QString());
}

void TestStartWorkerDialog::fileStartWorker_chosenDeviceAndLayers_reachTheWorkersCommandLine()
{
    QTemporaryDir dir;
    const QString argsFile = dir.filePath(QStringLiteral("args"));
    const QString worker = fakeWorker(
        dir,
        R"json([{"name":"CPU","description":"AMD EPYC","backend":"CPU","memory_total_bytes":1073741824,)json"
        R"json("memory_free_bytes":1073741824,"gpu":false,"software":false,"default":false},)json"
        R"json({"name":"Vulkan0","description":"AMD Radeon RX 7800 XT","backend":"Vulkan","memory_total_bytes":1073741824,)json"
        R"json("memory_free_bytes":1073741824,"gpu":true,"software":false,"default":true}])json",
        argsFile);
    auto queen = test::startInProcessQueen();
    QVERIFY(queen);
    QTemporaryDir conversations;
    gui::MainWindow window(queen.get(), conversations.path());
    window.setWorkerBinary(worker);

    // File › Start a local worker… is modal: answer it from a timer once its devices are listed.
    bool answered = false;
    QTimer answer;
    answer.setInterval(20);
    connect(&answer, &QTimer::timeout, this, [&] {
        const QWidgetList windows = QApplication::topLevelWidgets();
        for (QWidget *w : windows) {
            auto *dialog = qobject_cast<StartWorkerDialog *>(w);
            if (!dialog || !dialog->isVisible())
                continue;
            auto *combo = child<QComboBox>(*dialog, "deviceCombo");
            if (!combo->isEnabled())
                return;
            child<QLineEdit>(*dialog, "modelPath")->setText(test::tinyModelPath());
            combo->setCurrentIndex(combo->findData(s("Vulkan0")));
            auto *layers = child<QComboBox>(*dialog, "gpuLayersCombo");
            layers->setCurrentIndex(layers->findData(s("all")));
            answered = true;
            answer.stop();
            dialog->accept();
        }
    });
    answer.start();
    // Never hang on a dialog nobody answered.
    QTimer::singleShot(30000, this, [] {
        const QWidgetList windows = QApplication::topLevelWidgets();
        for (QWidget *w : windows) {
            if (auto *dialog = qobject_cast<StartWorkerDialog *>(w))
                dialog->reject();
        }
    });
    auto *action = window.findChild<QAction *>(s("actionStartWorker"));
    QVERIFY(action);
    action->trigger();  // returns when the dialog is closed
    QVERIFY2(answered, "the dialog never listed the devices");

    QFile args(argsFile);
    QTRY_VERIFY_WITH_TIMEOUT(args.exists() && args.size() > 0, 10000);
    QVERIFY(args.open(QIODevice::ReadOnly));
    const QStringList lines = QString::fromUtf8(args.readAll()).split(u'\n', Qt::SkipEmptyParts);
    const QString line = lines.join(u' ');
    QVERIFY2(line.startsWith(s("--model ") + test::tinyModelPath() + u' '), qPrintable(line));
    QVERIFY2(line.contains(s(" --device Vulkan0 --gpu-layers all")), qPrintable(line));
}

void TestStartWorkerDialog::ok_withNoMissingOrNonGgufFile_showsInlineError_keepsDialogOpen()
{
    QTemporaryDir dir;
    QFile text(dir.filePath(s("notes.gguf")));
    QVERIFY(text.open(QIODevice::WriteOnly));
    text.write("these are notes, not a model\n");
    text.close();
    StartWorkerDialog dialog(dir.path(), s("/nonexistent/rbee-worker"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *error = child<QLabel>(dialog, "pathError");
    QVERIFY(error->isHidden());
    auto *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QSignalSpy accepted(&dialog, &QDialog::accepted);

    const QStringList cases{QString(), dir.filePath(s("missing.gguf")), text.fileName()};
    const QStringList said{s("Choose a model file"), s("There is no file"), s("is not a GGUF model")};
    for (qsizetype i = 0; i < cases.size(); ++i) {
        child<QLineEdit>(dialog, "modelPath")->setText(cases.at(i));
        QVERIFY(error->isHidden());  // editing the path clears the old error
        QTest::mouseClick(ok, Qt::LeftButton);
        QVERIFY2(dialog.isVisible(), qPrintable(cases.at(i)));
        QVERIFY(accepted.isEmpty());
        QVERIFY(!error->isHidden());
        QVERIFY2(error->text().contains(said.at(i)), qPrintable(error->text()));
    }
    // A real model: accepted.
    child<QLineEdit>(dialog, "modelPath")->setText(test::tinyModelPath());
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QVERIFY(!dialog.isVisible());
}

void TestStartWorkerDialog::setSettings_fillsTheFields_threadsDefaultToHalfTheCores()
{
    {
        StartWorkerDialog fresh(QString(), s("/nonexistent/rbee-worker"));
        QCOMPARE(fresh.threads(), gui::ModelLoadSettings::defaultThreads());
    }
    QCOMPARE(gui::ModelLoadSettings::defaultThreads(1), 1);
    QCOMPARE(gui::ModelLoadSettings::defaultThreads(2), 1);
    QCOMPARE(gui::ModelLoadSettings::defaultThreads(8), 4);
    QCOMPARE(gui::ModelLoadSettings::defaultThreads(32), 16);
    core::LocalWorker::Settings wanted;
    wanted.modelPath = test::tinyModelPath();
    wanted.slots = 3;
    wanted.threads = 2;
    wanted.ctx = 2048;
    wanted.gpuLayers = s("12");
    StartWorkerDialog dialog(QString(), s("/nonexistent/rbee-worker"));
    dialog.setSettings(wanted);
    dialog.offerLoadAtStart(true);
    const core::LocalWorker::Settings got = dialog.settings();
    QCOMPARE(got.modelPath, wanted.modelPath);
    QCOMPARE(got.slots, 3);
    QCOMPARE(got.threads, 2);
    QCOMPARE(got.ctx, 2048);
    QCOMPARE(got.gpuLayers, s("12"));
    QVERIFY(dialog.loadAtStart());
    child<QCheckBox>(dialog, "loadAtStart")->setChecked(false);
    QVERIFY(!dialog.loadAtStart());
}

QTEST_MAIN(TestStartWorkerDialog)
#include "tst_startworkerdialog.moc"
