#pragma once
// "1 update", "2 updates", "1 reply", "0 replies": every count printed with its noun goes through
// here, so no report says "1 probes".
#include <cstdint>
#include <string>
#include <string_view>

namespace tgperf {

// `singular` for exactly one, else `plural` (by default `singular` + "s").
std::string plural_noun(std::int64_t count, std::string_view singular, std::string_view plural = {});

// The count and its noun: counted(1, "probe") == "1 probe", counted(3, "reply", "replies") == "3 replies".
std::string counted(std::int64_t count, std::string_view singular, std::string_view plural = {});

}  // namespace tgperf
