# Helpers shared by every target of the tree.

# Warnings are part of the code review: -Wall -Wextra -Wpedantic, errors unless TGPERF_WERROR=OFF.
function(tgperf_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
                         $<$<BOOL:${TGPERF_WERROR}>:-Werror>)
endfunction()

# tgperf_module(NAME [DEPS targets...])
# One module of the library: include/tgperf/NAME/*.hpp (public) and src/NAME/*.cpp (private),
# built as the static library tgperf_NAME. A module with no sources yet is header-only.
function(tgperf_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "" "DEPS")
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/src/${name}/*.cpp)
  if(sources)
    add_library(tgperf_${name} STATIC ${sources})
    target_include_directories(tgperf_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                               PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(tgperf_${name} PUBLIC ${arg_DEPS})
    tgperf_warnings(tgperf_${name})
  else()
    add_library(tgperf_${name} INTERFACE)
    target_include_directories(tgperf_${name} INTERFACE ${PROJECT_SOURCE_DIR}/include)
    target_link_libraries(tgperf_${name} INTERFACE ${arg_DEPS})
  endif()
endfunction()
