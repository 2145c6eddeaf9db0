#include "tgperf/bench/transaction_stream.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <random>

namespace tgperf::bench {

namespace {

// A draw in [0, n) from the 64-bit Mersenne Twister, whose sequence the standard fixes. The modulo
// bias is below 2^-50 for the small n used here.
std::uint64_t draw(std::mt19937_64& rng, std::uint64_t n) { return rng() % n; }

std::string_view next_word(std::string_view& text) {
  const auto begin = text.find_first_not_of(' ');
  if (begin == std::string_view::npos) {
    text = {};
    return {};
  }
  text.remove_prefix(begin);
  const auto end = std::min(text.find(' '), text.size());
  const auto word = text.substr(0, end);
  text.remove_prefix(end);
  return word;
}

template <class T>
std::optional<T> parse_number(std::string_view word) {
  T value{};
  const auto [end, ec] = std::from_chars(word.data(), word.data() + word.size(), value);
  if (ec != std::errc{} || end != word.data() + word.size()) return std::nullopt;
  return value;
}

}  // namespace

std::vector<Transaction> generate_transactions(std::uint64_t seed, std::size_t accounts, std::size_t count) {
  std::mt19937_64 rng(seed);
  std::vector<Transaction> out;
  out.reserve(count);
  while (out.size() < count) {
    const auto a = static_cast<std::size_t>(draw(rng, accounts));
    auto b = static_cast<std::size_t>(draw(rng, accounts - 1));
    if (b >= a) ++b;  // any account but a
    out.push_back({a, b, static_cast<Money>(1 + draw(rng, kMaxTransferAmount))});
    if (out.size() < count) out.push_back({b, a, static_cast<Money>(1 + draw(rng, kMaxTransferAmount))});
  }
  return out;
}

std::string transaction_command(const Transaction& transaction) {
  return fmt::format("/transaction {} {}", transaction.amount, transaction.target);
}

std::optional<TransferRequest> parse_transaction_command(std::string_view text, std::size_t accounts) {
  const auto command = next_word(text);
  if (command != "/transaction") return std::nullopt;
  const auto amount = parse_number<Money>(next_word(text));
  const auto recipient = parse_number<std::size_t>(next_word(text));
  if (!amount || *amount <= 0 || !recipient || *recipient >= accounts) return std::nullopt;
  return TransferRequest{*amount, *recipient};
}

std::vector<Money> serial_balances(std::span<const Money> opening, std::span<const Transaction> transactions) {
  std::vector<Money> balances(opening.begin(), opening.end());
  for (const auto& t : transactions) {
    balances.at(t.source) -= t.amount;
    balances.at(t.target) += t.amount;
  }
  return balances;
}

}  // namespace tgperf::bench
