// The bad-input matrix (issue 8): every command given flags, targets, durations, tokens, URLs,
// write-out templates and files it cannot use. Each row must end with exactly one line on stderr
// starting "tgperf: " that says what is wrong, exit status 2, nothing on stdout, no signal, no hang
// (a kill timer), and never the token, neither whole nor its secret.
//
// No row may reach the network: where a URL has to be valid it is a closed loopback port, and the
// one row whose bug would be a DNS lookup of the default host runs in a network namespace of its
// own (skipped where `unshare --net` is not allowed).
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/child_process.hpp"
#include "support/loopback.hpp"
#include "support/skip.hpp"

namespace {

namespace fs = std::filesystem;
using tgperf::test::run_process;

// A real-looking token: the secret must not appear anywhere, whatever the row does with it.
const std::string kToken = "7123456789:AAH3xQ-secretsecretsecretsecret12345";
const std::string kSecret = "AAH3xQ-secretsecretsecretsecret12345";

struct Row {
  std::string name;               // names the SECTION, so a failure names the row
  std::vector<std::string> args;  // after `tgperf`; placeholders below are expanded
  std::string expect;             // the error line must contain this
  std::vector<std::string> env = {};
  bool own_network = false;       // run inside `unshare --net` (see the file comment)
  bool unprivileged = false;      // run as nobody (setpriv), so permission bits bind even for root
};

// The user an unprivileged row runs as.
constexpr const char* kNobody = "65534";

// Files the rows point at, in a temporary directory removed at the end.
class Fixtures {
 public:
  Fixtures() {
    std::string pattern = (fs::temp_directory_path() / "tgperf-bad-input-XXXXXX").string();
    dir_ = ::mkdtemp(pattern.data());
    REQUIRE(!dir_.empty());
    // Searchable (not listable) by others: an unprivileged row reaches its file, then meets the
    // file's own permission bits.
    ::chmod(dir_.c_str(), 0711);
    std::ofstream(dir_ / "empty");
    std::ofstream(dir_ / "blank") << "  \n\n";
    std::ofstream(dir_ / "two-tokens") << kToken << '\n' << kToken << '\n';
    std::ofstream(dir_ / "not-pem") << "this is not a PEM certificate\n";
    std::ofstream(dir_ / "unreadable") << kToken << '\n';
    ::chmod((dir_ / "unreadable").c_str(), 0);
    REQUIRE(::mkfifo((dir_ / "fifo").c_str(), 0600) == 0);
    std::ofstream(dir_ / "huge").close();
    fs::resize_file(dir_ / "huge", 8 * 1024 * 1024);  // sparse: past every input limit, no disk used
    closed_url_ = "http://127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());
  }
  ~Fixtures() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  Fixtures(const Fixtures&) = delete;
  Fixtures& operator=(const Fixtures&) = delete;

  // {T} the token, {CLOSED} a URL nobody listens on, {DIR} a directory, {F:name} a fixture file.
  std::string expand(std::string text) const {
    replace_all(text, "{T}", kToken);
    replace_all(text, "{CLOSED}", closed_url_);
    replace_all(text, "{DIR}", dir_.string());
    for (auto at = text.find("{F:"); at != std::string::npos; at = text.find("{F:")) {
      const auto end = text.find('}', at);
      text.replace(at, end + 1 - at, (dir_ / text.substr(at + 3, end - at - 3)).string());
    }
    return text;
  }

 private:
  static void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
      text.replace(at, from.size(), to);
    }
  }
  fs::path dir_;
  std::string closed_url_;
};

bool can_own_network() {
  static const bool ok = [] {
    try {
      return run_process({"unshare", "--net", "--", "true"}, {}, "", std::chrono::seconds(10)).exit_code == 0;
    } catch (const std::exception&) {
      return false;
    }
  }();
  return ok;
}

