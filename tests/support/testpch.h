// The Qt Core and Network headers most suites include, precompiled once and reused by every
// test executable when RBEE_TEST_PCH is on (tests/CMakeLists.txt). Only headers that no
// per-test macro changes belong here: Qt Test and Widgets depend on QT_TESTCASE_* and
// QT_WIDGETS_LIB, which differ between suites, so a suite includes those itself.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QObject>
#include <QPointer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QSet>
#include <QString>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTimer>
#include <QUrl>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>
