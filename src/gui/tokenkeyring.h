// TokenKeyring: the token of the queen the app connects to, in the system keyring through QtKeychain
// (Secret Service or KWallet on Linux, Keychain on macOS, Credential Store on Windows). The calls are
// asynchronous and answer once each. RBEE_KEYRING=off switches the keyring off (tests, CI): then every
// call answers "unavailable" and nothing touches the user's keyring. Never logs a token.
#pragma once

#include <QObject>
#include <QString>

#include <functional>

namespace rbee::gui {

class TokenKeyring : public QObject {
    Q_OBJECT
public:
    struct Answer {
        bool available = false;  // the keyring answered (a missing entry counts as answered)
        QString token;           // read(): the stored token, empty when none
        QString error;           // why the keyring did not answer
    };
    using Done = std::function<void(const Answer &answer)>;
    // A keyring that has not answered by then counts as unavailable (a hung D-Bus service must
    // not keep the window from opening).
    static constexpr int kTimeoutMs = 5000;

    explicit TokenKeyring(QObject *parent = nullptr);

    // RBEE_KEYRING=off in the environment.
    static bool switchedOff();

    // `done` runs once, later on the event loop, never inside the call; within kTimeoutMs.
    void read(Done done);
    // An empty token deletes the entry.
    void write(const QString &token, Done done);
};

}  // namespace rbee::gui