void check_row(const Row& row) {
  static const Fixtures fixtures;
  std::vector<std::string> argv;
  if (row.own_network) {
    if (!can_own_network()) {
      tgperf::test::report_skip("`unshare --net` is not allowed here, and this row could reach the network");
      return;
    }
    argv = {"unshare", "--net", "--"};
  }
  if (row.unprivileged && ::geteuid() == 0) {
    // Permission bits do not stop root: the row runs as nobody, without root's groups.
    if (::access("/usr/bin/setpriv", X_OK) != 0) {
      tgperf::test::report_skip("setpriv (util-linux) is missing: cannot drop root to check an unreadable file");
      return;
    }
    argv.insert(argv.end(), {"/usr/bin/setpriv", std::string("--reuid=") + kNobody,
                             std::string("--regid=") + kNobody, "--clear-groups", "--"});
  }
  argv.push_back(TGPERF_BINARY);
  for (const auto& a : row.args) argv.push_back(fixtures.expand(a));
  std::vector<std::string> env;
  for (const auto& e : row.env) env.push_back(fixtures.expand(e));

  const auto r = run_process(argv, env, "", std::chrono::seconds(15));
  INFO("stdout: " << r.out);
  INFO("stderr: " << r.err);
  REQUIRE_FALSE(r.timed_out);
  CHECK(r.exit_code == 2);  // -1: killed by a signal
  CHECK(r.out.empty());
  CHECK(r.err.starts_with("tgperf: "));
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  CHECK(r.err.ends_with("\n"));
  CHECK(r.err.find(fixtures.expand(row.expect)) != std::string::npos);
  CHECK(r.out.find(kSecret) == std::string::npos);
  CHECK(r.err.find(kSecret) == std::string::npos);
  // CLI11's raw wording never reaches the user: every message is tgperf's own.
  for (const char* raw : {"required but received", "Could not convert", "not expected", "not in {", "FAILED",
                          "is required and", "excludes", "Expected exactly"}) {
    INFO("CLI11 wording: " << raw);
    CHECK(r.err.find(raw) == std::string::npos);
  }
}

void run_rows(const std::vector<Row>& rows) {
  for (const auto& row : rows) {
    DYNAMIC_SECTION(row.name) { check_row(row); }
  }
}

}  // namespace

TEST_CASE("bad input matrix: the root command", "[bad-input]") {
  run_rows({
      {"unknown subcommand", {"bogus"}, "bogus"},
      {"unknown root flag", {"--bogus"}, "--bogus"},
      {"two subcommands", {"serve", "echo-bench"}, "echo-bench"},
      {"a flag of another subcommand", {"echo-bench", "--listen", "127.0.0.1:0"}, "--listen"},
      // A typo is not a request for help: CLI11 alone answers these with the root's help, exit 0.
      {"unknown subcommand asking for help", {"frobnicate", "--help"}, "unknown command 'frobnicate'"},
      {"a mistyped subcommand asking for help", {"--no-color", "pnig", "-h"}, "did you mean 'ping'?"},
      {"help for an unknown subcommand", {"help", "frobnicate"}, "unknown command 'frobnicate'"},
  });
}

// Issue 33, item 8: messages that name what is wrong.
TEST_CASE("bad input matrix: messages that name the flag and the fault", "[bad-input]") {
  run_rows({
      {"race-bench negative latency", {"race-bench", "--latency", "-1ms"}, "--latency: invalid duration '-1ms'"},
      {"race-bench latency without a unit", {"race-bench", "--db-latency", "20"}, "--db-latency '20' needs a unit"},
      {"race-bench latency too long", {"race-bench", "--latency", "11s"}, "--latency '11s' is too long: at most 10s"},
      {"a limit in days", {"serve", "--duration", "32d"}, "at most 31d"},
  });
}

