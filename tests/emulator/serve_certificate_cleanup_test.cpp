// `serve --tls` writes its generated certificate and key into $TMPDIR/tgperf-serve-*: nothing of it
// may outlive the process, however the process ends.
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"

namespace fs = std::filesystem;
using tgperf::test::ChildProcess;

namespace {

// A fresh, empty TMPDIR for one serve process; removed at the end of the test.
class ScratchTmpdir {
 public:
  ScratchTmpdir() {
    std::string pattern = (fs::temp_directory_path() / "tgperf-cleanup-test-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~ScratchTmpdir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  // True once nothing is left in it (the guardian removes the directory shortly after the server
  // died); bounded, so a regression fails instead of hanging.
  bool empties() const {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!fs::is_empty(path_)) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
  }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("serve --tls whose stdout is a closed pipe (SIGPIPE) leaves no certificate directory") {
  ScratchTmpdir tmp;
  ChildProcess::Options nobody_reads;
  nobody_reads.out = ChildProcess::Output::closed_pipe;  // the banner's write raises SIGPIPE
  ChildProcess serve({"/usr/bin/env", "TMPDIR=" + tmp.path(), TGPERF_BINARY, "serve", "--listen", "127.0.0.1:0", "--tls"},
                     nobody_reads);
  if (!serve.wait(std::chrono::seconds(30))) FAIL("serve kept running with a closed stdout");
  CHECK(serve.signalled());
  CHECK(tmp.empties());
}

TEST_CASE("serve --tls stopped by a double Ctrl-C leaves no certificate directory") {
  ScratchTmpdir tmp;
  ChildProcess serve({"/usr/bin/env", "TMPDIR=" + tmp.path(), TGPERF_BINARY, "serve", "--listen", "127.0.0.1:0",
                                      "--tls"});
  const auto cert_line = serve.wait_for_line("certificate:", false);
  REQUIRE(cert_line.has_value());
  CHECK(cert_line->find(tmp.path() + "/tgperf-serve-") != std::string::npos);
  serve.signal(SIGINT);
  serve.signal(SIGINT);
  REQUIRE(serve.wait().has_value());
  CHECK(tmp.empties());
}

TEST_CASE("serve --tls killed with SIGKILL leaves no certificate directory") {
  ScratchTmpdir tmp;
  ChildProcess serve({"/usr/bin/env", "TMPDIR=" + tmp.path(), TGPERF_BINARY, "serve", "--listen", "127.0.0.1:0",
                                      "--tls"});
  REQUIRE(serve.wait_for_line("certificate:", false).has_value());
  CHECK_FALSE(fs::is_empty(tmp.path()));
  serve.signal(SIGKILL);
  REQUIRE(serve.wait().has_value());
  CHECK(tmp.empties());
}
