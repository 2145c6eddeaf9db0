#pragma once
// The wiki's /transaction handler in its three shapes, over the AccountStore.
//
// All three do the same thing in the wiki's order: notify "Preparing...", read source, read target,
// compute, notify "Transferring money...", write source, write target, notify "Done!". They differ
// only in what may run concurrently, which is the whole lesson:
//  - transfer_as_written: the intern's code. Safe when one thread runs it (sync), a race when
//    several do (naive, ordered).
//  - transfer_split: the wiki's fix. Run by the dispatcher thread itself (a synchronous handler),
//    so the read-modify-write part is sequential; only log_and_notify goes to dispatcher.run_async.
//  - transfer_locked: the intern's code inside a transaction: both accounts locked (fixed order)
//    from the first read to the last write, so it may run on any number of workers.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

#include "tgperf/bench/account_locks.hpp"
#include "tgperf/bench/account_store.hpp"
#include "tgperf/bench/notification_log.hpp"
#include "tgperf/bench/transaction_stream.hpp"
#include "tgperf/bot/dispatcher.hpp"

namespace tgperf::botapi {
struct Update;
}

namespace tgperf::bench {

// One parsed /transaction: the wiki's parse_update result, plus where to notify.
struct Transfer {
  std::uint64_t id = 0;       // the update id: names the transaction in the commit log
  std::int64_t chat_id = 0;   // the sender's chat, where the notifications go
  std::size_t source = 0;     // the sender's account
  std::size_t target = 0;
  Money amount = 0;
};

// Reads a /transaction update; account i belongs to chat first_chat_id + i. None when the update
// is not a valid transfer between two different accounts of the bank.
std::optional<Transfer> parse_transfer(const botapi::Update& update, std::int64_t first_chat_id,
                                       std::size_t accounts);

// The wiki's log_and_notify: tells the customer how the transfer is going (a sendMessage, blocking
// until the Bot API answered).
using LogAndNotify = std::function<void(const Transfer&, NotificationStage)>;

void transfer_as_written(AccountStore& bank, const Transfer& transfer, const LogAndNotify& log_and_notify);

void transfer_split(bot::Dispatcher& dispatcher, AccountStore& bank, const Transfer& transfer,
                    const LogAndNotify& log_and_notify);

void transfer_locked(AccountStore& bank, AccountLocks& locks, const Transfer& transfer,
                     const LogAndNotify& log_and_notify);

}  // namespace tgperf::bench