// Issue 33, items 4 and 5: one parser for every whole number (no wrapping of a sign or an
// overflow), and an empty value is refused, never read as "not given".
TEST_CASE("bad input matrix: whole numbers and empty values", "[bad-input]") {
  run_rows({
      {"negative seed", {"race-bench", "--seed", "-1"}, "--seed '-1' is negative"},
      {"seed past 64 bits", {"race-bench", "--seed", "99999999999999999999999"}, "out of range 0..18446744073709551615"},
      {"echo-bench negative seed", {"echo-bench", "--seed", "-1"}, "--seed '-1' is negative"},
      {"curl-timing count too large for its flag", {"curl-timing", "--local", "-n", "99999999999"}, "out of range"},
      {"empty chat id", {"curl-timing", "--local", "--chat-id", ""}, "--chat-id is empty"},
      {"empty chat id with text", {"curl-timing", "--local", "--chat-id", "", "--text", "hi"}, "--chat-id is empty"},
      {"echo-bot empty webhook", {"echo-bot", "--webhook", ""}, "--webhook is empty"},
      {"serve empty webhook", {"serve", "--webhook", ""}, "--webhook is empty"},
  });
}

TEST_CASE("bad input matrix: ping", "[bad-input][ping]") {
  run_rows({
      {"unknown flag", {"ping", "--bogus", "127.0.0.1"}, "--bogus"},
      {"-c without its value", {"ping", "-c"}, "--count"},
      {"-c not a number", {"ping", "-c", "abc", "127.0.0.1"}, "abc"},
      {"-c zero", {"ping", "-c", "0", "127.0.0.1"}, "-c"},
      {"-c beyond any integer", {"ping", "--local", "-c", "99999999999999999999999"}, "-c"},
      {"--json with --csv", {"ping", "--json", "--csv", "127.0.0.1"}, "--csv"},
      {"-4 with -6", {"ping", "-4", "-6", "127.0.0.1"}, "-6"},
      {"--local with a target", {"ping", "--local", "127.0.0.1"}, "--local"},
      {"-4 with an IPv6 literal", {"ping", "-4", "::1"}, "IPv6"},
      {"empty target", {"ping", ""}, "empty", {}, true},
      {"port out of range", {"ping", "host:99999"}, "99999"},
      {"-p zero", {"ping", "-p", "0", "127.0.0.1"}, "port 0"},
      {"unclosed bracket", {"ping", "[::1"}, "]"},
      {"port not a number", {"ping", "host:abc"}, "bad port"},
      {"colons but not IPv6", {"ping", "a:b:c"}, "IPv6"},
      // Issue 33, item 9: an address whose last group could be a port is refused as --listen
      // refuses it; and -i below 10 ms needs a loopback target or --flood. The floor row's target
      // is a documentation address reached through lo only, so no packet could leave the machine
      // even if the floor were missing (the row then fails on the exit status).
      {"IPv6 with a port, unbracketed", {"ping", "-c", "1", "::1:443"}, "write [::1]:443 for a port"},
      {"-i below the floor off loopback", {"ping", "-c", "1", "-i", "1ms", "-I", "lo", "192.0.2.1"},
       "-i 1ms is below 10ms against 192.0.2.1:443"},
      {"--flood without a fast interval", {"ping", "-c", "1", "--flood", "127.0.0.1"}, "--flood has no effect with -i 1s"},
      {"--resolve-every zero", {"ping", "--resolve-every", "0", "127.0.0.1"}, "--resolve-every"},
      {"--resolve-every with --all-addresses", {"ping", "--resolve-every", "2", "--all-addresses", "127.0.0.1"}, "--all-addresses"},
      {"a bad second target", {"ping", "127.0.0.1", "host:abc"}, "bad port"},
      {"newline inside the target", {"ping", "a\nb:1x"}, "a\\nb:1x"},
      {"the token given as the target", {"ping", "{T}"}, "bad port"},
      {"negative interval", {"ping", "-i", "-1", "127.0.0.1"}, "'-1'"},
      {"unknown duration unit", {"ping", "-i", "5parsecs", "127.0.0.1"}, "parsecs"},
      {"empty interval", {"ping", "-i", "", "127.0.0.1"}, "empty"},
      {"zero timeout", {"ping", "-W", "0", "127.0.0.1"}, "greater than zero"},
      {"deadline out of range", {"ping", "-w", "1e999s", "127.0.0.1"}, "out of range"},
      {"infinite interval", {"ping", "-i", "inf", "127.0.0.1"}, "finite"},
      {"--format unknown", {"ping", "--format", "bogus", "127.0.0.1"}, "bogus"},
      {"--json with --format openmetrics", {"ping", "--json", "--format", "openmetrics", "127.0.0.1"}, "--json"},
  });
}

