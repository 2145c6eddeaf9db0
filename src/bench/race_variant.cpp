#include "tgperf/bench/race_variant.hpp"

#include <string>

#include "tgperf/core/usage_error.hpp"

namespace tgperf::bench {

std::string_view to_string(RaceVariant variant) {
  switch (variant) {
    case RaceVariant::sync: return "sync";
    case RaceVariant::naive: return "naive";
    case RaceVariant::split: return "split";
    case RaceVariant::ordered: return "ordered";
    case RaceVariant::locked: return "locked";
  }
  return "?";
}

RaceVariant parse_race_variant(std::string_view text) {
  for (auto variant : kAllRaceVariants) {
    if (text == to_string(variant)) return variant;
  }
  throw UsageError("--variants: unknown variant '" + std::string(text) +
                   "' (sync, naive, split, ordered, locked)");
}

bool safe_by_design(RaceVariant variant) {
  return variant == RaceVariant::sync || variant == RaceVariant::split || variant == RaceVariant::locked;
}

}  // namespace tgperf::bench
