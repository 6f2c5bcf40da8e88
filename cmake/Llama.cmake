# Finds llama.cpp, in this order:
#   1. LLAMA_CPP_DIR (cache or environment): a llama.cpp source tree, built here as a subproject;
#   2. a system llama.cpp through find_package(llama);
#   3. third_party/llama.cpp, put there by scripts/fetch-llama.sh (the pinned release).
# Only the targets rbee links (llama, ggml) are built; llama.cpp's warnings are not ours.
if(NOT LLAMA_CPP_DIR AND DEFINED ENV{LLAMA_CPP_DIR})
    set(LLAMA_CPP_DIR "$ENV{LLAMA_CPP_DIR}")
endif()

if(NOT LLAMA_CPP_DIR)
    find_package(llama CONFIG QUIET)
endif()

if(llama_FOUND AND NOT LLAMA_CPP_DIR)
    message(STATUS "rbee: using the system llama.cpp (${llama_DIR})")
    set(RBEE_LLAMA_SOURCE_DIR "")
else()
    if(NOT LLAMA_CPP_DIR)
        set(LLAMA_CPP_DIR "${CMAKE_SOURCE_DIR}/third_party/llama.cpp")
    endif()
    if(NOT EXISTS "${LLAMA_CPP_DIR}/include/llama.h")
        message(FATAL_ERROR "rbee: no llama.cpp at '${LLAMA_CPP_DIR}'. Run scripts/fetch-llama.sh, "
                            "or set LLAMA_CPP_DIR to a llama.cpp source tree.")
    endif()
    message(STATUS "rbee: building llama.cpp from ${LLAMA_CPP_DIR}")
    set(RBEE_LLAMA_SOURCE_DIR "${LLAMA_CPP_DIR}")
    set(BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
    set(LLAMA_BUILD_TESTS OFF CACHE BOOL "" FORCE)
    set(LLAMA_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
    set(LLAMA_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
    set(LLAMA_BUILD_SERVER OFF CACHE BOOL "" FORCE)
    set(LLAMA_BUILD_COMMON OFF CACHE BOOL "" FORCE)
    set(LLAMA_OPENSSL OFF CACHE BOOL "" FORCE)
    set(LLAMA_CURL OFF CACHE BOOL "" FORCE)
    set(GGML_CCACHE OFF CACHE BOOL "" FORCE)
    add_subdirectory("${LLAMA_CPP_DIR}" "${CMAKE_BINARY_DIR}/llama.cpp" EXCLUDE_FROM_ALL SYSTEM)
endif()
