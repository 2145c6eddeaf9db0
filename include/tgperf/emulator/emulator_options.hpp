#pragma once
// What an emulated Bot API serves and how: the address, the scenario (chats, messages, rate), the
// network model (latency, jitter, faults, flood limits) and the webhook delivery settings. Lives in
// the Beast-free core, because the Bot API methods (bot_api.cpp) read it as much as the server does.
#include <cstdint>
#include <string>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/emulator/fault_model.hpp"
#include "tgperf/emulator/webhook_queue.hpp"

namespace tgperf::emulator {

inline constexpr std::int64_t kFirstChatId = 10000001;

// The bot token of the demos that run against an embedded emulator (curl-timing --local, doctor
// --local): well formed, made up, accepted only by that emulator. Not a secret, yet never printed
// either, like any token.
inline constexpr const char* kDemoToken = "123456789:tgperf-local-demo-token-0000000000000";

struct EmulatorOptions {
  std::string host = "127.0.0.1";   // a literal address to bind (IPv4 or IPv6)
  std::uint16_t port = 0;           // 0: an ephemeral port (read it back with port())
  bool tls = false;                 // HTTPS; without cert/key files a self-signed certificate for
                                    // localhost/127.0.0.1/::1 is generated at start (OpenSSL)
  std::string cert_file, key_file;  // PEM files for TLS (both or neither)
  std::vector<std::string> tokens;  // empty: any well-formed token is a bot
  int chats = 1;                    // simulated users, one private chat each
  int messages = 0;                 // updates per bot in the scenario
  double rate_per_s = 0;            // 0: backlog (all at once); else open-loop arrivals per second
  Duration latency{};               // before every response
  Duration jitter{};                // latency varies uniformly within ± jitter
  double fail_rate = 0;             // 0..1: share of calls answered 502 or reset (half each);
                                    // shorthand for faults 502:p/2 + reset:p/2
  FaultOptions faults;              // injected faults and outages
  bool flood = false;               // enforce flood limits on sendMessage
  unsigned threads = 1;             // io threads
  std::size_t max_body_bytes = 1 << 20;  // larger request bodies get 413
  // A request's head must be whole within this long of its first bytes, or the connection is
  // closed unanswered, as Telegram's front end closes a half-sent request (nginx's
  // client_header_timeout; Telegram's own server allows 50 s from its last answer). A connection
  // that sends nothing between requests is kept longer: the idle timeout, 120 s.
  Duration header_timeout = std::chrono::seconds(20);
  // Webhook deliveries (after setWebhook; see webhook_client.hpp): the time a bot has to answer one
  // (Telegram: 60 s), the CA that verifies an https webhook (empty: the system's store), and the
  // retry backoff after a failed delivery (Telegram: 1 s doubling up to 60 s).
  Duration webhook_timeout = std::chrono::seconds(60);
  std::string webhook_cacert;
  WebhookBackoff webhook_backoff;
  // Bots as a live one may have left them, for diagnosing (tgperf doctor): every bot starts with
  // this webhook set (as if setWebhook had been called when the bot was first seen; empty: none),
  // and/or with its scenario's messages already pending (a backlog no getUpdates has fetched).
  // A bot is first seen at the emulator's start for each of `tokens`, else at its first call.
  std::string webhook_url;
  bool pending_at_start = false;
};

// Checks ranges; throws UsageError naming the option.
void validate(const EmulatorOptions& options);

// The faults the server injects: options.faults with fail_rate folded in (502 p/2, reset p/2).
FaultOptions effective_faults(const EmulatorOptions& options);

}  // namespace tgperf::emulator
