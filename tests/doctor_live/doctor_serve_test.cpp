// tgperf doctor end to end against `tgperf serve` set up as a struggling bot leaves the Bot API:
// for each set-up the expected finding comes first, the exit status says whether to act, the token
// never shows, and the emulator's ledger shows that doctor only read (no getUpdates, no
// setWebhook, deleteWebhook, logOut or close; the pending updates untouched).
#include <signal.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/probe/local_listener.hpp"

namespace {

const std::string kSecret = "doctorSecretPart0123456789abcdef";
const std::string kToken = "4242424242:" + kSecret;
const std::string kOtherSecret = "anotherSecretPart9876543210zyxwv";
const std::string kOtherToken = "4242424242:" + kOtherSecret;
const std::vector<std::string> kWriteMethods = {"getUpdates", "setWebhook", "deleteWebhook", "logOut", "close"};

// `tgperf serve --json` on a free loopback port; its ledger is read when it is stopped.
class Serve {
 public:
  explicit Serve(const std::vector<std::string>& flags) : child_(argv(flags)) {
    const auto banner = child_.wait_for_line("Bot API emulator on", true);
    REQUIRE(banner);
    std::smatch m;
    REQUIRE(std::regex_search(*banner, m, std::regex(R"(http://127\.0\.0\.1:\d+)")));
    url_ = m[0];
    REQUIRE(child_.wait_for_line("stop with Ctrl-C", true));
  }
  const std::string& url() const { return url_; }

  // Ctrl-C, then the ledger serve prints on exit.
  nlohmann::json stop_and_read_ledger() {
    child_.signal(SIGINT);
    const auto code = child_.finish(std::chrono::seconds(30));
    REQUIRE(code == 0);
    return nlohmann::json::parse(child_.out());
  }

 private:
  static std::vector<std::string> argv(const std::vector<std::string>& flags) {
    std::vector<std::string> a = {TGPERF_BINARY, "serve", "--listen", "127.0.0.1:0", "--json", "--token", kToken};
    a.insert(a.end(), flags.begin(), flags.end());
    return a;
  }
  tgperf::test::ChildProcess child_;
  std::string url_;
};

nlohmann::json webhook_info(const std::string& url) {
  tgperf::botapi::Client client(tgperf::botapi::Endpoint(url, tgperf::botapi::Token::parse(kToken)));
  return client.call(tgperf::botapi::get_webhook_info());
}

struct DoctorRun {
  tgperf::test::RunResult text;
  tgperf::test::RunResult json_run;
  nlohmann::json json;
};

// doctor twice (text and --json), the token from the environment, as an operator would.
DoctorRun run_doctor(const std::string& url, const std::string& token = kToken) {
  DoctorRun r;
  const std::vector<std::string> env = {"TGPERF_TOKEN=" + token};
  r.text = tgperf::test::run_process({TGPERF_BINARY, "doctor", "--api-url", url, "--no-color"}, env, "",
                                     std::chrono::seconds(60));
  r.json_run = tgperf::test::run_process({TGPERF_BINARY, "doctor", "--api-url", url, "--json"}, env, "",
                                         std::chrono::seconds(60));
  INFO("text:\n" << r.text.out << r.text.err << "\njson:\n" << r.json_run.out << r.json_run.err);
  REQUIRE_FALSE(r.text.timed_out);
  REQUIRE_FALSE(r.json_run.timed_out);
  r.json = nlohmann::json::parse(r.json_run.out);
  for (const auto* output : {&r.text.out, &r.text.err, &r.json_run.out, &r.json_run.err}) {
    CHECK(output->find(kSecret) == std::string::npos);
    CHECK(output->find(kOtherSecret) == std::string::npos);
  }
  return r;
}

std::string first_code(const DoctorRun& r) {
  REQUIRE(r.json["findings"].is_array());
  REQUIRE(!r.json["findings"].empty());
  return r.json["findings"][0]["code"].get<std::string>();
}

// Everything doctor calls is a read.
void check_only_read(const nlohmann::json& ledger) {
  INFO("ledger: " << ledger.dump());
  REQUIRE(ledger.contains("methods"));
  for (const auto& method : kWriteMethods) CHECK(ledger["methods"][method] == 0);
  CHECK(ledger["methods"]["getMe"].get<int>() >= 2);
  CHECK(ledger["answered"] == 0);
}

}  // namespace

TEST_CASE("doctor: a healthy bot is diagnosed healthy, exit 0") {
  Serve serve({});
  const DoctorRun r = run_doctor(serve.url());
  INFO(r.text.out << r.text.err);
  CHECK(first_code(r) == "healthy");
  CHECK(r.text.exit_code == 0);
  CHECK(r.json_run.exit_code == 0);
  CHECK(r.text.out.find("healthy") != std::string::npos);
  CHECK(r.json["webhook"]["mode"] == "polling");
  CHECK(r.json["timing"]["warm"]["reused"] == true);
  const auto ledger = serve.stop_and_read_ledger();
  check_only_read(ledger);
  CHECK(ledger["methods"]["getWebhookInfo"].get<int>() >= 2);
}

