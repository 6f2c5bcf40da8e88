# Finds llama.cpp, in this order:
#   0. RBEE_LLAMA_BUILD_DIR: the llama/ggml libraries another rbee build tree already built (the
#      sanitizer builds reuse build/: ggml is not instrumented anyway, and its CPU variants and
#      Vulkan shaders are then compiled once);
#   1. LLAMA_CPP_DIR (cache or environment): a llama.cpp source tree, built here as a subproject;
#   2. a system llama.cpp through find_package(llama);
#   3. third_party/llama.cpp, put there by scripts/fetch-llama.sh (the pinned release, patched).
#
# Built here, llama and ggml are shared libraries in <build>/lib/rbee (installed to lib/rbee, the
# executables' RPATH is $ORIGIN/../lib/rbee), and ggml's backends are modules loaded at run time
# from that directory (GGML_BACKEND_DL): the CPU backend in every x86-64 variant (one build runs
# on any x86-64 CPU and picks the best kernels when it starts), Vulkan and CUDA where their
# compilers are found. Only the targets rbee links are built; llama.cpp's warnings are not ours.
set(RBEE_VULKAN AUTO CACHE STRING "ggml's Vulkan backend: AUTO (when Vulkan, glslc and SPIR-V headers are found) | ON | OFF")
set(RBEE_CUDA AUTO CACHE STRING "ggml's CUDA backend: AUTO (when the CUDA toolkit is found) | ON | OFF")
set(RBEE_LLAMA_BUILD_DIR "" CACHE PATH "Link the llama.cpp libraries of this other rbee build tree instead of building them")
set_property(CACHE RBEE_VULKAN PROPERTY STRINGS AUTO ON OFF)
set_property(CACHE RBEE_CUDA PROPERTY STRINGS AUTO ON OFF)

# Where the shared libraries and backend modules live, relative to the executables' directory.
set(RBEE_PRIVATE_LIBDIR "lib/rbee")
set(RBEE_LIB_OUTPUT_DIR "${CMAKE_BINARY_DIR}/${RBEE_PRIVATE_LIBDIR}")
set(CMAKE_BUILD_RPATH_USE_ORIGIN ON)
set(CMAKE_INSTALL_RPATH "$ORIGIN/../${RBEE_PRIVATE_LIBDIR}")

if(NOT LLAMA_CPP_DIR AND DEFINED ENV{LLAMA_CPP_DIR})
    set(LLAMA_CPP_DIR "$ENV{LLAMA_CPP_DIR}")
endif()
if(NOT LLAMA_CPP_DIR AND NOT RBEE_LLAMA_BUILD_DIR)
    find_package(llama CONFIG QUIET)
endif()
if(NOT LLAMA_CPP_DIR)
    set(LLAMA_CPP_DIR "${CMAKE_SOURCE_DIR}/third_party/llama.cpp")
endif()

if(RBEE_LLAMA_BUILD_DIR)
    # The other tree's libraries as imported targets; its lib/rbee is linked into this tree, so
    # that the executables here find the backend modules beside them as they would there.
    set(lib "${RBEE_LLAMA_BUILD_DIR}/${RBEE_PRIVATE_LIBDIR}")
    foreach(name llama ggml ggml-base)
        if(NOT EXISTS "${lib}/lib${name}.so")
            message(FATAL_ERROR "rbee: RBEE_LLAMA_BUILD_DIR: no ${lib}/lib${name}.so; build that tree first")
        endif()
        add_library(${name} SHARED IMPORTED GLOBAL)
        set_target_properties(${name} PROPERTIES IMPORTED_LOCATION "${lib}/lib${name}.so"
            INTERFACE_INCLUDE_DIRECTORIES "${LLAMA_CPP_DIR}/include;${LLAMA_CPP_DIR}/ggml/include")
    endforeach()
    set_target_properties(llama PROPERTIES INTERFACE_LINK_LIBRARIES "ggml;ggml-base")
    set_target_properties(ggml PROPERTIES INTERFACE_LINK_LIBRARIES "ggml-base")
    file(MAKE_DIRECTORY "${CMAKE_BINARY_DIR}/lib")
    file(CREATE_LINK "${lib}" "${RBEE_LIB_OUTPUT_DIR}" SYMBOLIC)
    set(RBEE_LLAMA_SOURCE_DIR "${LLAMA_CPP_DIR}")
    message(STATUS "rbee: using the llama.cpp libraries of ${RBEE_LLAMA_BUILD_DIR}")
    return()
