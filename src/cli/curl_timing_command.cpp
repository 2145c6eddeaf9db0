// tgperf curl-timing: where one Bot API request spends its time.
//
// Flags -> TimingPlan + Endpoint -> botapi::TimingSession (libcurl) -> botapi::TimingRecord per
// request -> waterfall / write-out / JSON, statistics and advice -> exit code.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/token_source.hpp"
#include "tgperf/botapi/endpoint.hpp"
#include "tgperf/botapi/timing_session.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/bounded_file.hpp"
#include "tgperf/core/duration.hpp"
#include "tgperf/core/duration_flag.hpp"
#include "tgperf/core/plural.hpp"
#include "tgperf/core/signal_stop.hpp"
#include "tgperf/core/terminal.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/emulator.hpp"
#include "tgperf/report/openmetrics_timing.hpp"
#include "tgperf/report/timing_advice.hpp"
#include "tgperf/report/timing_json.hpp"
#include "tgperf/report/timing_summary.hpp"
#include "tgperf/report/waterfall.hpp"
#include "tgperf/report/write_out.hpp"
#include "tgperf/report/write_out_file.hpp"

namespace tgperf::cli {
namespace {

struct CurlTimingFlags {
  std::string token;
  std::string token_file;
  std::string api_url{botapi::kDefaultApiRoot};
  bool local = false;
  std::string local_latency = "0ms";
  std::string chat_id;
  std::string text = "tgperf curl-timing";
  bool post_json = false;
  int count = 5;
  std::string interval = "200ms";
  bool fresh = false;
  bool ipv4 = false;
  bool ipv6 = false;
  bool http11 = false;
  bool http2 = false;
  std::string cacert;
  bool insecure = false;
  std::optional<std::string> proxy;
  std::vector<std::string> resolve;
  std::string connect_timeout;
  std::string max_time;
  std::optional<std::string> write_out;  // given, even empty (`-w ''` prints nothing, as curl)
  bool json = false;
  std::string format;  // --format; empty: text unless --json
  bool no_color = false;
  const CLI::App* parsed = nullptr;  // the parsed subcommand: which flags were given
};

using namespace std::chrono_literals;
// -i, --connect-timeout and -m take bare seconds as curl's do; --local-latency, like every emulated
// latency, needs a unit (a bare 20 would be 20 s) and is warned about beyond a minute.
constexpr DurationFlag kRequestIntervalFlag{"-i", 1h, std::nullopt, false, true};
constexpr DurationFlag kConnectTimeoutFlag{"--connect-timeout", 10min, std::nullopt, true, true};
constexpr DurationFlag kMaxTimeFlag{"--max-time", 1h, std::nullopt, true, true};
constexpr DurationFlag kLocalLatencyFlag{"--local-latency", 24h, 60s, false, false};

// A flag that has no effect in the combination given is refused, not silently ignored.
void check_flags_have_effect(const CurlTimingFlags& f) {
  auto given = [&f](const char* name) { return f.parsed != nullptr && f.parsed->count(name) > 0; };
  if (given("--text") && f.chat_id.empty()) {
    throw UsageError("--text has no effect without --chat-id (getMe sends no text)");
  }
  if (given("--local-latency") && !f.local) throw UsageError("--local-latency has no effect without --local");
  if (!f.cacert.empty() && f.insecure) {
    throw UsageError("--cacert has no effect with -k/--insecure (nothing is verified): drop one");
  }
  if (f.proxy && f.local) throw UsageError("--proxy has no effect with --local (loopback is never proxied)");
  if (given("--interval") && f.count == 1) {
    std::fputs("tgperf: warning: -i has no effect with -n 1 (there is no second request)\n", stderr);
  }
}

enum class TimingFormat { text, json, openmetrics, prometheus };

// --format and its shorthand --json, which must agree when both are given; -w prints its own lines
// per request and goes with the text format only.
TimingFormat resolve_format(const CurlTimingFlags& f) {
  if (f.json && !f.format.empty() && f.format != "json") {
    throw UsageError("--json and --format " + f.format + " exclude each other");
  }
  const std::string name = f.format.empty() ? (f.json ? "json" : "text") : f.format;
  if (f.write_out && name != "text") {
    throw UsageError((f.json ? std::string("--json") : "--format " + name) + " and --write-out exclude each other");
  }
  if (name == "json") return TimingFormat::json;
  if (name == "openmetrics") return TimingFormat::openmetrics;
  if (name == "prometheus") return TimingFormat::prometheus;
  return TimingFormat::text;
}

// -w's argument with `@formats/NAME` found in the installed formats directory when there is no
// ./formats/NAME (see report/write_out_file.hpp).
std::string write_out_argument(const std::string& argument) {
  if (!argument.starts_with('@') || argument == "@-") return argument;
  return "@" + report::locate_write_out_file(std::string_view(argument).substr(1), TGPERF_INSTALLED_FORMATS_DIR);
}

// The embedded emulator for --local: HTTPS on loopback with a certificate generated at start.
struct LocalApi {
  std::unique_ptr<emulator::Emulator> server;
  std::string base_url;
  std::string ca_file;
};

LocalApi start_local_api(const CurlTimingFlags& f) {
  emulator::EmulatorOptions options;
  options.tls = true;
  options.latency = parse_duration_flag(f.local_latency, kLocalLatencyFlag);
  LocalApi local;
  local.server = std::make_unique<emulator::Emulator>(options);
  local.base_url = local.server->base_url();
  local.ca_file = local.server->certificate_file();
  return local;
}

botapi::Request build_request(const CurlTimingFlags& f) {
  if (f.chat_id.empty()) return botapi::get_me();
  if (f.chat_id.starts_with('@') && f.chat_id.size() > 1) return botapi::send_message(f.chat_id, f.text);
  try {
    std::size_t used = 0;
    const long long id = std::stoll(f.chat_id, &used);
    if (used == f.chat_id.size()) return botapi::send_message(static_cast<std::int64_t>(id), f.text);
  } catch (const std::exception&) {
  }
  throw UsageError("invalid --chat-id '" + f.chat_id + "': expected a number or @channelusername");
}

http::TransportOptions build_transport(const CurlTimingFlags& f) {
  http::TransportOptions t;
  if (f.ipv4 && f.ipv6) throw UsageError("-4 and -6 exclude each other");
  if (f.http11 && f.http2) throw UsageError("--http1.1 and --http2 exclude each other");
  t.ip_version = f.ipv4 ? http::IpVersion::v4 : f.ipv6 ? http::IpVersion::v6 : http::IpVersion::any;
  t.http_version = f.http11  ? http::HttpVersion::http1_1
                   : f.http2 ? http::HttpVersion::http2
                             : http::HttpVersion::automatic;
  // libcurl would report an unusable file per request as a TLS failure (exit 1); it is bad input.
  if (!f.cacert.empty()) check_input_file(f.cacert, "--cacert", kMaxCaBundleBytes);
  t.ca_file = f.cacert;
  t.insecure = f.insecure;
  t.proxy = f.proxy;
  for (const auto& entry : f.resolve) {
    // HOST:PORT:ADDR[,ADDR...]; libcurl would silently ignore a malformed entry.
    const auto first = entry.find(':');
    const auto second = first == std::string::npos ? std::string::npos : entry.find(':', first + 1);
    if (first == 0 || second == std::string::npos || second == first + 1 || second + 1 >= entry.size()) {
      throw UsageError("invalid --resolve '" + entry + "': expected HOST:PORT:ADDR");
    }
  }
  t.resolve = f.resolve;
  using std::chrono::duration_cast;
  using std::chrono::milliseconds;
  if (!f.connect_timeout.empty()) {
    t.connect_timeout = duration_cast<milliseconds>(parse_duration_flag(f.connect_timeout, kConnectTimeoutFlag));
  }
  if (!f.max_time.empty()) t.max_time = duration_cast<milliseconds>(parse_duration_flag(f.max_time, kMaxTimeFlag));
  t.user_agent = "tgperf/" TGPERF_VERSION;
  return t;
}

int run_curl_timing(const CurlTimingFlags& f) {
  if (f.count < 1) throw UsageError("-n must be at least 1");
  const TimingFormat format = resolve_format(f);
  check_flags_have_effect(f);
  std::optional<report::WriteOutTemplate> write_out;
  if (f.write_out) {
    write_out = report::WriteOutTemplate::parse(report::load_write_out_argument(write_out_argument(*f.write_out)));
  }

  botapi::TimingPlan plan;
  plan.request = build_request(f);
  plan.encoding = f.post_json ? botapi::Encoding::json : botapi::Encoding::query;
  plan.transport = build_transport(f);
  plan.count = f.count;
  plan.interval = parse_duration_flag(f.interval, kRequestIntervalFlag);
  plan.fresh = f.fresh;

  const std::optional<botapi::Token> given = botapi::token_from_flags(f.token, f.token_file);
  check_local_without_api_url(f.local, f.api_url);
  const botapi::Token token = token_or_demo(given, f.local);
  std::string api_url = f.api_url;
  LocalApi local;
  if (f.local) {
    local = start_local_api(f);
    api_url = local.base_url;
    if (plan.transport.ca_file.empty() && !plan.transport.insecure) plan.transport.ca_file = local.ca_file;
  }
  const botapi::Endpoint endpoint(api_url, token);

  SignalStop signals;  // Ctrl-C ends the run; the summary covers the requests that completed
  const bool text_view = format == TimingFormat::text && !write_out;
  const report::WaterfallStyle style{40, stdout_color_enabled(f.no_color), unicode_output()};
  ProgressLine progress(is_terminal(2) && !text_view);
  if (text_view) {
    std::cout << fmt::format("{} {} {}: {}, {}\n\n", plan.request.method,
                             f.post_json ? "POST" : "GET", endpoint.redacted_method_url(plan.request.method),
                             counted(f.count, "request"),
                             f.fresh           ? "every one on a new connection (--fresh)"
                             : f.count == 1 ? "on a new connection"
                                            // Printed before any request: the plan, not a claim
                                            // that reuse happened (a server may close each time).
                                            : "the rest try to reuse the first one's connection");
  }

  std::cout.flush();  // the header shows at once, also into a pipe: a request may take long
  std::vector<botapi::TimingRecord> records;
  botapi::TimingSession session(endpoint, plan);
  session.run([&](const botapi::TimingRecord& x) {
    // A name that does not resolve on the first request is configuration, as ping treats it: exit 2
    // with one line, so the cron recipe keeps the previous .prom file. A later failure is measured.
    if (x.seq == 1 && x.response.name_unresolved()) {
      progress.clear();
      throw UsageError(x.response.error + (x.response.curl_code == http::curl_codes::kCouldntResolveHost ? ": check --api-url and this host's DNS"
                                                                      : ": check --proxy or the *_proxy variables"));
    }
    records.push_back(x);
    if (write_out) {
      for (const auto& chunk : write_out->render_chunks(records.back())) {
        std::ostream& stream = chunk.stream == report::WriteOutStream::out ? std::cout : std::cerr;
        stream << chunk.text << std::flush;
      }
    } else if (text_view) {
      std::cout << report::render_waterfall(records.back(), style) << '\n' << std::flush;
    } else {
      progress.update(fmt::format("curl-timing: request {}/{}", x.seq, f.count), true);
    }
  }, signals.token());
  progress.clear();

  const report::TimingSummary summary = report::summarize_timing(records);
  const std::vector<std::string> advice = report::timing_advice(records, summary);
  if (format == TimingFormat::json) {
    std::cout << report::timing_json(records, summary, advice).dump(2) << '\n';
  } else if (format == TimingFormat::openmetrics || format == TimingFormat::prometheus) {
    // The host of the API root only: never the token, never a path.
    const report::TimingMetricLabels labels{plan.request.method,
                                            botapi::redact_tokens(report::api_host_label(api_url))};
    std::cout << report::render_exposition(report::timing_metrics(records, summary, labels),
                                           format == TimingFormat::openmetrics ? report::ExpositionFormat::openmetrics
                                                                               : report::ExpositionFormat::prometheus)
              << std::flush;
  } else if (text_view) {
    std::cout << report::render_timing_summary(summary) << "\nadvice:\n";
    for (const auto& line : advice) std::cout << "  - " << line << '\n';
  }
  if (signals.signalled()) std::cerr << "tgperf: interrupted after " << counted(static_cast<std::int64_t>(records.size()), "request") << "\n";

  bool all_ok = !records.empty();
  for (const auto& r : records) all_ok = all_ok && r.succeeded();
  return all_ok ? 0 : 1;
}

}  // namespace

void add_curl_timing_command(CLI::App& app, CommandRunner& run) {
  auto flags = std::make_shared<CurlTimingFlags>();
  auto* sub = app.add_subcommand("curl-timing", "Time the phases of a Bot API request (libcurl), "
                                                "cold and on a reused connection, and say what they mean");
  add_token_options(*sub, flags->token, flags->token_file);
  sub->add_option("--api-url", flags->api_url, "Bot API root")->capture_default_str();
  sub->add_flag("--local", flags->local, "start the embedded emulator (TLS, loopback) and time against it");
  sub->add_option("--local-latency", flags->local_latency,
                  "with --local: the emulator waits this long before each answer, with a unit, e.g. 20ms "
                  "(a bare number other than 0 is refused); a warning above 60s")
      ->capture_default_str();
  sub->add_option("--chat-id", flags->chat_id, "send sendMessage to this chat (as the wiki does) instead of getMe");
  sub->add_option("--text", flags->text, "text for --chat-id (an error without it)")->capture_default_str();
  sub->add_flag("--post-json", flags->post_json, "send a JSON POST body, as bot frameworks do (default: GET query)");
  sub->add_option("-n,--count", flags->count, "number of requests")->capture_default_str();
  sub->add_option("-i,--interval", flags->interval, "pause between requests, at most 1h; bare number = seconds")->capture_default_str();
  sub->add_flag("--fresh", flags->fresh, "every request cold: new connection, new DNS lookup, full TLS handshake");
  sub->add_flag("-4,--ipv4", flags->ipv4, "resolve to IPv4 addresses only");
  sub->add_flag("-6,--ipv6", flags->ipv6, "resolve to IPv6 addresses only");
  sub->add_flag("--http1.1", flags->http11, "use HTTP/1.1");
  sub->add_flag("--http2", flags->http2, "use HTTP/2");
  sub->add_option("--cacert", flags->cacert, "CA certificate file to verify the server with (a regular file of at most 4 MiB)");
  sub->add_flag("-k,--insecure", flags->insecure, "do not verify the server's certificate");
  sub->add_option("-x,--proxy", flags->proxy, "proxy URL (default: the *_proxy environment variables; loopback is never proxied)");
  sub->add_option("--resolve", flags->resolve, "HOST:PORT:ADDR, use ADDR for HOST:PORT (repeatable)");
  sub->add_option("--connect-timeout", flags->connect_timeout, "limit for connecting (TCP + TLS), e.g. 5s, at most 10m; bare number = seconds");
  sub->add_option("-m,--max-time", flags->max_time, "limit for each whole request, e.g. 10s, at most 1h; bare number = seconds");
  sub->add_option("-w,--write-out", flags->write_out,
                  "curl's write-out FORMAT, @FILE or @- (at most 64 KiB) per request, e.g. -w @formats/curl-format.txt");
  sub->add_option("--format", flags->format,
                  "text (default), json, openmetrics (OpenMetrics 1.0 text, ends in # EOF) or prometheus "
                  "(Prometheus text, for node_exporter's textfile collector)")
      ->check(CLI::IsMember({"text", "json", "openmetrics", "prometheus"}));
  sub->add_flag("--json", flags->json, "same as --format json: requests, statistics and advice as JSON");
  sub->add_flag("--no-color", flags->no_color, "no colours (NO_COLOR is honoured too)");
  sub->footer(
      "Examples:\n"
      "  tgperf curl-timing --local                      # try it: emulated Bot API over TLS, no token\n"
      "  tgperf curl-timing --token-file ~/.bot-token -n 10 --fresh\n"
      "  TGPERF_TOKEN=... tgperf curl-timing --chat-id 12345 -w @formats/curl-format.txt\n"
      "  D=/var/lib/node_exporter/textfile; tgperf curl-timing --token-file ~/.bot-token -n 10 \\\n"
      "    --format prometheus > $D/api.$$; [ $? -le 1 ] && mv $D/api.$$ $D/tgperf_api.prom || rm -f $D/api.$$\n"
      "                                                  # from cron, for node_exporter's textfile collector\n"
      "-w @formats/NAME reads ./formats/NAME, else " TGPERF_INSTALLED_FORMATS_DIR "/NAME.\n"
      "Metrics: tgperf_curl_timing_requests_total{method,host,status} and the summary\n"
      "tgperf_curl_timing_phase_seconds{method,host,connection,phase}, per run; never the token.\n"
      "Exit status: 0 every request answered ok, 1 a request failed, 2 bad input or a host name (API or\n"
      "proxy) that does not resolve on the first request.");
  sub->callback([flags, &run, sub] {
    flags->parsed = sub;
    run = [flags] { return run_curl_timing(*flags); };
  });
}

}  // namespace tgperf::cli
