#pragma once
// Reported skips for Catch2 v2, which has no SKIP of its own.
//
// A test that cannot run here (a tool is missing, the kernel or the container does not allow what
// it needs) calls TGPERF_SKIP("why"), or tgperf::test::report_skip("why") when the rest of the test
// still runs (an optional cross-check is unavailable). The reason is printed as a Catch2 WARN, and
// the test executable then exits with kSkipExitCode instead of 0 (tests/catch_main.cpp), which
// tests/CMakeLists.txt maps with SKIP_RETURN_CODE: ctest reports "Skipped", never a silent pass.
// A failed assertion still wins: the executable then exits non-zero as usual and ctest reports a
// failure. packaging/check.sh fails when a test outside tests/skip_allowed.txt was skipped in CI.
#include <catch2/catch.hpp>

#include <atomic>
#include <string>

namespace tgperf::test {

// Automake's "skipped" code; the ptb and package tests use it too.
inline constexpr int kSkipExitCode = 77;

// Skips reported by this process so far.
inline std::atomic<int>& skips_reported() {
  static std::atomic<int> count{0};
  return count;
}

// Records a skip (the test keeps running: for a part of it that cannot run here).
inline void report_skip(const std::string& reason) {
  ++skips_reported();
  WARN("SKIPPED: " << reason);
}

}  // namespace tgperf::test

// Records a skip and leaves the test case (use at the top level of a TEST_CASE or SECTION body).
#define TGPERF_SKIP(reason)                \
  do {                                     \
    ::tgperf::test::report_skip(reason);   \
    return;                                \
  } while (false)
