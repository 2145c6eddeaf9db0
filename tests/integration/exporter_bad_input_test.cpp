// tgperf exporter given flags, config files and token files it cannot use: exit 2, one line on
// stderr starting "tgperf: " that names the problem, nothing on stdout, and never the token.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "tgperf/core/temporary_directory.hpp"

namespace {

const std::string kExporterToken = "7123456789:AAH3xQ-exportersecretsecretsecret99";
const std::string kExporterSecret = "AAH3xQ-exportersecretsecretsecret99";

struct ExporterRow {
  std::string name;
  std::vector<std::string> args;  // after `tgperf exporter`
  std::string expect;             // the error line contains this
};

}  // namespace

TEST_CASE("exporter: bad flags, configs and token files are exit 2 with one line and no token") {
  tgperf::TemporaryDirectory dir("tgperf-exporter-bad-input");
  const std::string d = dir.path();
  std::ofstream(d + "/not-json.json") << "{\"modules\": ";
  std::ofstream(d + "/two-tokens") << kExporterToken << '\n' << kExporterToken << '\n';
  std::ofstream(d + "/token") << kExporterToken << '\n';
  std::ofstream(d + "/bad-token.json") << R"({"modules": {"bot": {"prober": "botapi", "token_file": ")" << d
                                       << R"(/two-tokens"}}})";
  std::ofstream(d + "/typo.json") << R"({"modules": {"tcp": {"prober": "tcp", "intreval": "1s"}}})";
  std::ofstream(d + "/bad-scheme.json") << R"({"modules": {"bot": {"prober": "botapi", "scheme": "ftp", "token_file": ")"
                                        << d << R"(/token"}}})";
  const std::vector<ExporterRow> rows = {
      {"missing config", {"--config", d + "/absent.json"}, "absent.json"},
      {"config not JSON", {"--config", d + "/not-json.json"}, "not-json.json: not valid JSON"},
      {"unknown key", {"--config", d + "/typo.json"}, "modules.tcp: unknown key 'intreval'"},
      {"token file holds no token", {"--config", d + "/bad-token.json"}, "modules.bot.token_file"},
      {"bad scheme", {"--config", d + "/bad-scheme.json"}, "modules.bot.scheme: must be http or https"},
      {"no probes allowed at once", {"--max-concurrent-probes", "0"}, "--max-concurrent-probes must be from 1 to 1000"},
      {"listen without port", {"--listen", "127.0.0.1"}, "--listen '127.0.0.1'"},
      {"listen on a name", {"--listen", "example.org:9115"}, "is not an IP address"},
      {"scrape timeout not a duration", {"--scrape-timeout", "soon"}, "soon"},
  };
  for (const auto& row : rows) {
    SECTION(row.name) {
      std::vector<std::string> argv{TGPERF_BINARY, "exporter"};
      argv.insert(argv.end(), row.args.begin(), row.args.end());
      const auto r = tgperf::test::run_process(argv, {}, "", std::chrono::seconds(15));
      INFO(r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.out.empty());
      CHECK(r.err.starts_with("tgperf: "));
      CHECK(r.err.find('\n') == r.err.size() - 1);  // exactly one line
      CHECK(r.err.find(row.expect) != std::string::npos);
      CHECK(r.err.find(kExporterSecret) == std::string::npos);
    }
  }
}

TEST_CASE("exporter: a --listen address in use is one error line, not a warning about the config first") {
  const tgperf::test::HeldLoopbackPort held;  // the exporter cannot bind this port
  const std::string port = std::to_string(held.port());

  // The default config allows no target, which the exporter warns about once it listens.
  const auto r = tgperf::test::run_process({TGPERF_BINARY, "exporter", "--listen", "127.0.0.1:" + port}, {}, "",
                                           std::chrono::seconds(15));
  INFO(r.err);
  CHECK(r.exit_code != 0);
  CHECK(r.out.empty());
  CHECK(r.err.starts_with("tgperf: cannot listen on 127.0.0.1:" + port));
  CHECK(r.err.find('\n') == r.err.size() - 1);  // exactly one line: no allowed_targets warning before it
}
