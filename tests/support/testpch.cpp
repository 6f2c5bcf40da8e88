// The translation unit that builds tests/support/testpch.h's precompiled header.
#include "testpch.h"
