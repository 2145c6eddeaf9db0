// curl-timing end to end: the built binary against the in-process emulator, over HTTP and HTTPS.
#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "support/child_process.hpp"
#include "tgperf/emulator/emulator.hpp"

using tgperf::test::run_process;
using tgperf::test::RunResult;
using nlohmann::json;

namespace {

const std::string kTimingToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";

std::unique_ptr<tgperf::emulator::Emulator> start_emulator(bool tls) {
  tgperf::emulator::EmulatorOptions options;
  options.tls = tls;
  options.tokens = {kTimingToken};  // any other token gets 401
  return std::make_unique<tgperf::emulator::Emulator>(options);
}

RunResult curl_timing(std::vector<std::string> args, const std::vector<std::string>& env = {},
                      const std::string& stdin_text = "") {
  args.insert(args.begin(), {TGPERF_BINARY, "curl-timing"});
  return run_process(std::move(args), env, stdin_text);
}

json run_json(const std::vector<std::string>& args, int expected_exit = 0) {
  std::vector<std::string> all = args;
  all.push_back("--json");
  const auto r = curl_timing(all);
  INFO("stderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  return json::parse(r.out);
}

std::vector<std::string> base_args(const tgperf::emulator::Emulator& emu, int n, bool fresh = false) {
  std::vector<std::string> args = {"--token", kTimingToken, "--api-url", emu.base_url(), "-n", std::to_string(n),
                                   "--interval", "0"};
  if (emu.options().tls) args.insert(args.end(), {"--cacert", emu.certificate_file()});
  if (fresh) args.push_back("--fresh");
  return args;
}

// libcurl's instants are cumulative: each at least the previous one that happened.
void check_timeline(const json& r) {
  const double lookup = r["time_namelookup"], connect = r["time_connect"], app = r["time_appconnect"],
               pre = r["time_pretransfer"], start = r["time_starttransfer"], total = r["time_total"];
  CHECK(lookup >= 0);
  if (r["connection"] == "new") {
    CHECK(connect >= lookup);
    if (app > 0) CHECK(app >= connect);
    CHECK(pre >= std::max(connect, app));
  }
  CHECK(start >= pre);
  CHECK(total >= start);
  for (const auto& [name, value] : r["phases_ms"].items()) {
    INFO("phase " << name);
    if (!value.is_null()) CHECK(value.get<double>() >= 0);
  }
}

}  // namespace

TEST_CASE("curl-timing over HTTP: first request cold, the rest reuse the connection") {
  const auto emu = start_emulator(false);
  const json doc = run_json(base_args(*emu, 3));
  const auto& req = doc["requests"];
  REQUIRE(req.size() == 3);
  CHECK(req[0]["connection"] == "new");
  CHECK_FALSE(req[0]["phases_ms"]["tcp"].is_null());
  CHECK(req[0]["phases_ms"]["tls"].is_null());  // plain HTTP has no TLS handshake
  for (int i = 1; i < 3; ++i) {
    CHECK(req[i]["connection"] == "reused");
    CHECK(req[i]["phases_ms"]["dns"].is_null());
    CHECK(req[i]["phases_ms"]["tcp"].is_null());
    CHECK(req[i]["phases_ms"]["tls"].is_null());
  }
  for (const auto& r : req) {
    check_timeline(r);
    CHECK(r["http_code"] == 200);
    CHECK(r["ok"] == true);
    CHECK(r["remote_ip"] == "127.0.0.1");
    CHECK_FALSE(r["phases_ms"]["server"].is_null());
  }
  CHECK(doc["summary"]["cold_requests"] == 1);
  CHECK(doc["summary"]["warm_requests"] == 2);
  CHECK(doc["advice"].is_array());
  CHECK(emu->connections_open() <= 1);
}

TEST_CASE("curl-timing over HTTPS: a TLS phase on the cold request, none on reused ones") {
  const auto emu = start_emulator(true);
  const json doc = run_json(base_args(*emu, 3));
  const auto& req = doc["requests"];
  REQUIRE(req.size() == 3);
  CHECK(req[0]["connection"] == "new");
  REQUIRE_FALSE(req[0]["phases_ms"]["tls"].is_null());
  CHECK(req[0]["phases_ms"]["tls"].get<double>() > 0);
  CHECK(req[0]["time_appconnect"].get<double>() >= req[0]["time_connect"].get<double>());
  for (int i = 1; i < 3; ++i) {
    CHECK(req[i]["connection"] == "reused");
    CHECK(req[i]["phases_ms"]["tls"].is_null());
  }
  for (const auto& r : req) check_timeline(r);
}

TEST_CASE("with --fresh every request is cold, with its own TCP and TLS phase") {
  const auto emu = start_emulator(true);
  const json doc = run_json(base_args(*emu, 3, true));
  for (const auto& r : doc["requests"]) {
    CHECK(r["connection"] == "new");
    CHECK(r["num_connects"] == 1);
    CHECK_FALSE(r["phases_ms"]["tcp"].is_null());
    CHECK_FALSE(r["phases_ms"]["tls"].is_null());
    check_timeline(r);
  }
  CHECK(doc["summary"]["warm_requests"] == 0);
}

TEST_CASE("the default view shows a waterfall per request, reused phases labelled, and statistics") {
  const auto emu = start_emulator(true);
  const auto r = curl_timing(base_args(*emu, 2));
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find("#1 GET new connection") != std::string::npos);
  CHECK(r.out.find("#2 GET reused connection") != std::string::npos);
  CHECK(std::regex_search(r.out, std::regex(R"(TLS handshake +[0-9]+\.[0-9]{2} ms  \|)")));
  CHECK(std::regex_search(r.out, std::regex(R"(TLS handshake +reused)")));
  CHECK(r.out.find("warm: reused connection (n=1)") != std::string::npos);
  CHECK(r.out.find("advice:") != std::string::npos);
}