TEST_CASE("bad input matrix: curl-timing", "[bad-input][curl-timing]") {
  // --api-url {CLOSED}: a row that got past validation would meet a closed loopback port.
  const std::vector<std::string> api{"--api-url", "{CLOSED}"};
  auto with_api = [&api](std::vector<std::string> args) {
    args.insert(args.begin(), "curl-timing");
    args.insert(args.end(), api.begin(), api.end());
    return args;
  };
  run_rows({
      {"-n zero", with_api({"--token", "{T}", "-n", "0"}), "-n"},
      {"-n not a number", with_api({"--token", "{T}", "-n", "abc"}), "abc"},
      {"--http1.1 with --http2", with_api({"--token", "{T}", "--http1.1", "--http2"}), "--http2"},
      {"--json with --write-out", with_api({"--token", "{T}", "--json", "-w", "x"}), "--write-out"},
      {"token without a colon", with_api({"--token", "7123456789AAH3xQ-secretsecretsecretsecret12345"}), "<bot id>:<secret>"},
      {"token id not numeric", with_api({"--token", "abc:AAH3xQ-secretsecretsecretsecret12345"}), "digits"},
      {"token with an empty secret", with_api({"--token", "7123456789:"}), "secret"},
      {"token with a trailing space", with_api({"--token", "{T} "}), "whitespace"},
      {"token with a newline", with_api({"--token", "{T}\n"}), "whitespace"},
      {"--token and --token-file", with_api({"--token", "{T}", "--token-file", "{F:empty}"}), "not both"},
      {"token file missing", with_api({"--token-file", "/nonexistent/token"}), "/nonexistent/token"},
      {"token file is a directory", with_api({"--token-file", "{DIR}"}), "directory"},
      {"token file empty", with_api({"--token-file", "{F:empty}"}), "empty"},
      {"token file only blank lines", with_api({"--token-file", "{F:blank}"}), "empty"},
      {"token file is a FIFO nobody writes", with_api({"--token-file", "{F:fifo}"}), "empty"},
      {"TGPERF_TOKEN malformed", with_api({}), "TGPERF_TOKEN", {"TGPERF_TOKEN=7123456789"}},
      {"--api-url ftp", {"curl-timing", "--token", "{T}", "--api-url", "ftp://x"}, "http://"},
      {"--api-url not a URL", {"curl-timing", "--token", "{T}", "--api-url", "not a url"}, "not a url"},
      {"--api-url without host", {"curl-timing", "--token", "{T}", "--api-url", "http://"}, "host"},
      {"--api-url holding the token", {"curl-timing", "--token", "{T}", "--api-url", "x {T}"}, "7123456789:***"},
      {"--local with --api-url", with_api({"--local"}), "--api-url"},
      {"write-out file missing", with_api({"--token", "{T}", "-w", "@/nonexistent/format"}), "/nonexistent/format"},
      {"write-out file is a directory", with_api({"--token", "{T}", "-w", "@{DIR}"}), "{DIR}"},
      // curl warns about an unknown variable and goes on; we refuse before any request, because a
      // typo would otherwise silently drop a column from every line a script collects.
      {"write-out unknown variable", with_api({"--token", "{T}", "-w", "%{unknown_var}"}), "unknown_var"},
      {"--chat-id not a number", with_api({"--token", "{T}", "--chat-id", "abc"}), "--chat-id"},
      {"--resolve malformed", with_api({"--token", "{T}", "--resolve", "foo"}), "--resolve"},
      {"--connect-timeout zero", with_api({"--token", "{T}", "--connect-timeout", "0"}), "greater than zero"},
      {"--max-time out of range", with_api({"--token", "{T}", "--max-time", "1e999s"}), "out of range"},
      {"-i unknown unit", with_api({"--token", "{T}", "-i", "5parsecs"}), "parsecs"},
      {"--format unknown", with_api({"--token", "{T}", "--format", "bogus"}), "bogus"},
      {"--format openmetrics with --write-out", with_api({"--token", "{T}", "--format", "openmetrics", "-w", "x"}), "--write-out"},
      {"--local-latency negative", {"curl-timing", "--local", "--local-latency", "-5ms"}, "-5ms"},
      {"--cacert missing", {"curl-timing", "--local", "-n", "1", "--cacert", "/nonexistent/ca.pem"}, "/nonexistent/ca.pem"},
  });
}