endif()

if(llama_FOUND AND NOT EXISTS "${LLAMA_CPP_DIR}/include/llama.h")
    message(STATUS "rbee: using the system llama.cpp (${llama_DIR})")
    set(RBEE_LLAMA_SOURCE_DIR "")
    return()
endif()

if(NOT EXISTS "${LLAMA_CPP_DIR}/include/llama.h")
    message(FATAL_ERROR "rbee: no llama.cpp at '${LLAMA_CPP_DIR}'. Run scripts/fetch-llama.sh, "
                        "or set LLAMA_CPP_DIR to a llama.cpp source tree.")
endif()
message(STATUS "rbee: building llama.cpp from ${LLAMA_CPP_DIR}")
set(RBEE_LLAMA_SOURCE_DIR "${LLAMA_CPP_DIR}")
set(GGML_BACKEND_DL ON CACHE BOOL "" FORCE)
# ggml refuses GGML_NATIVE with GGML_BACKEND_DL: the variants are the way to this CPU's kernels.
set(GGML_CPU_ALL_VARIANTS ON CACHE BOOL "" FORCE)
# Packages and releases build every variant. A build that only runs where it was built (a
# developer's tree, CI) may name a few (patch 0003): about 85 CPU seconds saved per variant left
# out. x64 (the baseline every x86-64 CPU runs) is always kept, so the build runs anywhere.
set(RBEE_CPU_VARIANTS "all" CACHE STRING "ggml CPU backend variants to build: all, or a list such as x64;haswell")
if(RBEE_CPU_VARIANTS STREQUAL "all")
    set(GGML_CPU_VARIANTS "" CACHE STRING "" FORCE)
else()
    set(rbee_variants ${RBEE_CPU_VARIANTS})
    list(APPEND rbee_variants x64)
    list(REMOVE_DUPLICATES rbee_variants)
    set(GGML_CPU_VARIANTS "${rbee_variants}" CACHE STRING "" FORCE)
endif()
set(GGML_NATIVE OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_TOOLS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_SERVER OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_COMMON OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_APP OFF CACHE BOOL "" FORCE)
set(LLAMA_OPENSSL OFF CACHE BOOL "" FORCE)
set(LLAMA_CURL OFF CACHE BOOL "" FORCE)
set(GGML_CCACHE OFF CACHE BOOL "" FORCE)

# Vulkan: the loader's headers (libvulkan-dev), glslc and the SPIR-V headers. Debian 12's glslc
# lacks GL_KHR_cooperative_matrix; scripts/fetch-llama.sh patches the shader generator so that the
# one shader pair it compiled regardless (Intel Xe flash-attention decode) is skipped there too.
if(NOT RBEE_VULKAN STREQUAL "OFF")
    find_package(Vulkan QUIET COMPONENTS glslc)
    find_path(RBEE_SPIRV_HEADERS spirv/unified1/spirv.hpp)
    if(Vulkan_FOUND AND Vulkan_glslc_FOUND AND RBEE_SPIRV_HEADERS)
        set(GGML_VULKAN ON CACHE BOOL "" FORCE)
    elseif(RBEE_VULKAN STREQUAL "ON")
        message(FATAL_ERROR "rbee: RBEE_VULKAN=ON needs libvulkan-dev, glslc and spirv-headers "
                            "(scripts/install-deps.sh installs them)")
    else()
        set(GGML_VULKAN OFF CACHE BOOL "" FORCE)
        message(STATUS "rbee: no Vulkan SDK (libvulkan-dev, glslc, spirv-headers): no Vulkan backend")
    endif()
else()
    set(GGML_VULKAN OFF CACHE BOOL "" FORCE)
