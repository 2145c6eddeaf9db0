#pragma once
// Which tgperf the tests start. Every test executable is compiled with this header included first
// (tests/CMakeLists.txt) and TGPERF_BINARY defined as binary_under_test(), so that every way a test
// starts tgperf (the harness, a shell line, `ip netns exec`) asks here.
//
// TGPERF_BINARY_UNDER_TEST, when set and not empty, replaces the binary of the test's own tree
// (TGPERF_BUILT_BINARY): packaging/check.sh runs the plain tree's end-to-end suites against the
// sanitizer tree's instrumented tgperf, instead of compiling those suites again under the sanitizer.
#include <cstdlib>

namespace tgperf::test {

inline const char* binary_under_test() {
  const char* override_path = std::getenv("TGPERF_BINARY_UNDER_TEST");
  return override_path != nullptr && *override_path != '\0' ? override_path : TGPERF_BUILT_BINARY;
}

}  // namespace tgperf::test