TEST_CASE("bad input matrix: serve", "[bad-input][serve]") {
  run_rows({
      {"--listen port out of range", {"serve", "--listen", "127.0.0.1:99999"}, "99999"},
      {"--listen unclosed bracket", {"serve", "--listen", "[::1"}, "[::1"},
      {"--listen no port", {"serve", "--listen", "abc"}, "port"},
      {"--listen a host name", {"serve", "--listen", "nosuchhost.invalid:0"}, "nosuchhost.invalid"},
      {"--cert missing", {"serve", "--cert", "/nonexistent/cert.pem", "--key", "/nonexistent/key.pem"}, "/nonexistent/cert.pem"},
      {"--cert without --key", {"serve", "--cert", "{F:not-pem}"}, "--key"},
      {"--cert a directory", {"serve", "--cert", "{DIR}", "--key", "{DIR}"}, "directory"},
      {"--cert not PEM", {"serve", "--cert", "{F:not-pem}", "--key", "{F:not-pem}", "--listen", "127.0.0.1:0"}, "not-pem"},
      {"--token malformed", {"serve", "--token", "bad"}, "<bot id>:<secret>"},
      {"--token with a trailing space", {"serve", "--token", "{T} "}, "whitespace"},
      {"--chats zero", {"serve", "--chats", "0"}, "--chats"},
      {"--chats beyond int", {"serve", "--chats", "99999999999"}, "99999999999"},
      {"--messages negative", {"serve", "--messages", "-1"}, "--messages"},
      {"--rate zero", {"serve", "--rate", "0"}, "--rate"},
      {"--backlog with --rate", {"serve", "--backlog", "--rate", "5"}, "--rate"},
      {"--latency unknown unit", {"serve", "--latency", "5parsecs"}, "parsecs"},
      {"--jitter negative", {"serve", "--jitter", "-1"}, "'-1'"},
      {"--fail-rate above 1", {"serve", "--fail-rate", "2"}, "--fail-rate"},
      {"--fail-rate not a number", {"serve", "--fail-rate", "abc"}, "abc"},
      {"--threads zero", {"serve", "--threads", "0"}, "--threads"},
      {"--threads negative", {"serve", "--threads", "-1"}, "--threads"},
      {"--duration zero", {"serve", "--duration", "0"}, "greater than zero"},
      {"a positional argument", {"serve", "extra"}, "extra"},
      {"--fault unknown kind", {"serve", "--fault", "bogus"}, "bogus"},
      {"--fault negative rate", {"serve", "--fault", "5xx:-1"}, "rate"},
      {"--outage without a start", {"serve", "--outage", "2s"}, "LENGTH@START"},
      {"--stall-for negative", {"serve", "--stall-for", "-1"}, "'-1'"},
      {"--retry-after negative", {"serve", "--retry-after", "-5"}, "--retry-after"},
      {"--retry-after not a number", {"serve", "--retry-after", "abc"}, "abc"},
  });
}

