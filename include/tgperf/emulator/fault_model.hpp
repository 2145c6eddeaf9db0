#pragma once
// Injected faults: what the emulator's network does wrong on purpose, so a bot (or curl-timing)
// can be watched keeping its head on a bad day.
//
// Per request, one fault at most is drawn from the rules with a seedable RNG (the same seed and the
// same request order give the same faults). Kinds, and whether the server executed the call:
//   5xx     HTTP 500/502/503/504 (or one chosen code) with an error envelope   not executed
//   reset   the connection closes before any byte of the answer               not executed
//   drop    status line, headers and part of the body, then the connection    EXECUTED
//           closes (mid-response)
//   stall   the answer is held `stall_for` (past the client's timeout), then   EXECUTED
//           sent to whoever still listens
//   429     Too Many Requests with parameters.retry_after and Retry-After      not executed
// A client that retries after drop or stall sends a call the server already carried out: for
// sendMessage the chat sees the reply twice. Those are the duplicates a fault run explains.
//
// Outages: for each window the server disappears `length` after `start` (counted from the
// emulator's start): the listening socket is closed (connects are refused) and every open
// connection is cut; then it listens again on the same port.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "tgperf/core/duration.hpp"

namespace tgperf::emulator {

enum class FaultKind { server_error, reset, drop, stall, rate_limit };

// "5xx", "reset", "drop", "stall", "429".
std::string_view to_string(FaultKind kind);

struct FaultRule {
  FaultKind kind = FaultKind::server_error;
  double rate = 0;      // share of requests, 0..1
  unsigned status = 0;  // server_error only: 500..599, or 0 for a mix of 500, 502, 503 and 504
};

struct OutageWindow {
  Duration start{};   // after the emulator started
  Duration length{};  // how long the server stays away
};

struct FaultOptions {
  std::vector<FaultRule> rules;                     // rates add up to at most 1
  Duration stall_for = std::chrono::seconds(30);    // how long a stalled answer is held
  int retry_after_s = 1;                            // an injected 429's retry_after, seconds
  std::vector<OutageWindow> outages;
  std::optional<std::uint64_t> seed;                // none: drawn at start (and reported)

  bool any() const { return !rules.empty() || !outages.empty(); }
};

// The rate of a rule given without one ("drop" = "drop:0.1").
inline constexpr double kDefaultFaultRate = 0.1;

// "KIND[:RATE]" with KIND one of 5xx, 500..599, reset, drop, stall, 429 and RATE a share in (0, 1]
// or a percentage ("5%"). Throws UsageError naming the text.
FaultRule parse_fault_rule(std::string_view text);
// "LENGTH@START", e.g. "2s@3s": down for 2 s starting 3 s after the start. Throws UsageError.
OutageWindow parse_outage(std::string_view text);

// "drop 5%", "503 10%", "5xx 10%"; and the whole set in one line ("none" without faults).
std::string describe(const FaultRule& rule);
std::string describe(const FaultOptions& options);

// Rates in (0, 1] adding up to at most 1, server_error codes 500..599, stall_for > 0,
// retry_after 0..3600, outages with a positive length. Throws UsageError naming the flag.
void validate(const FaultOptions& options);

// A fresh seed from the system's entropy (for runs without --seed; report it so they can be replayed).
std::uint64_t random_fault_seed();

// How many faults were injected, by kind (a snapshot; see Ledger).
struct FaultCounts {
  std::size_t server_errors = 0;  // 5xx answers
  std::size_t resets = 0;         // connections closed before the answer
  std::size_t drops = 0;          // connections closed mid-response
  std::size_t stalls = 0;         // answers held past stall_for
  std::size_t rate_limited = 0;   // injected 429s (not the --flood limiter's)
  std::size_t outages = 0;        // outage windows begun
  std::size_t outage_cuts = 0;    // open connections cut by an outage
  // sendMessage calls the emulator carried out whose answer the bot may never have seen (dropped,
  // stalled, cut by an outage): each can come back as a retry, i.e. a duplicate reply. An upper
  // bound on the duplicates that faults explain.
  std::size_t unacknowledged_replies = 0;

  std::size_t injected() const { return server_errors + resets + drops + stalls + rate_limited + outage_cuts; }
  bool any() const { return injected() > 0 || outages > 0; }
};

// Draws the fault of each request. Thread-safe.
class FaultModel {
 public:
  explicit FaultModel(FaultOptions options);

  struct Draw {
    std::optional<FaultKind> kind;  // none: the request goes through untouched
    unsigned status = 0;            // the HTTP status of a server_error
  };
  Draw draw();
  // A seed for another RNG (the latency jitter of one connection), derived from this one's.
  std::uint32_t derive_seed();

  std::uint64_t seed() const { return seed_; }
  const FaultOptions& options() const { return options_; }

 private:
  FaultOptions options_;
  std::uint64_t seed_;
  std::mutex mutex_;  // guards rng_
  std::mt19937_64 rng_;
  std::atomic<std::uint64_t> derived_{0};
};

}  // namespace tgperf::emulator
