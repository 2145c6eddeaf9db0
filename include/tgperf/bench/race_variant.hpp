#pragma once
// The five ways race-bench runs the wiki's bank handler (python-telegram-bot wiki, "Performance
// Optimizations": the bank example), from the fully sequential bot to the database-style fix.
#include <string_view>
#include <vector>

namespace tgperf::bench {

enum class RaceVariant {
  sync,     // the whole handler in the dispatcher thread, one update after another
  naive,    // the whole handler run_async on N workers (the intern's version)
  split,    // the wiki's fix: read-modify-write in the dispatcher thread, only log_and_notify async
  ordered,  // the whole handler run_async, one chat's updates in order (accounts are shared across chats)
  locked,   // the whole handler run_async, per-account locks in a fixed order around read..write
};

inline constexpr RaceVariant kAllRaceVariants[] = {RaceVariant::sync, RaceVariant::naive, RaceVariant::split,
                                                   RaceVariant::ordered, RaceVariant::locked};

std::string_view to_string(RaceVariant variant);
// "sync", "naive", "split", "ordered" or "locked"; UsageError naming --variants otherwise.
RaceVariant parse_race_variant(std::string_view text);

// True for the variants built to conserve money (sync, split, locked): a drift there is a bug.
bool safe_by_design(RaceVariant variant);

}  // namespace tgperf::bench