TEST_CASE("bad input matrix: echo-bench", "[bad-input][echo-bench]") {
  run_rows({
      {"unknown mode", {"echo-bench", "--modes", "bogus"}, "bogus"},
      {"empty mode", {"echo-bench", "--modes", ""}, "mode"},
      {"--workers zero", {"echo-bench", "--workers", "0"}, "--workers"},
      {"--workers negative", {"echo-bench", "--workers", "-1"}, "--workers"},
      {"--workers not a number", {"echo-bench", "--workers", "abc"}, "abc"},
      {"--updates zero", {"echo-bench", "--updates", "0"}, "--updates"},
      {"--updates fractional", {"echo-bench", "--updates", "1.5"}, "1.5"},
      {"--updates beyond any integer", {"echo-bench", "--updates", "99999999999999999999"}, "--updates"},
      {"--chats zero", {"echo-bench", "--chats", "0"}, "--chats"},
      {"--inflight zero", {"echo-bench", "--inflight", "0"}, "--inflight"},
      {"--latency out of range", {"echo-bench", "--latency", "1e999s"}, "out of range"},
      {"--jitter unknown unit", {"echo-bench", "--jitter", "5parsecs"}, "parsecs"},
      {"--run-timeout negative", {"echo-bench", "--run-timeout", "-1"}, "'-1'"},
      {"--fault rate above 1", {"echo-bench", "--fault", "drop:2"}, "rate"},
      {"--fault code outside 500-599", {"echo-bench", "--fault", "600"}, "'600'"},
      {"--fault rate not a share", {"echo-bench", "--fault", "stall:50%%"}, "rate"},
      {"--outage unknown unit", {"echo-bench", "--outage", "5parsecs"}, "--outage"},
      {"--seed not a number", {"echo-bench", "--seed", "abc"}, "abc"},
      {"--delivery unknown", {"echo-bench", "--delivery", "carrier-pigeon"}, "carrier-pigeon"},
      {"--delivery twice", {"echo-bench", "--delivery", "webhook,webhook"}, "twice"},
      {"--max-connections zero", {"echo-bench", "--delivery", "webhook", "--max-connections", "0"}, "--max-connections"},
      {"--max-connections above 100", {"echo-bench", "--delivery", "webhook", "--max-connections", "101"}, "--max-connections"},
      {"--max-connections without webhook", {"echo-bench", "--max-connections", "10"}, "webhook"},
      {"--rate negative", {"echo-bench", "--rate", "-5"}, "--rate"},
      {"--rate not a number", {"echo-bench", "--rate", "fast"}, "fast"},
      {"--rate infinite", {"echo-bench", "--rate", "inf"}, "--rate"},
  });
}

TEST_CASE("bad input matrix: echo-bot", "[bad-input][echo-bot]") {
  auto bot = [](std::vector<std::string> args) {
    args.insert(args.begin(), "echo-bot");
    args.insert(args.end(), {"--api-url", "{CLOSED}"});
    return args;
  };
  std::vector<Row> rows{
      {"no token at all", bot({}), "needs a bot token"},
      {"token malformed", bot({"--token", "bad"}), "<bot id>:<secret>"},
      {"token with a newline", bot({"--token", "{T}\n"}), "whitespace"},
      {"token id with a leading zero", bot({"--token", "0123:AAH3xQ-secretsecretsecretsecret12345"}), "start with 0"},
      {"--token and --token-file", bot({"--token", "{T}", "--token-file", "{F:empty}"}), "not both"},
      {"token file missing", bot({"--token-file", "/nonexistent/token"}), "No such file"},
      {"token file is a directory", bot({"--token-file", "{DIR}"}), "directory"},
      {"token file empty", bot({"--token-file", "{F:empty}"}), "empty"},
      {"token file with two lines", bot({"--token-file", "{F:two-tokens}"}), "whitespace"},
      {"token file is a FIFO nobody writes", bot({"--token-file", "{F:fifo}"}), "empty"},
      {"token file is /dev/zero", bot({"--token-file", "/dev/zero"}), "4 KiB"},
      {"token file named like the token", bot({"--token-file", "{T}"}), "7123456789:***"},
      {"TGPERF_TOKEN malformed", bot({}), "TGPERF_TOKEN", {"TGPERF_TOKEN=7123456789:"}},
      {"--api-url ftp", {"echo-bot", "--token", "{T}", "--api-url", "ftp://x"}, "http://"},
      {"--api-url without host", {"echo-bot", "--token", "{T}", "--api-url", "http://"}, "host"},
      {"--api-url not a URL", {"echo-bot", "--token", "{T}", "--api-url", "not a url"}, "not a url"},
      {"--mode unknown", bot({"--token", "{T}", "--mode", "bogus"}), "bogus"},
      {"--workers zero", bot({"--token", "{T}", "--workers", "0"}), "--workers"},
      {"--workers negative", bot({"--token", "{T}", "--workers", "-3"}), "--workers"},
      {"--inflight zero", bot({"--token", "{T}", "--inflight", "0"}), "--inflight"},
      {"--max-updates negative", bot({"--token", "{T}", "--max-updates", "-1"}), "--max-updates"},
      {"--max-updates not a number", bot({"--token", "{T}", "--max-updates", "abc"}), "abc"},
      {"--poll-timeout above 50", bot({"--token", "{T}", "--poll-timeout", "51"}), "--poll-timeout"},
      {"--poll-timeout not a number", bot({"--token", "{T}", "--poll-timeout", "abc"}), "abc"},
  };
  // Mode 000: unreadable for everyone but root, so the row drops root first (see check_row).
  rows.push_back({"token file unreadable", bot({"--token-file", "{F:unreadable}"}), "Permission denied", {}, false,
                  true});
  run_rows(rows);
}

