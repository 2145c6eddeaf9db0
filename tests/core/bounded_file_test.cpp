#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "tgperf/core/bounded_file.hpp"
#include "tgperf/core/usage_error.hpp"

namespace fs = std::filesystem;
using tgperf::check_input_file;
using tgperf::read_bounded_file;

namespace {
// A file in a fresh temporary directory, removed at the end.
struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tgperf-bounded-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path path;
};
}  // namespace

TEST_CASE("a file within its limit is read whole") {
  TempDir dir;
  std::ofstream(dir.path / "small") << "%{time_total}\n";
  CHECK(read_bounded_file((dir.path / "small").string(), "--write-out", 64) == "%{time_total}\n");
}

TEST_CASE("an endless device is refused at the limit instead of filling memory") {
  CHECK_THROWS_WITH(read_bounded_file("/dev/zero", "--write-out", 64 * 1024),
                    Catch::Contains("'/dev/zero' is larger than 64 KiB") && Catch::Contains("--write-out"));
}

TEST_CASE("a file one byte over the limit is refused, one at the limit is not") {
  TempDir dir;
  std::ofstream(dir.path / "at") << std::string(1024, 'x');
  std::ofstream(dir.path / "over") << std::string(1025, 'x');
  CHECK(read_bounded_file((dir.path / "at").string(), "-w", 1024).size() == 1024);
  CHECK_THROWS_WITH(read_bounded_file((dir.path / "over").string(), "-w", 1024), Catch::Contains("1 KiB"));
}

TEST_CASE("a missing file or a directory is named in one usage error") {
  CHECK_THROWS_WITH(read_bounded_file("/nonexistent/x", "--write-out", 10), Catch::Contains("'/nonexistent/x'"));
  TempDir dir;
  CHECK_THROWS_WITH(read_bounded_file(dir.path.string(), "--write-out", 10), Catch::Contains("directory"));
}

TEST_CASE("a file handed to a library must be a regular file within the limit") {
  TempDir dir;
  std::ofstream(dir.path / "ca.pem") << "-----BEGIN CERTIFICATE-----\n";
  CHECK_NOTHROW(check_input_file((dir.path / "ca.pem").string(), "--cacert", 1024));
  CHECK_THROWS_WITH(check_input_file("/dev/zero", "--cacert", 1024), Catch::Contains("not a regular file"));
  const auto sparse = dir.path / "huge.pem";
  std::ofstream(sparse).close();
  fs::resize_file(sparse, 2 * 1024 * 1024);  // sparse: no disk used
  CHECK_THROWS_WITH(check_input_file(sparse.string(), "--cert", 1024 * 1024),
                    Catch::Contains("larger than 1 MiB") && Catch::Contains("--cert"));
  CHECK_THROWS_AS(check_input_file((dir.path / "missing").string(), "--key", 1024), tgperf::UsageError);
}

TEST_CASE("limits are named in KiB or MiB") {
  CHECK(tgperf::format_byte_limit(64 * 1024) == "64 KiB");
  CHECK(tgperf::format_byte_limit(4 * 1024 * 1024) == "4 MiB");
  CHECK(tgperf::format_byte_limit(1000) == "1000 bytes");
}
