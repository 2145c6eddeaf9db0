// The bot token's secret never reaches stdout or stderr of curl-timing, whatever the output mode
// and whatever fails.
#include <catch2/catch.hpp>

#include "support/loopback.hpp"

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "support/child_process.hpp"
#include "support/skip.hpp"
#include "tgperf/emulator/emulator.hpp"

using tgperf::test::run_process;

namespace {

const std::string kLeakSecret = "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw0";
const std::string kLeakToken = "123456789:" + kLeakSecret;

const std::string kRedacted = "123456789:***";

// Whether the run must show the redacted token (every run that got as far as a URL with the
// token in it prints that URL, or a message quoting it, in redacted form).
enum class Shows { redacted, nothing };

// Runs curl-timing; checks the exit code, that no part of the secret was printed, and (a run that
// crashed or printed nothing must not pass) that the redacted form was.
void check_no_secret(std::vector<std::string> args, const std::vector<std::string>& env, int expected_exit,
                     Shows shows = Shows::redacted) {
  args.insert(args.begin(), {TGPERF_BINARY, "curl-timing"});
  const auto r = run_process(args, env);
  std::string shown;
  for (const auto& a : args) shown += (a.find(kLeakSecret) != std::string::npos ? "<token>" : a) + " ";
  INFO("command: " << shown);
  INFO("exit: " << r.exit_code);
  CHECK_FALSE(r.timed_out);
  CHECK(r.exit_code == expected_exit);
  CHECK(r.out.find(kLeakSecret) == std::string::npos);
  CHECK(r.err.find(kLeakSecret) == std::string::npos);
  // Nor any long piece of it (a redaction that stopped early would leave its tail).
  for (std::size_t i = 0; i + 12 <= kLeakSecret.size(); i += 4) {
    CHECK((r.out + r.err).find(kLeakSecret.substr(i, 12)) == std::string::npos);
  }
  if (shows == Shows::redacted) {
    // The bot id with *** shows the redaction happened where a URL is printed.
    CHECK((r.out + r.err).find(kRedacted) != std::string::npos);
  } else {
    CHECK_FALSE((r.out + r.err).empty());  // it printed something, without the token
  }
}

}  // namespace

TEST_CASE("no output mode prints the token") {
  tgperf::emulator::EmulatorOptions options;
  options.tls = true;
  options.tokens = {kLeakToken};
  tgperf::emulator::Emulator emu(options);
  const std::vector<std::string> base = {"--token", kLeakToken, "--api-url", emu.base_url(), "--cacert",
                                         emu.certificate_file(), "-n", "2", "--interval", "0"};
  const std::string chat = std::to_string(tgperf::emulator::kFirstChatId);
  struct Mode {
    std::vector<std::string> flags;
    int exit;
    Shows shows = Shows::redacted;
  };
  const std::vector<Mode> modes = {
      {{}, 0},
      {{"--json"}, 0},
      {{"--fresh"}, 0},
      {{"-w", "%{url_effective} %{url} %{errormsg} %{json}\\n"}, 0},
      // curl's own format prints times only: no URL, so nothing redacted to see either.
      {{"-w", std::string("@") + TGPERF_SOURCE_DIR + "/formats/curl-format.txt"}, 0, Shows::nothing},
      {{"--chat-id", chat, "--text", "hi"}, 0},
      {{"--chat-id", chat, "--post-json", "--json"}, 0},
      {{"--chat-id", "999", "--json"}, 1},  // 400 chat not found
  };
  for (const auto& mode : modes) {
    auto args = base;
    args.insert(args.end(), mode.flags.begin(), mode.flags.end());
    check_no_secret(args, {}, mode.exit, mode.shows);
  }
}

TEST_CASE("the token from TGPERF_TOKEN and --token-file is not printed either") {
  tgperf::emulator::Emulator emu(tgperf::emulator::EmulatorOptions{});
  check_no_secret({"--api-url", emu.base_url(), "-n", "1"}, {"TGPERF_TOKEN=" + kLeakToken}, 0);
  const std::string path = "curl_timing_token_leak.token";
  {
    std::ofstream(path) << kLeakToken << "\n";
  }
  check_no_secret({"--token-file", path, "--api-url", emu.base_url(), "-n", "1", "--json"}, {}, 0);
  std::remove(path.c_str());
}

TEST_CASE("no error path prints the token") {
  tgperf::emulator::EmulatorOptions tls_options;
  tls_options.tls = true;
  tgperf::emulator::Emulator tls_emu(tls_options);
  tgperf::emulator::EmulatorOptions strict;
  strict.tokens = {"42:" + std::string(35, 'B')};  // ours is unknown here: 401
  tgperf::emulator::Emulator strict_emu(strict);
  const std::string refused = "http://127.0.0.1:" + std::to_string(tgperf::test::closed_loopback_port());

  for (const auto& output : std::vector<std::vector<std::string>>{{}, {"--json"}, {"-w", "%{json}\\n"}}) {
    auto with = [&](std::vector<std::string> args) {
      args.insert(args.begin(), {"--token", kLeakToken, "-n", "2", "--interval", "0"});
      args.insert(args.end(), output.begin(), output.end());
      return args;
    };
    check_no_secret(with({"--api-url", tls_emu.base_url()}), {}, 1);  // unknown CA
    check_no_secret(with({"--api-url", strict_emu.base_url()}), {}, 1);  // 401
    check_no_secret(with({"--api-url", refused}), {}, 1);  // refused connection
    check_no_secret(with({"--api-url", "http://[::1"}), {}, 1);  // malformed URL: libcurl refuses it
    check_no_secret(with({"--api-url", "https://127.0.0.1:1/bot" + kLeakToken}), {}, 1);  // token pasted in URL
    check_no_secret(with({"--api-url", "api.telegram.org/bot" + kLeakToken}), {}, 2);  // no scheme
    check_no_secret(with({"--api-url", strict_emu.base_url(), "--proxy", "http://[::1"}), {}, 1);
  }
  // Bad token shapes: the message explains the shape without echoing the text.
  check_no_secret({"--token", kLeakToken + "!"}, {}, 2, Shows::nothing);
  check_no_secret({"--token", "0" + kLeakToken}, {}, 2, Shows::nothing);
}

TEST_CASE("a DNS failure (a name under .invalid) does not print the token") {
  // Run inside a private network namespace (only a downed loopback) so the lookup fails here
  // without any query leaving the machine.
  if (run_process({"unshare", "-rn", "true"}).exit_code != 0) {
    TGPERF_SKIP("unshare -rn is not available: no private network namespace for the DNS failure");
  }
  // A name that does not resolve is configuration (exit 2, one line naming the host, as ping does),
  // so the README's cron recipe keeps its previous metrics file.
  const auto r = run_process({"unshare", "-rn", TGPERF_BINARY, "curl-timing", "--token", kLeakToken, "--api-url",
                              "https://api.telegram.invalid", "-n", "1", "--connect-timeout", "5s"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "tgperf: Could not resolve host: api.telegram.invalid: check --api-url and this host's DNS\n");
  CHECK(r.out.find(kLeakSecret) == std::string::npos);
  CHECK(r.err.find(kLeakSecret) == std::string::npos);
  const auto j = run_process({"unshare", "-rn", TGPERF_BINARY, "curl-timing", "--token", kLeakToken, "--api-url",
                              "https://api.telegram.invalid", "-n", "1", "--json"});
  CHECK(j.exit_code == 2);
  CHECK(j.out.empty());  // no half-written JSON document
  CHECK(j.err.find(kLeakSecret) == std::string::npos);
  CHECK(j.out.find(kLeakSecret) == std::string::npos);
}