TEST_CASE("bad input matrix: every file or stream read has a size limit", "[bad-input][bounded]") {
  run_rows({
      {"-w @/dev/zero", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "-w", "@/dev/zero"}, "64 KiB"},
      {"-w @FILE past 64 KiB", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "-w", "@{F:huge}"}, "64 KiB"},
      {"--cacert /dev/zero", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "--cacert", "/dev/zero"},
       "not a regular file"},
      {"--cacert past 4 MiB", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "--cacert", "{F:huge}"}, "4 MiB"},
      {"serve --cert /dev/zero", {"serve", "--listen", "127.0.0.1:0", "--cert", "/dev/zero", "--key", "/dev/zero"},
       "not a regular file"},
      {"serve --cert a FIFO", {"serve", "--listen", "127.0.0.1:0", "--cert", "{F:fifo}", "--key", "{F:fifo}"},
       "not a regular file"},
      {"serve --key past 1 MiB", {"serve", "--listen", "127.0.0.1:0", "--cert", "{F:not-pem}", "--key", "{F:huge}"},
       "1 MiB"},
  });
}

TEST_CASE("bad input matrix: every duration has a sane range", "[bad-input][durations]") {
  run_rows({
      {"echo-bench --latency 20 (meant ms?)", {"echo-bench", "--latency", "20"}, "needs a unit"},
      {"echo-bench --jitter 5", {"echo-bench", "--jitter", "5"}, "needs a unit"},
      {"echo-bench --latency 25h", {"echo-bench", "--latency", "25h"}, "at most"},
      {"echo-bench --run-timeout 25h", {"echo-bench", "--run-timeout", "25h"}, "--run-timeout"},
      {"echo-bench --request-timeout 2h", {"echo-bench", "--request-timeout", "2h"}, "--request-timeout"},
      {"echo-bench --stall-for 2h", {"echo-bench", "--fault", "stall", "--stall-for", "2h"}, "--stall-for"},
      {"serve --latency 50", {"serve", "--latency", "50"}, "needs a unit"},
      {"serve --duration 800h", {"serve", "--duration", "800h"}, "--duration"},
      {"serve --outage starting after a month", {"serve", "--outage", "1s@800h"}, "--outage START"},
      {"echo-bench --outage longer than a day", {"echo-bench", "--outage", "25h@1s"}, "--outage LENGTH"},
      {"curl-timing --local-latency 20", {"curl-timing", "--local", "--local-latency", "20"}, "needs a unit"},
      {"curl-timing -i 2h", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "-i", "2h"}, "-i"},
      {"curl-timing --connect-timeout 11m",
       {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "--connect-timeout", "11m"}, "--connect-timeout"},
      {"curl-timing -m 2h", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "-m", "2h"}, "--max-time"},
      {"ping -i 2h", {"ping", "-i", "2h", "127.0.0.1"}, "-i '2h' is too long"},
      {"ping -W 11m", {"ping", "-W", "11m", "127.0.0.1"}, "-W"},
      {"ping -w 800h", {"ping", "-w", "800h", "127.0.0.1"}, "-w"},
  });
}

