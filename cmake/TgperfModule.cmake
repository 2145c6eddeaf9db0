# Helpers shared by every target of the tree.

# Warnings are part of the code review: -Wall -Wextra -Wpedantic, errors with TGPERF_WERROR=ON (CI).
function(tgperf_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                         $<$<BOOL:${TGPERF_WERROR}>:-Werror>)
endfunction()

# tgperf_module(NAME [HEADERS DIR] [SOURCES files... | EXCLUDE files...] [DEPS targets...])
# One module of the library: include/tgperf/NAME/*.hpp (public) and src/NAME/*.cpp (private),
# built as the static library tgperf_NAME. A module with no sources yet is header-only.
# A module can be split in two libraries over one folder: HEADERS names the folder (and header
# view) it shares, SOURCES names the part's files in src/DIR, EXCLUDE leaves out the other part's.
#
# The dependency graph is enforced, not just documented: a module does not publish the whole
# include/ tree but a view of it, <build>/include_views/DIR/tgperf/DIR -> include/tgperf/DIR.
# A target sees tgperf/X/... only when it links tgperf_X (directly or through a module that declares
# it), so `#include "tgperf/emulator/..."` in a module that does not declare the emulator fails to
# compile instead of drifting in unnoticed.
function(tgperf_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "HEADERS" "SOURCES;EXCLUDE;DEPS")
  set(dir ${name})
  if(arg_HEADERS)
    set(dir ${arg_HEADERS})
  endif()
  set(view ${PROJECT_BINARY_DIR}/include_views/${dir})
  file(MAKE_DIRECTORY ${view}/tgperf)
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/include/tgperf/${dir} ${view}/tgperf/${dir} SYMBOLIC)
  if(arg_SOURCES)
    list(TRANSFORM arg_SOURCES PREPEND ${PROJECT_SOURCE_DIR}/src/${dir}/ OUTPUT_VARIABLE sources)
  else()
    file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${dir}/*.cpp)
  endif()
  foreach(excluded ${arg_EXCLUDE})
    list(REMOVE_ITEM sources ${PROJECT_SOURCE_DIR}/src/${dir}/${excluded})
  endforeach()
  if(sources)
    add_library(tgperf_${name} STATIC ${sources})
    target_include_directories(tgperf_${name} PUBLIC ${view} PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(tgperf_${name} PUBLIC ${arg_DEPS})
    tgperf_warnings(tgperf_${name})
  else()
    add_library(tgperf_${name} INTERFACE)
    target_include_directories(tgperf_${name} INTERFACE ${view})
    target_link_libraries(tgperf_${name} INTERFACE ${arg_DEPS})
  endif()
endfunction()
