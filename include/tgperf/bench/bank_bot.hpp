#pragma once
// The bank bot of race-bench: long polling (Updater), a Dispatcher with one /transaction handler,
// and the handler shape and concurrency of one RaceVariant, on the same bot core as echo-bench.
//
//   sync     synchronous handler, transfer_as_written; no workers
//   naive    run_async handler on `workers` threads, transfer_as_written
//   split    synchronous handler, transfer_split; its notifications on `workers` threads
//   ordered  run_async handler with per-chat ordering, transfer_as_written
//   locked   run_async handler on `workers` threads, transfer_locked
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <string>

#include "tgperf/bench/account_store.hpp"
#include "tgperf/bench/notification_log.hpp"
#include "tgperf/bench/race_variant.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/duration.hpp"

namespace tgperf::bench {

struct BankBotOptions {
  explicit BankBotOptions(botapi::Token bot_token) : token(std::move(bot_token)) {}

  std::string api_url;              // the Bot API root
  botapi::Token token;
  RaceVariant variant = RaceVariant::sync;
  std::size_t workers = 1;          // worker threads (unused by sync)
  std::int64_t first_chat_id = 0;   // account i belongs to chat first_chat_id + i
  Duration request_timeout = std::chrono::seconds(10);
  std::chrono::seconds poll_timeout{1};
};

// Runs until `stop` fires; every handler and notification already taken on has finished when it
// returns. Each notification's outcome goes to `notifications`.
void run_bank_bot(const BankBotOptions& options, AccountStore& bank, NotificationLog& notifications,
                  std::stop_token stop);

}  // namespace tgperf::bench
