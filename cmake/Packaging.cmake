# What `cmake --install` puts where, and how cpack packs it.
install(TARGETS tgperf RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY formats/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tgperf/formats)
