#include "tgperf/bench/account_store.hpp"

#include <numeric>
#include <thread>

namespace tgperf::bench {

AccountStore::AccountStore(std::size_t accounts, Money opening_balance, Duration io_delay)
    : size_(accounts), io_delay_(io_delay), balances_(accounts, opening_balance) {}

void AccountStore::wait_for_io() const {
  if (io_delay_ > Duration::zero()) std::this_thread::sleep_for(io_delay_);
}

Account AccountStore::read(std::size_t id, std::uint64_t transaction) {
  wait_for_io();
  std::lock_guard lock(mutex_);
  const Account account{id, balances_.at(id)};
  log_.append({StoreOp::Kind::read, transaction, id, account.balance});
  return account;
}

void AccountStore::write(const Account& account, std::uint64_t transaction) {
  wait_for_io();
  std::lock_guard lock(mutex_);
  balances_.at(account.id) = account.balance;
  log_.append({StoreOp::Kind::write, transaction, account.id, account.balance});
}

std::vector<Money> AccountStore::balances() const {
  std::lock_guard lock(mutex_);
  return balances_;
}

Money AccountStore::total() const {
  std::lock_guard lock(mutex_);
  return std::accumulate(balances_.begin(), balances_.end(), Money{0});
}

}  // namespace tgperf::bench