endif()

# CUDA: nvcc. CMAKE_CUDA_ARCHITECTURES defaults to the GPUs of this machine when there are some
# (one architecture compiles several times faster), else to llama.cpp's list.
if(NOT RBEE_CUDA STREQUAL "OFF")
    include(CheckLanguage)
    check_language(CUDA)
    if(CMAKE_CUDA_COMPILER)
        if(NOT CMAKE_CUDA_ARCHITECTURES)
            execute_process(COMMAND nvidia-smi -L RESULT_VARIABLE rbee_smi OUTPUT_QUIET ERROR_QUIET)
            if(rbee_smi EQUAL 0)
                set(CMAKE_CUDA_ARCHITECTURES native)
            endif()
        endif()
        set(GGML_CUDA ON CACHE BOOL "" FORCE)
    elseif(RBEE_CUDA STREQUAL "ON")
        message(FATAL_ERROR "rbee: RBEE_CUDA=ON but no CUDA compiler (nvcc) was found")
    else()
        set(GGML_CUDA OFF CACHE BOOL "" FORCE)
    endif()
else()
    set(GGML_CUDA OFF CACHE BOOL "" FORCE)
endif()

set(BUILD_SHARED_LIBS ON)  # GGML_BACKEND_DL needs it; rbee's own libraries stay static
add_subdirectory("${LLAMA_CPP_DIR}" "${CMAKE_BINARY_DIR}/llama.cpp" EXCLUDE_FROM_ALL SYSTEM)
unset(BUILD_SHARED_LIBS)

# Every shared library and module of llama.cpp goes to lib/rbee and finds its siblings there.
function(rbee_llama_targets dir out)
    get_property(targets DIRECTORY "${dir}" PROPERTY BUILDSYSTEM_TARGETS)
    get_property(subdirs DIRECTORY "${dir}" PROPERTY SUBDIRECTORIES)
    foreach(sub IN LISTS subdirs)
        rbee_llama_targets("${sub}" more)
        list(APPEND targets ${more})
    endforeach()
    set(${out} ${targets} PARENT_SCOPE)
endfunction()
rbee_llama_targets("${LLAMA_CPP_DIR}" rbee_all_llama_targets)
set(RBEE_GGML_BACKENDS "")
foreach(t IN LISTS rbee_all_llama_targets)
    get_target_property(type ${t} TYPE)
    if(type STREQUAL "SHARED_LIBRARY" OR type STREQUAL "MODULE_LIBRARY")
        set_target_properties(${t} PROPERTIES
            LIBRARY_OUTPUT_DIRECTORY "${RBEE_LIB_OUTPUT_DIR}"
            BUILD_RPATH "$ORIGIN" INSTALL_RPATH "$ORIGIN")
        if(type STREQUAL "MODULE_LIBRARY")
            list(APPEND RBEE_GGML_BACKENDS ${t})
        endif()
    endif()
endforeach()
message(STATUS "rbee: ggml backends loaded at run time: ${RBEE_GGML_BACKENDS}")

# GCC 12's _tile_loadconfig() tells the optimiser it reads 8 bytes, so -O3 drops the stores
# that fill ggml's AMX tile configuration: every quantised matmul then dies with SIGILL on
# CPUs with AMX. Build ggml's CPU backends without the AMX kernels there (AVX2/AVX-512 paths
# remain; the Sapphire Rapids variant still runs, on its AVX-512 kernels). The flags come last
# on each CPU backend's command line, so they win over a variant's -mamx-*.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    set(RBEE_GGML_NO_AMX_DEFAULT ON)
else()
    set(RBEE_GGML_NO_AMX_DEFAULT OFF)
endif()
option(RBEE_GGML_NO_AMX "Build ggml without its AMX kernels" ${RBEE_GGML_NO_AMX_DEFAULT})
if(RBEE_GGML_NO_AMX)
    foreach(t IN LISTS RBEE_GGML_BACKENDS)
        if(t MATCHES "^ggml-cpu")
            target_compile_options(${t} PRIVATE -mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
        endif()
    endforeach()
endif()
