# `cpack -G DEB` from the build directory makes a Debian package of the GUI, the CLI and their data.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/transfer-studio.desktop DESTINATION share/applications)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/io.github.transferstudio.TransferStudio.metainfo.xml
        DESTINATION share/metainfo)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/transfer-studio.svg
        DESTINATION share/icons/hicolor/scalable/apps)

set(CPACK_PACKAGE_NAME transfer-studio)
set(CPACK_PACKAGE_VENDOR "Transfer Studio developers")
set(CPACK_PACKAGE_CONTACT "Transfer Studio developers <transfer-studio@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Without OpenBLAS Debian's LibTorch falls back to the reference BLAS (~9x slower 1x1 convolutions).
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0")
include(CPack)
