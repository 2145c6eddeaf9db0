# What `cmake --install` puts where, and how cpack packs it (a .deb and a .tar.gz).
#
# `cmake --install` uses CMAKE_INSTALL_PREFIX (default /usr/local). The .deb always installs under
# /usr, and the binary looks for its write-out formats in ${CMAKE_INSTALL_FULL_DATADIR}/tgperf/formats,
# fixed at compile time: so a .deb must come from a tree configured with -DCMAKE_INSTALL_PREFIX=/usr.
# packaging/build-packages.sh does that; cpack refuses to build a .deb from any other tree
# (cmake/CPackProjectConfig.cmake.in).

install(TARGETS tgperf RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY formats/ DESTINATION ${CMAKE_INSTALL_DATADIR}/tgperf/formats)

# The man page, gzip-compressed as Debian policy wants (-n: no name or time stamp, so the package is
# reproducible). Built with the default target so that cpack and `cmake --install` find it.
set(tgperf_man_source ${PROJECT_SOURCE_DIR}/packaging/man/tgperf.1)
find_program(TGPERF_GZIP gzip)
if(TGPERF_GZIP)
  set(tgperf_man_page ${PROJECT_BINARY_DIR}/packaging/tgperf.1.gz)
  add_custom_command(OUTPUT ${tgperf_man_page}
                     COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/packaging
                     COMMAND ${TGPERF_GZIP} -9 -n -c ${tgperf_man_source} > ${tgperf_man_page}
                     DEPENDS ${tgperf_man_source}
                     COMMENT "Compressing the man page tgperf.1"
                     VERBATIM)
  add_custom_target(tgperf_man ALL DEPENDS ${tgperf_man_page})
else()
  set(tgperf_man_page ${tgperf_man_source})  # no gzip: install it uncompressed (man reads both)
endif()
install(FILES ${tgperf_man_page} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# Shell completions: bash-completion loads share/bash-completion/completions/<command> on demand.
# Debian's zsh searches /usr/share/zsh/vendor-completions, and /usr/local/share/zsh/site-functions for
# local installs.
install(FILES packaging/completions/tgperf.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME tgperf)
set(TGPERF_ZSH_COMPLETION_DIR "" CACHE STRING
    "Where the zsh completion _tgperf is installed, relative to the prefix (empty: by the prefix)")
set(tgperf_zsh_dir ${TGPERF_ZSH_COMPLETION_DIR})
if(NOT tgperf_zsh_dir AND CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  set(tgperf_zsh_dir ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
elseif(NOT tgperf_zsh_dir)
  set(tgperf_zsh_dir ${CMAKE_INSTALL_DATADIR}/zsh/site-functions)
endif()
install(FILES packaging/completions/_tgperf DESTINATION ${tgperf_zsh_dir})

# tgperf exporter's monitoring files (README, "Monitoring"): the example config, the Prometheus scrape
# config and alert rules, the Grafana dashboard; and its systemd unit where systemd looks for units of
# packages (/usr/lib/systemd/system on merged-/usr Debian; under the prefix for other installs).
install(FILES packaging/exporter/tgperf-exporter.json packaging/exporter/prometheus.yml
              packaging/exporter/tgperf-alerts.yml packaging/exporter/tgperf-dashboard.json
        DESTINATION ${CMAKE_INSTALL_DATADIR}/tgperf/exporter)
install(FILES packaging/exporter/tgperf-exporter.service DESTINATION lib/systemd/system)

# ---- cpack ------------------------------------------------------------------------------------------
# cpack (like `make install`) would first build the whole `all` target, the test suite included, one
# job at a time. It packs only tgperf and the man page: build those (packaging/build-packages.sh
# does), then run cpack.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR "DEB;TGZ")
set(CPACK_PACKAGE_NAME tgperf)
set(CPACK_PACKAGE_VENDOR "tgperf maintainers")
set(CPACK_PACKAGE_CONTACT "tgperf maintainers <maintainers@users.noreply.r-seed-74bcedee.example>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
# The long description, lines under 80 columns as Debian wants (cpack indents them by one space).
set(CPACK_PACKAGE_DESCRIPTION
    "tgperf measures why a Telegram bot is slow: TCP-connect pings to the
Bot API (ping), the DNS/TCP/TLS/server/transfer phases of a real Bot API
request, cold and on a reused connection (curl-timing, also as OpenMetrics
for Prometheus), an emulated Bot API that any bot framework can be pointed
at (serve), and an echo bot run in sync, threaded and event-loop dispatch
against it (echo-bench) or for real (echo-bot). The bot token is never
printed.")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)  # Debian policy: binaries are shipped stripped
set(CPACK_PACKAGE_FILE_NAME "tgperf-${PROJECT_VERSION}-linux-${CMAKE_SYSTEM_PROCESSOR}")  # the .tar.gz

# .deb: installs under /usr; Depends computed by dpkg-shlibdeps from the libraries tgperf links.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # tgperf_<version>-<release>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# curl-timing and echo-bot verify api.telegram.org's certificate against the system CA store.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "ca-certificates")
# curl: compare `curl -w @/usr/share/tgperf/formats/curl-format.txt` with curl-timing; the
# textfile collector of prometheus-node-exporter is where cron-run OpenMetrics output goes.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "bash-completion, curl, prometheus-node-exporter")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_SOURCE_GENERATOR "")

# Per-generator settings and the prefix check, read by cpack at packaging time.
set(TGPERF_PACKAGE_FORMATS_DIR "${CMAKE_INSTALL_FULL_DATADIR}/tgperf/formats")
configure_file(${CMAKE_CURRENT_LIST_DIR}/CPackProjectConfig.cmake.in
               ${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake @ONLY)
set(CPACK_PROJECT_CONFIG_FILE ${PROJECT_BINARY_DIR}/CPackProjectConfig.cmake)

include(CPack)
