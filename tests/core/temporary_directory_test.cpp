// A TemporaryDirectory disappears with its owner, whichever way the owner ends.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "tgperf/core/temporary_directory.hpp"

namespace fs = std::filesystem;

namespace {

// The guardian removes the directory after its owner died; wait for that (bounded), no fixed sleep.
bool disappears(const fs::path& path, std::chrono::seconds limit = std::chrono::seconds(20)) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (fs::exists(path)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

}  // namespace

TEST_CASE("the directory is private, usable, and removed with its contents when destroyed") {
  fs::path path;
  {
    tgperf::TemporaryDirectory dir("tgperf-test-");
    path = dir.path();
    CHECK(fs::is_directory(path));
    CHECK(path.filename().string().starts_with("tgperf-test-"));
    CHECK((fs::status(path).permissions() & fs::perms::others_all) == fs::perms::none);
    std::ofstream(path / "a.pem") << "x";
  }
  CHECK_FALSE(fs::exists(path));
}

TEST_CASE("a process killed outright (SIGKILL, no destructor) still leaves nothing behind") {
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(ready[0]);
    tgperf::TemporaryDirectory dir("tgperf-test-");
    std::ofstream(fs::path(dir.path()) / "key.pem") << "secret";
    const std::string path = dir.path() + "\n";
    [[maybe_unused]] auto n = ::write(ready[1], path.data(), path.size());
    for (;;) ::pause();  // until killed
  }
  ::close(ready[1]);
  std::string path;
  char c;
  while (::read(ready[0], &c, 1) == 1 && c != '\n') path.push_back(c);
  ::close(ready[0]);
  REQUIRE_FALSE(path.empty());
  CHECK(fs::exists(fs::path(path) / "key.pem"));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(disappears(path));
}
