# The one INTERFACE target every rbee target links: language level, warnings and Qt hygiene.
add_library(rbee_options INTERFACE)
add_library(rbee::options ALIAS rbee_options)

target_compile_features(rbee_options INTERFACE cxx_std_20)
target_compile_options(rbee_options INTERFACE -Wall -Wextra -Wpedantic)
if(RBEE_WERROR)
    target_compile_options(rbee_options INTERFACE -Werror)
endif()
target_compile_definitions(rbee_options INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_URL_CAST_FROM_STRING
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    QT_NO_KEYWORDS
    RBEE_VERSION="${PROJECT_VERSION}")

find_program(RBEE_CCACHE ccache)
if(RBEE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    set(CMAKE_C_COMPILER_LAUNCHER ${RBEE_CCACHE})
    set(CMAKE_CXX_COMPILER_LAUNCHER ${RBEE_CCACHE})
endif()

# Sanitizers for rbee's own code (RBEE_SANITIZE=address,undefined or thread; see README's
# "Sanitizers"). Only targets linking rbee_options are instrumented; llama.cpp/ggml are not, but
# link into instrumented executables. Any finding aborts the process, so it fails its test.
set(RBEE_SANITIZE "" CACHE STRING "Sanitizers for rbee's code: address,undefined | thread | empty")
if(RBEE_SANITIZE)
    if(RBEE_SANITIZE MATCHES "thread" AND RBEE_SANITIZE MATCHES "address")
        message(FATAL_ERROR "rbee: RBEE_SANITIZE cannot combine thread and address")
    endif()
    set(rbee_sanitize_flags -fsanitize=${RBEE_SANITIZE} -fno-sanitize-recover=all
                            -fno-omit-frame-pointer -g1)
    target_compile_options(rbee_options INTERFACE ${rbee_sanitize_flags})
    target_link_options(rbee_options INTERFACE -fsanitize=${RBEE_SANITIZE})
    message(STATUS "rbee: sanitizers ${RBEE_SANITIZE} on rbee's targets")
endif()
