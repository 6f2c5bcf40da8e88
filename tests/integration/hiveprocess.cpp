// HiveProcess; see hiveprocess.h.
#include "hiveprocess.h"

#include "core/protocol/endpoints.h"

namespace rbee::test {

QString hiveBinary()
{
    return QStringLiteral(RBEE_HIVE_BIN);
}

bool HiveProcess::start(const QStringList &arguments, const QProcessEnvironment &environment,
                        const QStringList &launcher)
{
    process().setProcessEnvironment(environment);
    QStringList args = launcher;
    args << hiveBinary() << arguments;
    const QString program = args.takeFirst();
    return startProgram(program, args, QLatin1String(core::Endpoint::kHiveListening));
}

}  // namespace rbee::test
