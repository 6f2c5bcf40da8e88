# Install rules of the programs and of llama.cpp's libraries: `cmake --install build --prefix P`
# gives P/bin/{rbee,rbee-worker,rbee-hive} and, in the private P/lib/rbee, libllama, libggml,
# libggml-base and every ggml backend this build made (libggml-cpu-*.so, libggml-vulkan.so,
# libggml-cuda.so). The programs find the libraries through their RUNPATH ($ORIGIN/../lib/rbee, set
# in cmake/Llama.cmake) and rbee-worker loads the backends from the same folder at run time
# (ComputeDevices::load), so the installed tree can move as a whole. rbee's translations are
# compiled into the program (:/i18n); Qt's own come from Debian's qt6-translations-l10n.
# The desktop entry, icons, units, manual pages and completions: packaging/CMakeLists.txt.
include(GNUInstallDirs)

if(NOT CMAKE_INSTALL_BINDIR STREQUAL "bin")
    message(FATAL_ERROR "rbee: CMAKE_INSTALL_BINDIR must be bin: the programs find lib/rbee at ../lib/rbee")
endif()

install(TARGETS rbee rbee-worker rbee-hive RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The folder that holds llama.cpp's libraries and the backends: this tree's, or the other tree's
# whose libraries this one links (RBEE_LLAMA_BUILD_DIR). A system llama.cpp installs its own.
if(RBEE_LLAMA_BUILD_DIR)
    set(rbee_llama_lib_dir "${RBEE_LLAMA_BUILD_DIR}/${RBEE_PRIVATE_LIBDIR}")
elseif(RBEE_LLAMA_SOURCE_DIR)
    set(rbee_llama_lib_dir "${RBEE_LIB_OUTPUT_DIR}")
else()
    set(rbee_llama_lib_dir "")
endif()
if(rbee_llama_lib_dir)
    # Symbolic links (libllama.so.0 -> libllama.so.0.5.0) stay links; libraries are not executable.
    install(DIRECTORY "${rbee_llama_lib_dir}/" DESTINATION ${RBEE_PRIVATE_LIBDIR}
        FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ
        FILES_MATCHING PATTERN "lib*.so*")
    # `cmake --install --strip` (and CPack with CPACK_STRIP_FILES) strips targets only; these are
    # files, so strip them here the way dh_strip does (symbols that no other object needs).
    install(CODE "
        if(CMAKE_INSTALL_DO_STRIP)
            file(GLOB rbee_libs \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${RBEE_PRIVATE_LIBDIR}/lib*.so*\")
            foreach(lib IN LISTS rbee_libs)
                if(NOT IS_SYMLINK \"\${lib}\")
                    execute_process(COMMAND \"${CMAKE_STRIP}\" --strip-unneeded
                        --remove-section=.comment --remove-section=.note \"\${lib}\" COMMAND_ERROR_IS_FATAL ANY)
                endif()
            endforeach()
        endif()")
endif()
