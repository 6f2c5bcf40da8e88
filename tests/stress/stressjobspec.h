// StressJobSpec: what one client of a stress run does (API, action, request) and the requests it
// makes of it: the body and paths of the worker API, the queen's job API or the OpenAI API.
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace rbee::test {

enum class StressApi { Worker, QueenJobs, OpenAiCompletions, OpenAiChat };
enum class StressAction {
    ReadFull,
    HangUpMidStream,
    CancelBeforeStream,          // DELETE, never open the stream
    CancelBeforeStreamThenRead,  // DELETE, then read the stream: it ends with `end` (cancelled)
    CancelDuringStream,
    NeverOpen,
    OpenTwice  // a second GET while the first reads: 409
};
QString stressApiName(StressApi api);
QString stressActionName(StressAction action);

struct StressJobSpec {
    int number = 0;
    StressApi api = StressApi::Worker;
    StressAction action = StressAction::ReadFull;
    int maxTokens = 16;
    QString prompt;
    double temperature = 0;
    quint32 seed = 0;
    int triggerAfterEvents = 1;  // hang up, cancel or open again after this many events
    QStringList stop;            // stop strings, when the run uses them
    bool burst = false;

    bool isOpenAi() const { return api == StressApi::OpenAiCompletions || api == StressApi::OpenAiChat; }
    QByteArray requestBody(const QString &model) const;
    QString submitPath() const;
    QString cancelPath(const QString &jobId) const;  // DELETE
};

}  // namespace rbee::test
