// The README's cron recipe for node_exporter's textfile collector, run as written (its line is read
// from README.md) in a temporary directory: a measurement (exit 0 or 1) replaces tgperf_api.prom, a
// configuration error such as an API host name that does not resolve (exit 2) keeps the old file.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "support/child_process.hpp"
#include "support/loopback.hpp"

namespace {

namespace fs = std::filesystem;

const std::string kRecipeToken = "7123456789:AAH3xQ-recipesecret123456789012";

// The curl-timing line of the README's /etc/cron.d/tgperf block, from `D=` on.
std::string readme_recipe() {
  std::ifstream readme(TGPERF_SOURCE_DIR "/README.md");
  std::string line;
  while (std::getline(readme, line)) {
    if (line.find("nobody D=") != std::string::npos && line.find("tgperf curl-timing") != std::string::npos) {
      return line.substr(line.find("D="));
    }
  }
  return {};
}

void replace_once(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

struct TempDir {
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "tgperf-recipe-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
  fs::path path;
};

// Runs the recipe against `api_url` in `dir` (which holds an old tgperf_api.prom); the exit status of
// tgperf itself is reported through a side file.
tgperf::test::RunResult run_recipe(const fs::path& dir, const std::string& api_url, bool own_network) {
  std::string recipe = readme_recipe();
  REQUIRE_FALSE(recipe.empty());
  replace_once(recipe, "D=/var/lib/node_exporter/textfile", "D=" + dir.string());
  replace_once(recipe, "tgperf curl-timing", std::string(TGPERF_BINARY) + " curl-timing --api-url " + api_url);
  replace_once(recipe, "/etc/tgperf/token", (dir / "token").string());
  std::ofstream(dir / "token") << kRecipeToken << '\n';
  std::ofstream(dir / "tgperf_api.prom") << "# the previous run\n";
  std::vector<std::string> argv;
  if (own_network) argv = {"unshare", "--net", "--"};
  argv.insert(argv.end(), {"sh", "-c", recipe});
  return tgperf::test::run_process(argv, {}, "", std::chrono::seconds(120));
}

}  // namespace

TEST_CASE("the README's cron recipe keeps the previous .prom file when the API host does not resolve") {
  // A namespace with no network: the name cannot be looked up anywhere, so nothing leaves the host.
  if (tgperf::test::run_process({"unshare", "--net", "--", "true"}, {}, "", std::chrono::seconds(10)).exit_code != 0) {
    WARN("skipped: `unshare --net` is not allowed here, and the DNS lookup could reach the network");
    return;
  }
  TempDir dir;
  const auto r = run_recipe(dir.path, "https://nosuchhost.invalid", true);
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  CHECK(slurp(dir.path / "tgperf_api.prom") == "# the previous run\n");
  CHECK(r.err.find("tgperf: Could not resolve host: nosuchhost.invalid") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  for (const auto& entry : fs::directory_iterator(dir.path)) {
    CHECK_FALSE(entry.path().filename().string().starts_with("api."));  // the temp file is gone
  }
}

TEST_CASE("the README's cron recipe replaces the .prom file with a failed measurement") {
  TempDir dir;
  const auto r = run_recipe(dir.path, "http://127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port()), false);
  INFO("stdout:\n" << r.out << "\nstderr:\n" << r.err);
  const std::string prom = slurp(dir.path / "tgperf_api.prom");
  CHECK(prom.find("tgperf_curl_timing_requests_total") != std::string::npos);
  CHECK(prom.find(kRecipeToken.substr(11)) == std::string::npos);
}
