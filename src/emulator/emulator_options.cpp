#include "tgperf/emulator/emulator_options.hpp"

#include <cmath>
#include <variant>

#include <nlohmann/json.hpp>

#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/webhook_config.hpp"
#include "webhook_url.hpp"

namespace tgperf::emulator {

void validate(const EmulatorOptions& o) {
  if (o.chats < 1 || o.chats > 1'000'000) throw UsageError("--chats must be between 1 and 1000000");
  if (o.messages < 0 || o.messages > 100'000'000) throw UsageError("--messages must be between 0 and 100000000");
  if (!(o.rate_per_s >= 0) || !std::isfinite(o.rate_per_s)) throw UsageError("--rate must be a positive number");
  if (o.latency < Duration::zero() || o.jitter < Duration::zero()) throw UsageError("--latency and --jitter must not be negative");
  if (!(o.fail_rate >= 0 && o.fail_rate <= 1)) throw UsageError("--fail-rate must be between 0 and 1");
  if (o.threads < 1 || o.threads > 256) throw UsageError("--threads must be between 1 and 256");
  if (o.cert_file.empty() != o.key_file.empty()) throw UsageError("--cert and --key go together");
  if (o.max_body_bytes < 1024) throw UsageError("the body limit must be at least 1024 bytes");
  if (o.header_timeout <= Duration::zero()) throw UsageError("the request head timeout must be positive");
  if (o.webhook_timeout <= Duration::zero()) throw UsageError("--webhook-timeout must be positive");
  if (o.webhook_backoff.initial <= std::chrono::milliseconds::zero() ||
      o.webhook_backoff.max < o.webhook_backoff.initial) {
    throw UsageError("the webhook backoff must be positive and its cap at least its start");
  }
  if (!o.webhook_url.empty()) {
    const auto config = parse_set_webhook(nlohmann::json{{"url", o.webhook_url}});
    if (const auto* error = std::get_if<std::string>(&config)) {
      // Telegram's answer names no reason for a URL it cannot parse; its parser's reason helps here.
      const auto url = parse_webhook_url(o.webhook_url);
      const auto* invalid = std::get_if<InvalidWebhookUrl>(&url);
      throw UsageError("--webhook: " + *error + (invalid ? " (" + invalid->reason + ")" : ""));
    }
  }
  validate(effective_faults(o));
}

FaultOptions effective_faults(const EmulatorOptions& o) {
  FaultOptions faults = o.faults;
  if (o.fail_rate > 0) {
    faults.rules.push_back(FaultRule{FaultKind::server_error, o.fail_rate / 2, 502});
    faults.rules.push_back(FaultRule{FaultKind::reset, o.fail_rate / 2, 0});
  }
  return faults;
}

}  // namespace tgperf::emulator
