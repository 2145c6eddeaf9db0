// Issue 33, items 1 and 2: output that cannot be written is not a success, and a closed standard
// descriptor is never handed to a socket.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>

#include "support/child_process.hpp"

using tgperf::test::run_process;

TEST_CASE("a report sent to a full disk exits 3 with a write error, not 0", "[write-error]") {
  const std::string command = std::string("exec '") + TGPERF_BINARY + "' curl-timing --local -n 1 --format prometheus > /dev/full";
  const auto r = run_process({"/bin/sh", "-c", command}, {}, "", std::chrono::seconds(60));
  INFO("stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("tgperf: write error") != std::string::npos);
}

TEST_CASE("with stdout closed, the report goes nowhere and no socket takes fd 1", "[write-error]") {
  const std::string command = std::string("exec '") + TGPERF_BINARY + "' ping --local -c 1 >&-";
  const auto r = run_process({"/bin/sh", "-c", command}, {}, "", std::chrono::seconds(60));
  INFO("stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 0);  // 141 (SIGPIPE) when the listener's socket took fd 1
}
