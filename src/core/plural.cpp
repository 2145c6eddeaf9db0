#include "tgperf/core/plural.hpp"

namespace tgperf {

std::string plural_noun(std::int64_t count, std::string_view singular, std::string_view plural) {
  if (count == 1 || count == -1) return std::string(singular);
  return plural.empty() ? std::string(singular) + "s" : std::string(plural);
}

std::string counted(std::int64_t count, std::string_view singular, std::string_view plural) {
  return std::to_string(count) + " " + plural_noun(count, singular, plural);
}

}  // namespace tgperf
