# What `cmake --install` puts under the prefix, the CMake package that
# finds it, and the Debian package CPack makes of it.
include(CMakePackageConfigHelpers)

# The plugin and the module are loaded by path, not linked: they live in a
# directory of their own rather than among the shared libraries.
set(FORKSAFE_INSTALL_MODULE_DIR ${CMAKE_INSTALL_LIBDIR}/forksafe)
set(FORKSAFE_INSTALL_PLUGIN ${FORKSAFE_INSTALL_MODULE_DIR}/forksafe.so)
set(FORKSAFE_INSTALL_TIDY_MODULE ${FORKSAFE_INSTALL_MODULE_DIR}/forksafe-tidy.so)
set(FORKSAFE_INSTALL_CLI ${CMAKE_INSTALL_BINDIR}/forksafe)

install(TARGETS forksafe forksafe-tidy
  LIBRARY DESTINATION ${FORKSAFE_INSTALL_MODULE_DIR})
install(TARGETS forksafe-cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# The run-time library is preloaded, not loaded by a compiler: among the
# shared libraries, where forksafe-run finds it (../lib from its own
# directory, as in the build tree).
install(TARGETS forksafe-rt LIBRARY DESTINATION lib)
install(TARGETS forksafe-run RUNTIME DESTINATION bin)
if(FORKSAFE_CLANGD)
  install(TARGETS forksafe-clangd RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
# The check pages are where the forksafe command's SARIF output points.
# The files the pages link to (the knowledge tables, the examples, the CI
# templates) go beside them, in the source tree's layout, so that every
# link works in the installed docs too (test/docs/links.test).
install(FILES README.md CHANGELOG.md LICENSE
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
  PATTERN "man" EXCLUDE)
install(DIRECTORY examples/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/examples)
install(DIRECTORY checks/knowledge/
  DESTINATION ${CMAKE_INSTALL_DOCDIR}/checks/knowledge
  FILES_MATCHING PATTERN "*.def")
install(FILES runtime/functions.def DESTINATION ${CMAKE_INSTALL_DOCDIR}/runtime)
install(DIRECTORY scripts/ci/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/scripts/ci)
install(FILES docs/man/forksafe.1 docs/man/forksafe-run.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

set(FORKSAFE_INSTALL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/forksafe)
configure_package_config_file(cmake/forksafeConfig.cmake.in
  ${CMAKE_BINARY_DIR}/forksafeConfig.cmake
  INSTALL_DESTINATION ${FORKSAFE_INSTALL_CMAKE_DIR}
  PATH_VARS FORKSAFE_INSTALL_PLUGIN FORKSAFE_INSTALL_TIDY_MODULE
            FORKSAFE_INSTALL_CLI)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/forksafeConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/forksafeConfig.cmake
  ${CMAKE_BINARY_DIR}/forksafeConfigVersion.cmake
  DESTINATION ${FORKSAFE_INSTALL_CMAKE_DIR})

# cpack -G DEB, from a build configured with -DCMAKE_INSTALL_PREFIX=/usr.
set(CPACK_PACKAGE_NAME forksafe)
set(CPACK_PACKAGE_CONTACT "forksafe developers <forksafe@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "finds fork-safety bugs in C and C++ at compile time")
set(CPACK_PACKAGE_DESCRIPTION
  "A Clang ${FORKSAFE_LLVM_VERSION} plugin, a clang-tidy module, a clangd with \
the forksafe checks, and a whole-program command that find unsafe calls in \
forked children, forks while threads run, and related bugs; and a run-time \
library, preloaded by forksafe-run, that reports them as they happen.")
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
# The programs' libraries, found by dpkg-shlibdeps; the plugin and the
# module link nothing and need the compiler and clang-tidy they load into.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-${FORKSAFE_LLVM_VERSION}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "clang-tidy-${FORKSAFE_LLVM_VERSION}")
include(CPack)
