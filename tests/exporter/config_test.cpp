// The exporter's config file, targets and allow-list: what is accepted, and one clear line otherwise.
#include <catch2/catch.hpp>

#include <string>

#include "exporter/exporter_support.hpp"
#include "tgperf/core/temporary_directory.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/exporter/config.hpp"
#include "tgperf/exporter/probe_target.hpp"
#include "tgperf/exporter/query_string.hpp"
#include "tgperf/exporter/server.hpp"

using namespace std::chrono_literals;
using tgperf::exporter::parse_config;

namespace {

constexpr const char* kSecret = "AAHsecretSECRETsecretSECRET_0123456789";

std::string config_error(const std::string& json) {
  try {
    parse_config(json, "exporter.json");
  } catch (const tgperf::UsageError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config: modules of each prober with their defaults and the token read from its file") {
  tgperf::TemporaryDirectory dir("tgperf-exporter-test");
  const std::string token_file = dir.path() + "/token";
  tgperf::test::write_file(token_file, std::string("123456:") + kSecret + "\n");
  const auto config = parse_config(R"({
    "allowed_targets": ["127.0.0.1:*", "api.telegram.org:443"],
    "modules": {
      "tcp": {"prober": "tcp", "count": 5, "interval": "50ms", "timeout": "1s"},
      "bot": {"prober": "botapi", "scheme": "http", "token_file": ")" + token_file + R"("},
      "hook": {"prober": "webhook", "token_file": ")" + token_file + R"("}
    }})", "exporter.json");
  REQUIRE(config.modules.size() == 3);
  const auto& tcp = config.modules.at("tcp");
  CHECK(tcp.prober == tgperf::exporter::ProberKind::tcp);
  CHECK(tcp.count == 5);
  CHECK(tcp.interval == 50ms);
  CHECK(tcp.timeout == 1s);
  const auto& bot = config.modules.at("bot");
  CHECK(bot.prober == tgperf::exporter::ProberKind::botapi);
  CHECK(bot.count == 2);  // one cold, one warm
  CHECK(bot.scheme == "http");
  REQUIRE(bot.token);
  CHECK(bot.token->redacted() == "123456:***");
  CHECK(config.modules.at("hook").scheme == "https");
  CHECK(config.allowed_targets.size() == 2);
}

TEST_CASE("config: mistakes are one line naming the place, never the token") {
  CHECK(config_error("{") .starts_with("exporter.json: not valid JSON"));
  CHECK(config_error(R"({"modules": {}})") == "exporter.json: modules: expected an object naming at least one module");
  CHECK(config_error(R"({"modules": {"a": {"prober": "icmp"}}})") ==
        "exporter.json: modules.a.prober: unknown prober 'icmp' (tcp, botapi or webhook)");
  CHECK(config_error(R"({"modules": {"a": {"prober": "tcp", "cout": 3}}})") == "exporter.json: modules.a: unknown key 'cout'");
  CHECK(config_error(R"({"modules": {"a": {"prober": "tcp", "count": 0}}})") ==
        "exporter.json: modules.a.count: must be a whole number from 1 to 100");
  CHECK(config_error(R"({"modules": {"a": {"prober": "tcp", "token_file": "/x"}}})") ==
        "exporter.json: modules.a.token_file: only for the botapi and webhook probers");
  CHECK(config_error(R"({"modules": {"a": {"prober": "botapi"}}})") ==
        "exporter.json: modules.a: 'token_file' is missing (a file holding the bot token)");
  CHECK(config_error(R"({"allowed_targets": ["nohost"], "modules": {"a": {"prober": "tcp"}}})") ==
        "exporter.json: allowed_targets[0]: 'nohost' is not HOST:PORT or HOST:*");
  CHECK(config_error(R"({"modules": {"a b": {"prober": "tcp"}}})").find("a module name is") != std::string::npos);

  tgperf::TemporaryDirectory dir("tgperf-exporter-test");
  const std::string token_file = dir.path() + "/token";
  tgperf::test::write_file(token_file, std::string("not a token ") + kSecret + "\n");
  const std::string error = config_error(R"({"modules": {"b": {"prober": "botapi", "token_file": ")" + token_file + R"("}}})");
  CHECK(error.starts_with("exporter.json: modules.b.token_file: "));
  CHECK(error.find(kSecret) == std::string::npos);
}

TEST_CASE("targets: HOST:PORT with the port required, canonical text, allow-list with ports and *") {
  using tgperf::exporter::parse_probe_target;
  const auto v4 = parse_probe_target("127.0.0.1:8081");
  CHECK(v4.host == "127.0.0.1");
  CHECK(v4.port == 8081);
  CHECK(tgperf::exporter::target_text(parse_probe_target("API.Telegram.org:443")) == "api.telegram.org:443");
  CHECK(tgperf::exporter::target_text(parse_probe_target("[::1]:443")) == "[::1]:443");
  for (const char* bad : {"", "api.telegram.org", "host:", ":443", "host:0", "host:65536", "host:http", "::1",
                          "a b:443", "a/b:443", "[::1]", "x\n:443"}) {
    INFO(bad);
    CHECK_THROWS_AS(parse_probe_target(bad), tgperf::UsageError);
  }
  const std::vector<std::string> allow{"127.0.0.1:*", "api.telegram.org:443", "[::1]:8081"};
  CHECK(tgperf::exporter::target_allowed(allow, parse_probe_target("127.0.0.1:1")));
  CHECK(tgperf::exporter::target_allowed(allow, parse_probe_target("Api.Telegram.Org:443")));
  CHECK_FALSE(tgperf::exporter::target_allowed(allow, parse_probe_target("api.telegram.org:80")));
  CHECK(tgperf::exporter::target_allowed(allow, parse_probe_target("[::1]:8081")));
  CHECK_FALSE(tgperf::exporter::target_allowed(allow, parse_probe_target("127.0.0.2:1")));
  CHECK_FALSE(tgperf::exporter::target_allowed({}, parse_probe_target("127.0.0.1:1")));
}

TEST_CASE("request targets: percent-decoded parameters, broken encoding and repeats are refused") {
  const auto t = tgperf::exporter::parse_request_target("/probe?target=127.0.0.1%3A443&module=tcp+x");
  REQUIRE(t);
  CHECK(t->path == "/probe");
  CHECK(t->parameters.at("target") == "127.0.0.1:443");
  CHECK(t->parameters.at("module") == "tcp x");
  CHECK_FALSE(tgperf::exporter::parse_request_target("/probe?target=%4"));
  CHECK_FALSE(tgperf::exporter::parse_request_target("/probe?target=%zz"));
  std::string why;
  CHECK_FALSE(tgperf::exporter::parse_request_target("/probe?module=a&module=b", &why));
  CHECK(why == "the query gives 'module' more than once");  // not "percent-encoding": it is valid
  CHECK_FALSE(tgperf::exporter::parse_request_target("/probe?target=a%3A1&target=b%3A2", &why));
  CHECK(why == "the query gives 'target' more than once");
  CHECK_FALSE(tgperf::exporter::parse_request_target("/probe?target=%zz", &why));
  CHECK(why == "the request's query is not valid percent-encoding");
}

TEST_CASE("scrape timeout: the header less 0.5 s, the default without it, capped, garbage ignored") {
  tgperf::exporter::ServerOptions options;
  options.default_scrape_timeout = 10s;
  using tgperf::exporter::probe_budget;
  CHECK(probe_budget("", options) == 9500ms);
  CHECK(probe_budget("3", options) == 2500ms);
  CHECK(probe_budget("1.5", options) == 1000ms);
  CHECK(probe_budget("0.6", options) == 300ms);  // short: half of it
  CHECK(probe_budget("-1", options) == 9500ms);
  CHECK(probe_budget("abc", options) == 9500ms);
  CHECK(probe_budget("nan", options) == 9500ms);
  CHECK(probe_budget("100000", options) == tgperf::exporter::kMaxScrapeTimeout - tgperf::exporter::kTimeoutOffset);
}

TEST_CASE("targets: the 400's line never echoes a token pasted into the target") {
  try {
    tgperf::exporter::parse_probe_target("7123456789:AAH3xQ-exportersecretsecretsecret99");
    FAIL("accepted");
  } catch (const tgperf::UsageError& e) {
    CHECK(std::string(e.what()).find("AAH3xQ-exportersecretsecretsecret99") == std::string::npos);
    CHECK(std::string(e.what()).find("7123456789:***") != std::string::npos);
  }
}
