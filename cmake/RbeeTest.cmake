# rbee_add_test(NAME SOURCES... [LIBS ...] [LABELS ...] [FIXTURES ...] [ENV ...] [TIMEOUT s])
# One Qt Test executable per class or scenario, registered with ctest.

# Under RBEE_SANITIZE, every test (and the rbee-worker / rbee processes it starts, which inherit
# the environment) stops at the first finding; a report forwarded from a child process fails the
# test through its SUMMARY line.
set(RBEE_SANITIZER_TEST_ENV "")
set(rbee_supp ${CMAKE_SOURCE_DIR}/tests/sanitizers)
if(RBEE_SANITIZE MATCHES "address|undefined")
    list(APPEND RBEE_SANITIZER_TEST_ENV
        "ASAN_OPTIONS=halt_on_error=1:detect_leaks=1:check_initialization_order=1:strict_init_order=1"
        "LSAN_OPTIONS=suppressions=${rbee_supp}/lsan.supp:print_suppressions=0"
        "UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1")
elseif(RBEE_SANITIZE MATCHES "thread")
    list(APPEND RBEE_SANITIZER_TEST_ENV
        "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:die_after_fork=0:ignore_noninstrumented_modules=1:suppressions=${rbee_supp}/tsan.supp")
endif()

# Applies the sanitizer environment to a test that is not added through rbee_add_test.
function(rbee_sanitize_test name)
    if(RBEE_SANITIZE)
        set_property(TEST ${name} APPEND PROPERTY ENVIRONMENT ${RBEE_SANITIZER_TEST_ENV})
        set_property(TEST ${name} APPEND PROPERTY FAIL_REGULAR_EXPRESSION "SUMMARY: [A-Za-z]+Sanitizer")
    endif()
endfunction()

function(rbee_add_test name)
    cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;LABELS;FIXTURES;ENV" ${ARGN})
    add_executable(${name} ${T_SOURCES} ${T_UNPARSED_ARGUMENTS})
    # A unity build of one source gains nothing and would not share ccache entries with the
    # ordinary build of the same file.
    list(LENGTH T_SOURCES count)
    if(count LESS 2)
        set_target_properties(${name} PROPERTIES UNITY_BUILD OFF)
    endif()
    target_link_libraries(${name} PRIVATE Qt6::Test rbee::options ${T_LIBS})
    if(TARGET rbee_test_pch)
        target_precompile_headers(${name} REUSE_FROM rbee_test_pch)
    endif()
    add_test(NAME ${name} COMMAND ${name})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 120)
    endif()
    set_tests_properties(${name} PROPERTIES TIMEOUT ${T_TIMEOUT}
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;RBEE_KEYRING=off;${T_ENV}")  # never the user's keyring
    rbee_sanitize_test(${name})
    if(T_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}")
    endif()
    if(T_FIXTURES)
        set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${T_FIXTURES}")
    endif()
endfunction()
