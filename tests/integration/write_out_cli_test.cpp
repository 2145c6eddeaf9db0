// curl-timing -w as curl does it, end to end: an empty template prints nothing, %{stderr} sends
// the rest to standard error, %header{} reads the response.
#include <catch2/catch.hpp>

#include "support/child_process.hpp"
#include "tgperf/emulator/emulator.hpp"

using tgperf::test::run_process;

namespace {

const std::string kWriteOutToken = "123456:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

tgperf::test::RunResult timing(const tgperf::emulator::Emulator& emu, const std::string& write_out) {
  return run_process({TGPERF_BINARY, "curl-timing", "--token", kWriteOutToken, "--api-url", emu.base_url(), "-n", "1",
                      "-w", write_out});
}

}  // namespace

TEST_CASE("curl-timing -w '' prints nothing at all, as curl -w '' does") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  const auto r = timing(emu, "");
  CHECK(r.exit_code == 0);
  CHECK(r.out.empty());
  CHECK(r.err.empty());
}

TEST_CASE("curl-timing -w switches to stderr and back, and reads response headers") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  const auto r = timing(emu, "%{http_code}%{stderr}[%{SCHEME}]%{stdout} %header{content-type}\\n");
  CHECK(r.exit_code == 0);
  CHECK(r.out == "200 application/json\n");
  CHECK(r.err == "[HTTP]");
}
