#pragma once
// The bank's customers and what they send: a replayable stream of `/transaction <amount> <recipient>`
// commands between a small set of accounts, in both directions at once (A->B right next to B->A,
// from the two customers' own chats: the wiki's two morally corrupt customers).
//
// Account i belongs to the customer of chat i, so the source of a transfer is the chat it came from
// (the wiki's parse_update) and the recipient is named in the command.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tgperf::bench {

using Money = std::int64_t;  // whole dollars

struct Transaction {
  std::size_t source = 0;  // account (and chat index) of the sender
  std::size_t target = 0;  // account of the recipient, never the source
  Money amount = 0;        // 1..kMaxTransferAmount
};

inline constexpr Money kMaxTransferAmount = 100;

// `count` transactions over `accounts` (at least 2) accounts, the same for the same seed on every
// machine (a hand-rolled draw, not std::uniform_int_distribution, whose output is library-defined).
// They come in pairs: a random A->B, then B->A with its own amount.
std::vector<Transaction> generate_transactions(std::uint64_t seed, std::size_t accounts, std::size_t count);

// "/transaction 10 2": what the customer of chat `source` types.
std::string transaction_command(const Transaction& transaction);

// The amount and recipient of a "/transaction <amount> <recipient>" text (anything after them, such
// as the emulator's marker, is ignored); none when malformed, non-positive or out of range.
struct TransferRequest {
  Money amount = 0;
  std::size_t recipient = 0;
};
std::optional<TransferRequest> parse_transaction_command(std::string_view text, std::size_t accounts);

// The balances after applying `transactions` one after another to `opening` (what any serial
// execution gives: transfers without an overdraft check commute).
std::vector<Money> serial_balances(std::span<const Money> opening, std::span<const Transaction> transactions);

}  // namespace tgperf::bench
