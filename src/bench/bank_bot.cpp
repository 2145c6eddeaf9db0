#include "tgperf/bench/bank_bot.hpp"

#include <algorithm>
#include <memory>
#include <optional>

#include "tgperf/bench/account_locks.hpp"
#include "tgperf/bench/bank_handler.hpp"
#include "tgperf/bot/client_update_source.hpp"
#include "tgperf/bot/dispatcher.hpp"
#include "tgperf/bot/lease_pool.hpp"
#include "tgperf/bot/updater.hpp"
#include "tgperf/bot/worker_pool.hpp"
#include "tgperf/botapi/client.hpp"

namespace tgperf::bench {

void run_bank_bot(const BankBotOptions& options, AccountStore& bank, NotificationLog& notifications,
                  std::stop_token stop) {
  const botapi::Endpoint endpoint(options.api_url, options.token);
  botapi::ClientOptions client_options;
  client_options.transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.request_timeout);
  // One keep-alive client per thread sending at a time.
  bot::LeasePool<botapi::Client> clients(
      [&endpoint, &client_options] { return std::make_unique<botapi::Client>(endpoint, client_options); });

  // The wiki's log_and_notify. A notification the API refused or that timed out is not retried:
  // race-bench runs without injected faults, so a failure is worth seeing, not hiding.
  // A stopping bot (the run was cut off) abandons its pending sends within about a second.
  const LogAndNotify log_and_notify = [&clients, &notifications, stop](const Transfer& transfer,
                                                                       NotificationStage stage) {
    bool ok = false;
    try {
      auto client = clients.acquire();
      client->send_message(transfer.chat_id, std::string(notification_text(stage)), stop);
      ok = true;
    } catch (...) {
      ok = false;
    }
    notifications.record(transfer.chat_id, transfer.id, stage, ok);
  };

  const RaceVariant variant = options.variant;
  AccountLocks locks(bank.size());
  std::optional<bot::WorkerPool> pool;
  if (variant != RaceVariant::sync) pool.emplace(std::max<std::size_t>(options.workers, 1));
  bot::Dispatcher dispatcher(pool ? &*pool : nullptr, variant == RaceVariant::ordered);
  // Queued handlers and notifications use everything above: they finish before any of it goes,
  // also when polling ends with an exception.
  struct FinishQueuedWork {
    std::optional<bot::WorkerPool>& pool;
    ~FinishQueuedWork() {
      if (pool) pool->shutdown();
    }
  } finish_queued_work{pool};

  bot::HandlerOptions handler_options;
  handler_options.run_async = variant == RaceVariant::naive || variant == RaceVariant::ordered ||
                              variant == RaceVariant::locked;
  dispatcher.add_handler(bot::filters::command("transaction"), [&](const botapi::Update& update) {
    // A run stops only after its last "Done!", unless cut off (Ctrl-C, deadline): then the
    // transfers still queued are skipped, so the bot ends promptly.
    if (stop.stop_requested()) return;
    const auto transfer = parse_transfer(update, options.first_chat_id, bank.size());
    if (!transfer) return;
    switch (variant) {
      case RaceVariant::sync:
      case RaceVariant::naive:
      case RaceVariant::ordered: transfer_as_written(bank, *transfer, log_and_notify); break;
      case RaceVariant::split: transfer_split(dispatcher, bank, *transfer, log_and_notify); break;
      case RaceVariant::locked: transfer_locked(bank, locks, *transfer, log_and_notify); break;
    }
  }, handler_options);

  botapi::Client poller(endpoint, client_options);
  bot::ClientUpdateSource source(poller);
  bot::UpdaterOptions polling;
  polling.poll_timeout = options.poll_timeout;
  // Every run has its own emulator, gone after the run: nobody polls after us, nothing to confirm.
  polling.confirm_on_stop = false;
  bot::Updater updater(source, [&dispatcher](const botapi::Update& u) { dispatcher.process(u); }, polling);
  updater.run(stop);
}

}  // namespace tgperf::bench