TEST_CASE("bad input matrix: a flag with no effect is refused", "[bad-input][no-effect]") {
  run_rows({
      {"--text without --chat-id", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "--text", "hi"}, "--chat-id"},
      {"--local-latency without --local",
       {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "--local-latency", "20ms"}, "without --local"},
      {"--cacert with -k", {"curl-timing", "--local", "--cacert", "{F:not-pem}", "-k"}, "--insecure"},
      {"--proxy with --local", {"curl-timing", "--local", "-x", "http://127.0.0.1:1"}, "loopback"},
      {"serve --chats without --messages", {"serve", "--chats", "5"}, "--messages"},
      {"serve --exit-when-done without --messages", {"serve", "--exit-when-done"}, "--messages"},
      {"serve --stall-for without a stall fault", {"serve", "--stall-for", "1s"}, "--fault stall"},
      {"serve --retry-after without a 429 fault", {"serve", "--retry-after", "3"}, "--fault 429"},
      {"echo-bench --workers without threaded", {"echo-bench", "--modes", "sync,async", "--workers", "4"}, "threaded"},
      {"echo-bench --inflight without async", {"echo-bench", "--modes", "sync", "--inflight", "4"}, "async"},
      {"echo-bot --workers in async mode",
       {"echo-bot", "--token", "{T}", "--api-url", "{CLOSED}", "--mode", "async", "--workers", "4"}, "--workers"},
      {"echo-bot --inflight in threaded mode",
       {"echo-bot", "--token", "{T}", "--api-url", "{CLOSED}", "--inflight", "8"}, "--inflight"},
      {"echo-bot --ordered in sync mode",
       {"echo-bot", "--token", "{T}", "--api-url", "{CLOSED}", "--mode", "sync", "--ordered"}, "--ordered"},
  });
}

TEST_CASE("bad input matrix: parse errors in tgperf's words", "[bad-input][parse-errors]") {
  run_rows({
      {"a mistyped command", {"pnig"}, "unknown command 'pnig'; did you mean 'ping'?"},
      {"a mistyped command with a dash", {"curl_timing"}, "did you mean 'curl-timing'?"},
      {"a command that is nothing like one", {"frobnicate"}, "the commands are ping"},
      {"a mistyped flag", {"curl-timing", "--jsn"}, "unknown flag '--jsn' for tgperf curl-timing; did you mean '--json'?"},
      {"a flag given twice", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "-n", "1", "-n", "2"},
       "--count was given 2 times; give it once"},
      {"a word for a number", {"curl-timing", "--token", "{T}", "--api-url", "{CLOSED}", "-n", "abc"},
       "--count 'abc' is not a whole number"},
      {"a flag without its value", {"echo-bench", "--updates"}, "--updates needs a value"},
      {"a value for a flag", {"ping", "--json=maybe", "-c", "0", "127.0.0.1"}, "--json"},
      {"a value not among the choices", {"ping", "--format", "xml", "127.0.0.1"}, "--format 'xml' is not one of"},
  });
}

TEST_CASE("bad input matrix: a local address or interface that cannot be used", "[bad-input][bind]") {
  // The probe is never sent: binding fails on this machine (192.0.2.1 is TEST-NET-1, on no interface
  // here; the closed loopback port would answer a probe that got out anyway).
  const std::string port = std::to_string(tgperf::test::closed_loopback_port());
  run_rows({
      {"ping --source not on this machine", {"ping", "-c", "1", "--source", "192.0.2.1", "127.0.0.1:" + port},
       "'192.0.2.1' is not an address of this machine"},
      {"ping -I empty", {"ping", "-c", "1", "-I", "", "127.0.0.1:" + port}, "--interface is empty"},
      {"ping -I no such interface", {"ping", "-c", "1", "-I", "nosuchif0", "127.0.0.1:" + port},
       "'nosuchif0': no such network interface"},
  });
}
