#pragma once
// An emulated Telegram Bot API server, in process: a real HTTP/1.1 (or HTTPS) server on Boost.Beast
// that any bot can be pointed at, with simulated users, a network model, and a ledger of replies.
//
// Threads: the constructor binds and starts `threads` io threads; every call below is thread-safe.
// Simulated latency is an Asio timer per response, never a sleeping thread, so thousands of delayed
// requests can be in flight on one thread.
//
// Bots and their update streams. A bot is a token: with `tokens` empty every well-formed token is a
// bot (unknown-but-well-formed tokens are accepted); otherwise only the listed ones (others get 401).
// Each bot has its own update stream, chats, webhook state and its own copy of the scenario.
//
// The scenario clock. A bot's scenario starts at that bot's FIRST getUpdates call (so process start,
// getMe and deleteWebhook are not counted). With `rate_per_s == 0` (backlog) all `messages` updates
// become available at that moment; otherwise update i becomes available at start + i / rate
// (open-loop arrivals that do not wait for the bot). Update i is a private text message from user
// (i mod chats) in that user's chat; its text carries a unique marker `tgperf#<n>` so a reply is
// matched to it (see ledger.hpp). Chat ids are kFirstChatId, kFirstChatId+1, ...
//
// The ledger aggregates every bot's updates. wait_until_answered() is true once at least one update
// was scheduled and every scheduled one (including rate arrivals still to come) is answered.
//
// The network model: before every response the server waits latency ± jitter (uniform, floored at
// zero). With fail_rate p, that share of calls (drawn per request) is not executed and fails: half
// as HTTP 502 with an error envelope, half as a dropped connection. With `flood`, sendMessage is
// limited to about 30 per second per bot and 1 per second per chat (bursts of 3 tolerated); excess
// calls get 429 "Too Many Requests: retry after N" with parameters.retry_after and Retry-After,
// counted in the ledger's `flood` by the limit that refused, with the calls that came back before
// the retry_after they were told (flood_limiter.hpp).
// Injected faults (5xx, reset, drop mid-response, stall, 429 on any method, outages) are drawn per
// request by `faults` (fault_model.hpp) and counted in the ledger's `faults`.
//
// Webhooks. After setWebhook the bot's updates are POSTed to its URL instead (webhook_client.hpp,
// webhook_queue.hpp): at most max_connections at once, in order within a chat, retried with a
// doubling backoff; the scenario clock then starts at setWebhook. Each delivery waits latency ±
// jitter before it is sent, and a fault drawn for it loses the webhook's answer (a re-delivery).
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "tgperf/core/duration.hpp"
#include "tgperf/emulator/emulator_options.hpp"
#include "tgperf/emulator/ledger.hpp"

namespace tgperf::emulator {

// The certificate or key file given for TLS cannot be loaded (not PEM, wrong key, unreadable).
class CertificateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Emulator {
 public:
  // Binds and starts serving on its own threads. Throws CertificateError when cert_file/key_file
  // cannot be loaded, std::runtime_error when it cannot bind or generate a certificate, UsageError
  // for invalid options.
  explicit Emulator(EmulatorOptions options);
  ~Emulator();  // stops and joins
  Emulator(const Emulator&) = delete;
  Emulator& operator=(const Emulator&) = delete;

  std::string base_url() const;          // "http://127.0.0.1:PORT" ("[::1]" for IPv6), or https
  std::uint16_t port() const;
  std::string certificate_file() const;  // PEM of the server certificate, for clients' CA (TLS only)
  const EmulatorOptions& options() const;

  // A snapshot. After stop(), time stands still at the stop: `seconds` of an unfinished run ends there.
  LedgerReport ledger() const;
  // Every scheduled update answered (true), or the timeout passed (false).
  bool wait_until_answered(Duration timeout) const;

  // Offers one more text message to `token`'s bot in chat `chat_index` (0-based, < chats) right
  // now, waking a waiting getUpdates; counted by the ledger like scenario updates. The text gets
  // the ledger's marker appended. Returns its update_id. Throws UsageError for a malformed token.
  std::int64_t inject_message(const std::string& token, int chat_index, const std::string& text);

  // Takes the server away (false: the listening socket closes, so connects are refused, and every
  // open connection is cut) or brings it back on the same port (true). Counted as an outage.
  // Scheduled windows (options.faults.outages) call this on their own. Asynchronous: it takes
  // effect on the io threads right after the call.
  void set_available(bool available);
  // The seed the faults are drawn with (options.faults.seed, or the one drawn at start).
  std::uint64_t fault_seed() const;

  // HTTP requests read so far (every request, including errors), for tests and benchmarks.
  std::uint64_t requests_served() const;
  // Requests currently held (read, response not yet written), e.g. waiting out the latency.
  std::uint64_t requests_in_flight() const;
  // Connections currently open.
  std::uint64_t connections_open() const;

  // Stops accepting, ends pending polls (empty result), lets requests already held be answered
  // (up to latency + jitter + 2 s), then stops serving; idempotent. ledger() still works afterwards.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::emulator
