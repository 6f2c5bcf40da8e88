// The GUI suites' way to reach a dialog's widget by object name: a missing one stops the suite
// at once, naming it, instead of a null pointer crashing a later line.
#pragma once

#include <QLatin1String>
#include <QWidget>

namespace rbee::test {

template<typename T>
T *child(QWidget &parent, const char *name)
{
    T *widget = parent.findChild<T *>(QLatin1String(name));
    if (!widget)
        qFatal("no child %s", name);
    return widget;
}

}  // namespace rbee::test
