// read_token_file and token_from_flags: where a token comes from, and how each wrong source is
// refused with a message that names it and never holds the secret.
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "tgperf/botapi/token.hpp"
#include "tgperf/core/usage_error.hpp"

namespace {

namespace fs = std::filesystem;
using tgperf::botapi::read_token_file;
using tgperf::botapi::token_from_flags;

const std::string kFileToken = "7123456789:AAH3xQ-secretsecretsecretsecret12345";
const std::string kFileSecret = "AAH3xQ-secretsecretsecretsecret12345";

struct TempDir {
  fs::path path;
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tgperf-token-file-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path / name, std::ios::binary) << content;
    return (path / name).string();
  }
};

// The message of the UsageError `f` throws; fails the test if it throws nothing.
template <typename F>
std::string usage_error_of(F&& f) {
  try {
    f();
  } catch (const tgperf::UsageError& e) {
    return e.what();
  }
  FAIL("no UsageError");
  return {};
}

// Sets an environment variable for one scope.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const char* value) : name(std::move(n)) {
    if (value) {
      ::setenv(name.c_str(), value, 1);
    } else {
      ::unsetenv(name.c_str());
    }
  }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("a token file as BotFather gives it is read, whitespace and CRLF around it ignored") {
  TempDir dir;
  CHECK(read_token_file(dir.write("plain", kFileToken)).value() == kFileToken);
  CHECK(read_token_file(dir.write("newline", kFileToken + "\n")).value() == kFileToken);
  CHECK(read_token_file(dir.write("crlf", "  " + kFileToken + "\r\n\n")).value() == kFileToken);
}

TEST_CASE("token files that cannot be used are usage errors naming the file, never the secret") {
  TempDir dir;
  const std::string two_lines = dir.write("two", kFileToken + "\n" + kFileToken + "\n");
  const std::string fifo = (dir.path / "fifo").string();
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  struct Case {
    std::string path, expect;
  };
  for (const auto& c : {Case{"/nonexistent/token", "No such file"}, Case{dir.path.string(), "directory"},
                        Case{dir.write("empty", ""), "empty"}, Case{dir.write("blank", " \n\t\n"), "empty"},
                        Case{two_lines, "whitespace"}, Case{fifo, "empty"}, Case{"/dev/zero", "4 KiB"},
                        Case{dir.write("big", std::string(5000, 'a')), "4 KiB"},
                        Case{dir.write("bad", "123:has space"), "whitespace"}, Case{"", "file name"}}) {
    INFO("file: " << c.path);
    const std::string message = usage_error_of([&] { read_token_file(c.path); });
    CHECK_THAT(message, Catch::Contains(c.expect));
    if (!c.path.empty()) CHECK_THAT(message, Catch::Contains(c.path));
    CHECK(message.find(kFileSecret) == std::string::npos);
  }
}

TEST_CASE("token_from_flags: --token, then --token-file, then TGPERF_TOKEN, and never two flags") {
  TempDir dir;
  const std::string file = dir.write("token", kFileToken + "\n");
  ScopedEnv env("TGPERF_TOKEN", nullptr);
  CHECK_FALSE(token_from_flags("", "").has_value());
  CHECK(token_from_flags(kFileToken, "")->value() == kFileToken);
  CHECK(token_from_flags("", file)->value() == kFileToken);
  CHECK_THAT(usage_error_of([&] { token_from_flags(kFileToken, file); }), Catch::Contains("not both"));
  {
    ScopedEnv set("TGPERF_TOKEN", kFileToken.c_str());
    CHECK(token_from_flags("", "")->value() == kFileToken);
    CHECK(token_from_flags("42:flag-token-aaaaaaaaaaaaaaaaaaaa", "")->bot_id() == "42");  // the flag wins
  }
  {
    ScopedEnv set("TGPERF_TOKEN", "7123456789:");
    CHECK_THAT(usage_error_of([] { token_from_flags("", ""); }), Catch::Contains("in TGPERF_TOKEN"));
  }
  const std::string bad_flag = usage_error_of([] { token_from_flags(kFileToken + " ", ""); });
  CHECK_THAT(bad_flag, Catch::Contains("in --token") && Catch::Contains("whitespace"));
  CHECK(bad_flag.find(kFileSecret) == std::string::npos);
}
