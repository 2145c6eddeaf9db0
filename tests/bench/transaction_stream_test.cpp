// The replayable transaction stream and the /transaction command the customers type.
#include <catch2/catch.hpp>

#include <numeric>
#include <vector>

#include "tgperf/bench/transaction_stream.hpp"

using namespace tgperf::bench;

TEST_CASE("the same seed gives the same stream, another seed another") {
  const auto a = generate_transactions(42, 5, 200);
  const auto b = generate_transactions(42, 5, 200);
  const auto c = generate_transactions(43, 5, 200);
  REQUIRE(a.size() == 200);
  bool same = true, differs = false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    same = same && a[i].source == b[i].source && a[i].target == b[i].target && a[i].amount == b[i].amount;
    differs = differs || a[i].source != c[i].source || a[i].target != c[i].target || a[i].amount != c[i].amount;
  }
  CHECK(same);
  CHECK(differs);
}

TEST_CASE("transfers come in opposite pairs between two different accounts, with sane amounts") {
  const std::size_t accounts = 3;
  const auto stream = generate_transactions(7, accounts, 101);  // odd: the last one has no partner
  REQUIRE(stream.size() == 101);
  std::vector<std::size_t> used(accounts, 0);
  for (std::size_t i = 0; i < stream.size(); ++i) {
    const auto& t = stream[i];
    CHECK(t.source != t.target);
    CHECK(t.source < accounts);
    CHECK(t.target < accounts);
    CHECK(t.amount >= 1);
    CHECK(t.amount <= kMaxTransferAmount);
    ++used[t.source];
    if (i % 2 == 1) {
      CHECK(t.source == stream[i - 1].target);
      CHECK(t.target == stream[i - 1].source);
    }
  }
  for (auto n : used) CHECK(n > 0);  // every customer sends something
}

TEST_CASE("a /transaction command round-trips, malformed ones are refused") {
  const Transaction t{2, 1, 35};
  CHECK(transaction_command(t) == "/transaction 35 1");
  const auto parsed = parse_transaction_command(transaction_command(t) + " tgperf#17", 3);
  REQUIRE(parsed);
  CHECK(parsed->amount == 35);
  CHECK(parsed->recipient == 1);
  CHECK_FALSE(parse_transaction_command("/transaction 35 3", 3));   // no such account
  CHECK_FALSE(parse_transaction_command("/transaction -5 1", 3));   // money flows one way
  CHECK_FALSE(parse_transaction_command("/transaction 0 1", 3));
  CHECK_FALSE(parse_transaction_command("/transaction ten 1", 3));
  CHECK_FALSE(parse_transaction_command("/transaction 10", 3));
  CHECK_FALSE(parse_transaction_command("/start 10 1", 3));
}

TEST_CASE("the serial result moves the money and keeps the total") {
  const std::vector<Money> opening{100, 100, 100};
  const std::vector<Transaction> stream{{0, 1, 10}, {1, 0, 100}, {2, 0, 5}};
  const auto balances = serial_balances(opening, stream);
  CHECK(balances == std::vector<Money>{195, 10, 95});
  CHECK(std::accumulate(balances.begin(), balances.end(), Money{0}) == 300);
}
