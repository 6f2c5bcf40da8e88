# RBEE_FUZZ: rbee_core instrumented for libFuzzer (coverage) with AddressSanitizer and
# UndefinedBehaviorSanitizer, and the fuzz targets in tests/fuzz/. Nothing else is built: no
# llama.cpp, worker, app or GUI. Needs clang (Debian's clang-14 with libclang-rt-14-dev).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "rbee: RBEE_FUZZ needs clang; configure a separate build directory with "
                        "CC=clang CXX=clang++ (see tests/fuzz/README.md)")
endif()
# Every target links rbee_options, so rbee_core and the targets get the same instrumentation;
# only the fuzz executables add the libFuzzer runtime (-fsanitize=fuzzer, in tests/fuzz/).
# -UQT_NO_DEBUG keeps the Q_ASSERTs of Qt's inline code (an index out of range in QList::at or
# QByteArrayView::sliced aborts even where it stays inside the allocation ASan watches).
target_compile_options(rbee_options INTERFACE
    -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -UQT_NO_DEBUG)
target_link_options(rbee_options INTERFACE -fsanitize=address,undefined)