TEST_CASE("error envelopes are explained and make the exit status 1") {
  const auto emu = start_emulator(false);
  SECTION("401: a token the server does not know") {
    const json doc = run_json({"--token", "42:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--api-url", emu->base_url(),
                               "-n", "1"},
                              1);
    CHECK(doc["requests"][0]["http_code"] == 401);
    CHECK(doc["requests"][0]["error_code"] == 401);
    CHECK(doc["requests"][0]["ok"] == false);
    CHECK(doc["advice"].dump().find("token is wrong") != std::string::npos);
  }
  SECTION("404: an API URL with a path the server does not serve") {
    const json doc = run_json({"--token", kTimingToken, "--api-url", emu->base_url() + "/wrong", "-n", "1"}, 1);
    CHECK(doc["requests"][0]["http_code"] == 404);
    CHECK(doc["advice"].dump().find("API URL is wrong") != std::string::npos);
  }
  SECTION("400: sendMessage to a chat that never started the bot") {
    const json doc = run_json({"--token", kTimingToken, "--api-url", emu->base_url(), "-n", "1", "--chat-id", "777"}, 1);
    CHECK(doc["requests"][0]["error_code"] == 400);
    CHECK(doc["requests"][0]["description"] == "Bad Request: chat not found");
    CHECK(doc["advice"].dump().find("must start the bot") != std::string::npos);
  }
  SECTION("the text view names the error") {
    const auto r = curl_timing({"--token", "42:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "--api-url", emu->base_url(), "-n", "1"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.find("401 Unauthorized") != std::string::npos);
  }
}

TEST_CASE("sendMessage is sent as a GET query by default and as a JSON POST with --post-json") {
  const auto emu = start_emulator(false);
  const std::string chat = std::to_string(tgperf::emulator::kFirstChatId);
  const json get = run_json({"--token", kTimingToken, "--api-url", emu->base_url(), "-n", "1", "--chat-id", chat});
  CHECK(get["requests"][0]["method"] == "GET");
  CHECK(get["requests"][0]["url"].get<std::string>().find("sendMessage?chat_id=" + chat) != std::string::npos);
  const json post = run_json({"--token", kTimingToken, "--api-url", emu->base_url(), "-n", "1", "--chat-id", chat,
                              "--post-json"});
  CHECK(post["requests"][0]["method"] == "POST");
  CHECK(post["requests"][0]["ok"] == true);
}

TEST_CASE("the wiki format file via -w @formats/curl-format.txt prints the same lines as curl, same names and decimals") {
  const auto emu = start_emulator(true);
  const std::string format = std::string("@") + TGPERF_SOURCE_DIR + "/formats/curl-format.txt";
  const auto ours = curl_timing({"--token", kTimingToken, "--api-url", emu->base_url(), "--cacert",
                                 emu->certificate_file(), "-n", "1", "-w", format});
  REQUIRE(ours.exit_code == 0);
  const auto theirs = run_process({"curl", "-s", "-o", "/dev/null", "--cacert", emu->certificate_file(), "-w",
                                   format, emu->base_url() + "/bot" + kTimingToken + "/getMe"});
  REQUIRE(theirs.exit_code == 0);
  // Same shape: every line with its number replaced by a placeholder must be identical.
  const std::regex number(R"([0-9]+\.[0-9]{6})");
  const std::string shape_ours = std::regex_replace(ours.out, number, "N.NNNNNN");
  const std::string shape_theirs = std::regex_replace(theirs.out, number, "N.NNNNNN");
  CHECK(shape_ours == shape_theirs);
  std::size_t numbers = 0;
  for (std::sregex_iterator it(ours.out.begin(), ours.out.end(), number), end; it != end; ++it) ++numbers;
  CHECK(numbers == 7);
  CHECK(ours.out.find("time_appconnect: 0.000000") == std::string::npos);  // a real TLS handshake
}

TEST_CASE("write-out: escapes, variables per request, @- from stdin, and unknown variables") {
  const auto emu = start_emulator(false);
  auto args = base_args(*emu, 2);
  SECTION("escapes and %%") {
    args.insert(args.end(), {"-w", R"(%{urlnum}\t%{http_code}\t%{num_connects}\t100%%\n)"});
    const auto r = curl_timing(args);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "0\t200\t1\t100%\n1\t200\t0\t100%\n");
  }
  SECTION("@- reads the template from standard input") {
    args.insert(args.end(), {"-w", "@-"});
    const auto r = curl_timing(args, {}, "%{http_code}\n,\n");
    REQUIRE(r.exit_code == 0);
    CHECK(r.out == "200,200,");
  }
  SECTION("%{json} is one JSON object per request") {
    args.insert(args.end(), {"-w", R"(%{json}\n)"});
    const auto r = curl_timing(args);
    REQUIRE(r.exit_code == 0);
    std::istringstream lines(r.out);
    std::string line;
    int count = 0;
    while (std::getline(lines, line)) {
      const auto j = json::parse(line);
      CHECK(j["http_code"] == 200);
      CHECK(j["url_effective"].get<std::string>().find("bot123456789:***/getMe") != std::string::npos);
      ++count;
    }
    CHECK(count == 2);
  }
  SECTION("an unknown variable is one line naming it, exit 2, nothing sent") {
    args.insert(args.end(), {"-w", "%{time_total} %{time_bogus}"});
    const auto before = emu->requests_served();
    const auto r = curl_timing(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err == "tgperf: unknown --write-out variable 'time_bogus'\n");
    CHECK(r.out.empty());
    CHECK(emu->requests_served() == before);
  }
}

TEST_CASE("the shipped CSV and JSON-lines templates produce a row and a JSON object per request") {
  const auto emu = start_emulator(false);
  auto csv_args = base_args(*emu, 2);
  csv_args.insert(csv_args.end(), {"-w", std::string("@") + TGPERF_SOURCE_DIR + "/formats/csv-row.txt"});
  const auto csv = curl_timing(csv_args);
  REQUIRE(csv.exit_code == 0);
  CHECK(std::regex_match(csv.out, std::regex(R"((\d+,200,[01](,\d+\.\d{6}){6},127\.0\.0\.1,1\.1,0\n){2})")));
  auto jl_args = base_args(*emu, 1);
  jl_args.insert(jl_args.end(), {"-w", std::string("@") + TGPERF_SOURCE_DIR + "/formats/json-lines.txt"});
  const auto jl = curl_timing(jl_args);
  REQUIRE(jl.exit_code == 0);
  CHECK(json::parse(jl.out)["exitcode"] == 0);
}

TEST_CASE("with --local it times against the embedded emulator over TLS, with no token") {
  const auto r = curl_timing({"--local", "-n", "2", "--interval", "0", "--json"});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  const auto doc = json::parse(r.out);
  CHECK(doc["requests"][0]["url"].get<std::string>().starts_with("https://127.0.0.1:"));
  CHECK_FALSE(doc["requests"][0]["phases_ms"]["tls"].is_null());
  CHECK(doc["requests"][1]["connection"] == "reused");
}

TEST_CASE("bad input exits 2 with one line") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--token", "abc"},
           {"--token", "0123:xyz"},
           {"--local", "-n", "0"},
           {"--local", "--interval", "fast"},
           {"--local", "--chat-id", "me"},
           {"--local", "--resolve", "nonsense"},
           {"--local", "-4", "-6"},
           {"--token-file", "/nonexistent/token"},
           {"--token", kTimingToken, "--api-url", "ftp://example.invalid"},
           {"--local", "--json", "-w", "%{http_code}"},
       }) {
    const auto r = curl_timing(args);
    INFO(args.back());
    CHECK(r.exit_code == 2);
    CHECK(r.err.starts_with("tgperf: "));
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
  const auto none = curl_timing({"-n", "1"});
  CHECK(none.exit_code == 2);
  CHECK(none.err.find("token is needed") != std::string::npos);
}

TEST_CASE("a flood limit answer (429) is reported with its retry_after") {
  tgperf::emulator::EmulatorOptions options;
  options.flood = true;  // about 1 message/s per chat, bursts of 3
  tgperf::emulator::Emulator emu(options);
  const json doc = run_json({"--token", kTimingToken, "--api-url", emu.base_url(), "-n", "8", "--interval", "0",
                             "--chat-id", std::to_string(tgperf::emulator::kFirstChatId)},
                            1);
  bool limited = false;
  for (const auto& r : doc["requests"]) {
    if (r["http_code"] != 429) continue;
    limited = true;
    CHECK(r["error_code"] == 429);
    CHECK(r["retry_after"].get<int>() >= 1);
  }
  CHECK(limited);
  CHECK(doc["advice"].dump().find("429 Too Many Requests") != std::string::npos);
}
