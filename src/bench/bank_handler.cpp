#include "tgperf/bench/bank_handler.hpp"

#include "tgperf/bot/update_fields.hpp"
#include "tgperf/botapi/types.hpp"

namespace tgperf::bench {

std::optional<Transfer> parse_transfer(const botapi::Update& update, std::int64_t first_chat_id,
                                       std::size_t accounts) {
  const auto chat = bot::chat_id_of(update);
  if (!chat || *chat < first_chat_id || *chat - first_chat_id >= static_cast<std::int64_t>(accounts)) {
    return std::nullopt;
  }
  const auto request = parse_transaction_command(bot::text_of(update), accounts);
  const auto source = static_cast<std::size_t>(*chat - first_chat_id);
  if (!request || request->recipient == source) return std::nullopt;
  return Transfer{static_cast<std::uint64_t>(bot::update_id_of(update)), *chat, source, request->recipient,
                  request->amount};
}

// The intern's handler, line for line.
void transfer_as_written(AccountStore& bank, const Transfer& transfer, const LogAndNotify& log_and_notify) {
  log_and_notify(transfer, NotificationStage::preparing);
  Account source = bank.read(transfer.source, transfer.id);
  Account target = bank.read(transfer.target, transfer.id);
  source.balance -= transfer.amount;
  target.balance += transfer.amount;
  log_and_notify(transfer, NotificationStage::transferring);
  bank.write(source, transfer.id);  // another worker may have written source since we read it
  bank.write(target, transfer.id);
  log_and_notify(transfer, NotificationStage::done);
}

// The wiki's fix (README: "race-bench"): the lines that read or write shared state run here, in the
// dispatcher thread, one update after another; the notifications run on the workers. The futures
// run_async returns (the wiki's Promise) are not waited for: nothing below depends on them.
void transfer_split(bot::Dispatcher& dispatcher, AccountStore& bank, const Transfer& transfer,
                    const LogAndNotify& log_and_notify) {
  dispatcher.run_async(log_and_notify, transfer, NotificationStage::preparing);
  Account source = bank.read(transfer.source, transfer.id);
  Account target = bank.read(transfer.target, transfer.id);
  source.balance -= transfer.amount;
  target.balance += transfer.amount;
  dispatcher.run_async(log_and_notify, transfer, NotificationStage::transferring);
  bank.write(source, transfer.id);
  bank.write(target, transfer.id);
  dispatcher.run_async(log_and_notify, transfer, NotificationStage::done);
}

// The intern's handler inside a transaction: nobody else touches these two accounts between our
// reads and our writes, so no write can overwrite one we did not see.
void transfer_locked(AccountStore& bank, AccountLocks& locks, const Transfer& transfer,
                     const LogAndNotify& log_and_notify) {
  log_and_notify(transfer, NotificationStage::preparing);
  {
    const auto transaction = locks.lock_pair(transfer.source, transfer.target);
    Account source = bank.read(transfer.source, transfer.id);
    Account target = bank.read(transfer.target, transfer.id);
    source.balance -= transfer.amount;
    target.balance += transfer.amount;
    log_and_notify(transfer, NotificationStage::transferring);
    bank.write(source, transfer.id);
    bank.write(target, transfer.id);
  }
  log_and_notify(transfer, NotificationStage::done);
}

}  // namespace tgperf::bench