TEST_CASE("doctor: a webhook that times out comes first, its path never shown") {
  tgperf::probe::LocalListener silent;  // accepts, never reads: every delivery times out
  const std::string hook = "http://127.0.0.1:" + std::to_string(silent.port()) + "/hook-secret-path";
  Serve serve({"--messages", "20", "--webhook", hook, "--webhook-timeout", "1s"});
  // The bot has been running a while: wait until Telegram (the emulator) has seen the webhook fail.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  nlohmann::json before = webhook_info(serve.url());
  while (!before.contains("last_error_date") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // polling a condition, not a timing
    before = webhook_info(serve.url());
  }
  REQUIRE(before.contains("last_error_date"));
  REQUIRE(before["pending_update_count"] == 20);

  const DoctorRun r = run_doctor(serve.url());
  INFO(r.text.out << r.text.err);
  CHECK(first_code(r) == "webhook_read_timeout");
  CHECK(r.json["findings"][0]["severity"] == "critical");
  CHECK(r.json["webhook"]["mode"] == "webhook");
  CHECK(r.json["webhook"]["url_host"] == "127.0.0.1");
  CHECK(r.json["webhook"]["last_error_message"] == "Read timeout expired");
  CHECK(r.text.exit_code == 1);
  CHECK(r.json_run.exit_code == 1);
  CHECK(r.text.out.find("hook-secret-path") == std::string::npos);
  CHECK(r.json_run.out.find("hook-secret-path") == std::string::npos);

  CHECK(webhook_info(serve.url())["pending_update_count"] == 20);
  check_only_read(serve.stop_and_read_ledger());
}

TEST_CASE("doctor: a backlog with no consumer comes first and stays untouched") {
  Serve serve({"--messages", "50", "--pending-at-start"});
  REQUIRE(webhook_info(serve.url())["pending_update_count"] == 50);
  const DoctorRun r = run_doctor(serve.url());
  INFO(r.text.out << r.text.err);
  CHECK(first_code(r) == "no_consumer");
  CHECK(r.json["webhook"]["pending_update_count"] == 50);
  CHECK(r.json["webhook"]["pending_update_count_later"] == 50);
  CHECK(r.text.exit_code == 1);
  CHECK(webhook_info(serve.url())["pending_update_count"] == 50);
  const auto ledger = serve.stop_and_read_ledger();
  check_only_read(ledger);
  CHECK(ledger["messages"] == 50);
}

TEST_CASE("doctor: a wrong token comes first, and neither token shows") {
  Serve serve({});
  const DoctorRun r = run_doctor(serve.url(), kOtherToken);
  INFO(r.text.out << r.text.err);
  CHECK(first_code(r) == "token_invalid");
  CHECK(r.json["bot"]["error_code"] == 401);
  CHECK(r.text.exit_code == 1);
  const auto ledger = serve.stop_and_read_ledger();
  for (const auto& method : kWriteMethods) CHECK(ledger["methods"][method] == 0);
  CHECK(ledger["methods"]["getWebhookInfo"] == 0);  // refused at the door: no method ran
}

TEST_CASE("doctor: an unreachable API (a closed loopback port) comes first") {
  // A port that was free a moment ago: bound, then closed, so connects are refused.
  const std::string url = "http://127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());

  const DoctorRun r = run_doctor(url);
  INFO(r.text.out << r.text.err);
  CHECK(first_code(r) == "api_unreachable");
  CHECK(r.json["findings"][0]["evidence"].get<std::string>().find("refused") != std::string::npos);
  CHECK(r.text.exit_code == 1);

  // URL userinfo is a secret too: shown as user:***@ everywhere, the suggested commands included.
  const std::string with_password = "http://operator:pw-" + kSecret + "@" + url.substr(7);
  const DoctorRun redacted = run_doctor(with_password);
  CHECK(first_code(redacted) == "api_unreachable");
  CHECK(redacted.json["api_root"].get<std::string>().find("operator:***@") != std::string::npos);
}

TEST_CASE("doctor: a slow server comes first") {
  Serve serve({"--latency", "300ms"});
  const DoctorRun r = run_doctor(serve.url());
  INFO(r.text.out << r.text.err);
  CHECK(first_code(r) == "server_slow");
  CHECK(r.json["timing"]["warm"]["server_ms"].get<double>() >= 300);
  CHECK(r.text.exit_code == 1);
  check_only_read(serve.stop_and_read_ledger());
}

TEST_CASE("doctor --local diagnoses its own struggling demo bot") {
  const auto r = tgperf::test::run_process({TGPERF_BINARY, "doctor", "--local", "--json"}, {}, "",
                                           std::chrono::seconds(60));
  INFO(r.out << r.err);
  REQUIRE(r.exit_code == 1);
  const auto j = nlohmann::json::parse(r.out);
  CHECK(j["findings"][0]["code"] == "webhook_read_timeout");
  CHECK(j["webhook"]["pending_update_count"].get<int>() > 0);
  for (const char* key : {"dns", "tcp", "timing", "webhook", "bot", "clock"}) CHECK(j.contains(key));
  for (const auto& f : j["findings"]) {
    for (const char* key : {"severity", "code", "summary", "evidence", "advice"}) CHECK(f.contains(key));
  }
}

TEST_CASE("doctor: bad input exits 2 with one line") {
  const auto none = tgperf::test::run_process({TGPERF_BINARY, "doctor"}, {}, "", std::chrono::seconds(30));
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("tgperf: a bot token is needed") == 0);
  const auto both = tgperf::test::run_process({TGPERF_BINARY, "doctor", "--local", "--api-url", "http://127.0.0.1:1"},
                                              {}, "", std::chrono::seconds(30));
  CHECK(both.exit_code == 2);
  const auto bad = tgperf::test::run_process({TGPERF_BINARY, "doctor", "--token", "abc:not-a-token"}, {}, "",
                                             std::chrono::seconds(30));
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("not-a-token") == std::string::npos);
}
