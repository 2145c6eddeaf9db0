#pragma once
// The exporter's configuration file (JSON), documented in README "Monitoring" and shipped as
// packaging/exporter/tgperf-exporter.json:
//
//   {
//     "allowed_targets": ["api.telegram.org:443", "127.0.0.1:*"],
//     "modules": {
//       "tcp_ping":  {"prober": "tcp", "count": 3, "interval": "200ms", "timeout": "2s"},
//       "bot_getme": {"prober": "botapi", "scheme": "https", "token_file": "/run/credentials/tgperf-exporter.service/token",
//                     "count": 2, "timeout": "5s"},
//       "bot_webhook": {"prober": "webhook", "scheme": "https", "token_file": "...", "timeout": "5s"}
//     }
//   }
//
// A target is HOST:PORT as Prometheus passes it (`?target=`). An allow-list entry is HOST:PORT or
// HOST:* (any port of that host); the exporter probes nothing else unless started with
// --allow-any-target, so that it is not an open proxy for port scans.
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tgperf/botapi/token.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::exporter {

enum class ProberKind { tcp, botapi, webhook };

std::string_view to_string(ProberKind kind);

struct ModuleConfig {
  std::string name;
  ProberKind prober = ProberKind::tcp;
  // tcp: pings per probe, paced as `tgperf ping -i`, each waiting at most `timeout` (-W).
  // botapi: getMe requests per probe, the first on a new connection (cold), the rest reusing it.
  int count = 3;
  Duration interval = std::chrono::milliseconds(200);
  Duration timeout = std::chrono::seconds(2);
  // botapi / webhook: the API root is <scheme>://<target>; the token is read from token_file at
  // start (the file is never re-read and its content never printed).
  std::string scheme = "https";
  std::optional<botapi::Token> token;
  std::string ca_file;  // optional PEM bundle for https (e.g. a local Bot API server's own CA)
};

struct ExporterConfig {
  std::vector<std::string> allowed_targets;  // HOST:PORT or HOST:*
  std::map<std::string, ModuleConfig, std::less<>> modules;
};

// Parses the file's JSON text; `origin` names it in messages. Throws UsageError with one line
// ("<origin>: modules.bot_getme.count: must be 1 to 100") on anything it does not understand;
// unknown keys are errors too (a typo must not silently fall back to a default). Reads the token
// files it names (their content never appears in a message).
ExporterConfig parse_config(std::string_view json_text, std::string_view origin);

// Reads and parses a config file (at most 1 MiB).
ExporterConfig load_config(const std::string& path);

// The configuration without a file: one `tcp` module with the defaults above.
ExporterConfig default_config();

}  // namespace tgperf::exporter
