// The one translation unit that holds Catch2's test runner. Its exit code: Catch2's (the number of
// failed test cases) when anything failed, else kSkipExitCode when a test reported a skip
// (support/skip.hpp), so ctest shows the skip instead of a pass.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "support/skip.hpp"

int main(int argc, char* argv[]) {
  const int failures = Catch::Session().run(argc, argv);
  if (failures == 0 && tgperf::test::skips_reported() > 0) return tgperf::test::kSkipExitCode;
  return failures;
}
