# Unity builds for rbee's own targets: sources compiled in batches of 16 per translation unit, so
# Qt's headers are parsed once per batch instead of once per file (the test command turns it on;
# a cold build of rbee_core, rbee_worker_lib and rbee_gui takes 135 instead of 448 CPU seconds,
# 20 instead of 97 build steps). Include this after
# cmake/Llama.cmake: llama.cpp's and ggml's targets, created before, keep their own settings.
# Names at file scope (anonymous namespaces, statics) must therefore be unique within a target.
option(RBEE_UNITY_BUILD "Build rbee's targets as unity builds (batches of 16 sources)" OFF)
if(RBEE_UNITY_BUILD)
    set(CMAKE_UNITY_BUILD ON)
    set(CMAKE_UNITY_BUILD_BATCH_SIZE 16)
endif()
