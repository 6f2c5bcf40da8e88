# CPack: `cpack -G DEB` in the build folder makes rbee_<version>_<arch>.deb from the install rules
# (cmake/Install.cmake, packaging/CMakeLists.txt). dpkg-shlibdeps finds the dependencies (Qt,
# QtKeychain, http-parser, Vulkan, libc ...) from the programs and libraries, looking into the
# private lib/rbee for llama.cpp's libraries; the files are stripped like dh_strip would.
set(CPACK_PACKAGE_NAME "rbee")
set(CPACK_PACKAGE_VENDOR "The rbee developers")
set(CPACK_PACKAGE_CONTACT "rbee developers <dev@rbee.invalid>" CACHE STRING "The package's maintainer")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "LLM cluster for the machines of a home or small lab")
set(CPACK_PACKAGE_DESCRIPTION
    "rbee turns the machines of a home or small lab into one LLM cluster.
rbee-worker serves one GGUF model with llama.cpp over HTTP (CPU, and GPUs
through Vulkan); rbee --serve, the queen, keeps a registry of workers,
schedules jobs on them and offers a job API and an OpenAI-compatible API;
rbee-hive starts workers and copies models on each machine; the rbee
desktop app chats with the models and shows the cluster live.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${RBEE_HOMEPAGE_URL}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(RBEE_DEB_RELEASE 1)  # the Debian revision: the package is rbee_<version>-1
set(CPACK_DEBIAN_PACKAGE_RELEASE ${RBEE_DEB_RELEASE})
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${RBEE_LIB_OUTPUT_DIR}")
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
# Our own maintainer scripts: CPack's would run ldconfig for lib/rbee, which is no ldconfig folder.
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    "${PROJECT_SOURCE_DIR}/packaging/debian/postinst;${PROJECT_SOURCE_DIR}/packaging/debian/postrm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Qt's own translations (Yes/No/Cancel in German and French); Vulkan drivers for the GPUs.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-translations-l10n, mesa-vulkan-drivers")
# Directories 0755 whatever the umask of the build (lintian: non-standard-dir-perm).
set(CMAKE_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
include(CPack)
