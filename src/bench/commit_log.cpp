#include "tgperf/bench/commit_log.hpp"

#include <map>
#include <unordered_set>
#include <utility>

namespace tgperf::bench {

void CommitLog::append(const StoreOp& op) {
  std::lock_guard lock(mutex_);
  ops_.push_back(op);
}

std::vector<StoreOp> CommitLog::snapshot() const {
  std::lock_guard lock(mutex_);
  return ops_;
}

std::size_t count_lost_updates(std::span<const StoreOp> log) {
  // An account's version counts its writes; a transaction remembers the version it last saw.
  std::map<std::size_t, std::size_t> version;
  std::map<std::pair<std::uint64_t, std::size_t>, std::size_t> seen;
  std::size_t lost = 0;
  for (const auto& op : log) {
    auto& current = version[op.account];
    const auto key = std::pair{op.transaction, op.account};
    if (op.kind == StoreOp::Kind::read) {
      seen[key] = current;
      continue;
    }
    const auto it = seen.find(key);
    const bool overwrote_unseen = it == seen.end() ? current > 0 : it->second != current;
    if (overwrote_unseen) ++lost;
    seen[key] = ++current;  // its own write is seen
  }
  return lost;
}

std::vector<std::uint64_t> committed_transactions(std::span<const StoreOp> log) {
  std::vector<std::uint64_t> out;
  std::unordered_set<std::uint64_t> known;
  for (const auto& op : log) {
    if (op.kind == StoreOp::Kind::write && known.insert(op.transaction).second) out.push_back(op.transaction);
  }
  return out;
}

}  // namespace tgperf::bench
