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
    # GCC 12's _tile_loadconfig() tells the optimiser it reads 8 bytes, so -O3 drops the stores
    # that fill ggml's AMX tile configuration: every quantised matmul then dies with SIGILL on
    # CPUs with AMX. Build ggml without the AMX kernels there (AVX2/AVX-512 paths remain).
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
        set(RBEE_GGML_NO_AMX_DEFAULT ON)
    else()
        set(RBEE_GGML_NO_AMX_DEFAULT OFF)
    endif()
    option(RBEE_GGML_NO_AMX "Build ggml without its AMX kernels" ${RBEE_GGML_NO_AMX_DEFAULT})
    if(RBEE_GGML_NO_AMX)
        add_compile_options(-mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
    endif()
    add_subdirectory("${LLAMA_CPP_DIR}" "${CMAKE_BINARY_DIR}/llama.cpp" EXCLUDE_FROM_ALL SYSTEM)
endif()
