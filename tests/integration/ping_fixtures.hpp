#pragma once
// What the tgperf ping process tests (ping_test.cpp, ping_targets_test.cpp) share: the binary run
// with arguments, loopback listeners to ping and the helpers that read its output.
#include <chrono>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "support/loopback_listener.hpp"
#include "support/text_count.hpp"

namespace tgperf::test {

// `tgperf ping ARGS`, killed after 20 s.
inline RunResult ping(std::vector<std::string> args) {
  args.insert(args.begin(), {TGPERF_BINARY, "ping"});
  return run_process(args, {}, "", std::chrono::seconds(20));
}

}  // namespace tgperf::test
