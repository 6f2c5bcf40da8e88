// See tokenkeyring.h. One entry: service "rbee", key "queen-token".
#include "tokenkeyring.h"

#include <QProcessEnvironment>
#include <QTimer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace rbee::gui {

namespace {
const QString kService = QStringLiteral("rbee");
const QString kKey = QStringLiteral("queen-token");

void answerLater(QObject *context, const TokenKeyring::Done &done, const TokenKeyring::Answer &answer)
{
    QTimer::singleShot(0, context, [done, answer] { done(answer); });
}

// Answers `done` once: with the job's answer, or unavailable when the keyring (a D-Bus service
// that may hang) has not answered within TokenKeyring::kTimeoutMs.
TokenKeyring::Done onceWithTimeout(QObject *context, const TokenKeyring::Done &done)
{
    auto answered = std::make_shared<bool>(false);
    auto once = [answered, done](const TokenKeyring::Answer &answer) {
        if (*answered)
            return;
        *answered = true;
        done(answer);
    };
    QTimer::singleShot(TokenKeyring::kTimeoutMs, context, [once] {
        once(
            {false, {}, QStringLiteral("the keyring did not answer within %1 s").arg(TokenKeyring::kTimeoutMs / 1000)});
    });
    return once;
}

TokenKeyring::Answer switchedOffAnswer()
{
    return {false, {}, QStringLiteral("the keyring is switched off (RBEE_KEYRING=off)")};
}
}  // namespace

TokenKeyring::TokenKeyring(QObject *parent) : QObject(parent) {}

bool TokenKeyring::switchedOff()
{
    return QProcessEnvironment::systemEnvironment().value(QStringLiteral("RBEE_KEYRING")) == QLatin1String("off");
}

void TokenKeyring::read(Done done)
{
    if (switchedOff()) {
        answerLater(this, done, switchedOffAnswer());
        return;
    }
    auto *job = new QKeychain::ReadPasswordJob(kService, this);
    job->setKey(kKey);
    connect(job, &QKeychain::Job::finished, this, [done = onceWithTimeout(this, done)](QKeychain::Job *finished) {
        auto *read = static_cast<QKeychain::ReadPasswordJob *>(finished);
        if (read->error() == QKeychain::NoError)
            done({true, read->textData(), {}});
        else if (read->error() == QKeychain::EntryNotFound)
            done({true, {}, {}});
        else
            done({false, {}, read->errorString()});
    });
    job->start();
}

void TokenKeyring::write(const QString &token, Done done)
{
    if (switchedOff()) {
        answerLater(this, done, switchedOffAnswer());
        return;
    }
    QKeychain::Job *job = nullptr;
    if (token.isEmpty()) {
        job = new QKeychain::DeletePasswordJob(kService, this);
    } else {
        auto *write = new QKeychain::WritePasswordJob(kService, this);
        write->setTextData(token);
        job = write;
    }
    job->setKey(kKey);
    connect(job, &QKeychain::Job::finished, this, [done = onceWithTimeout(this, done)](QKeychain::Job *finished) {
        const bool ok = finished->error() == QKeychain::NoError || finished->error() == QKeychain::EntryNotFound;
        done({ok, {}, ok ? QString() : finished->errorString()});
    });
    job->start();
}

}  // namespace rbee::gui
