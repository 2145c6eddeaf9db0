#pragma once
// A duration given to a named flag, with that flag's sane range. parse_duration knows the syntax;
// this knows what a value means for one flag:
//  - a ceiling (`max`) above which the value is a typo, refused with exit 2;
//  - a plausible bound (`warn_above`) above which it is accepted with a warning on stderr (an
//    emulated latency of 1 h is legal for a stopping test, never a real network);
//  - whether a bare number is allowed: `--latency 20` reads as 20 s while the user likely meant
//    20 ms, so flags whose values are usually milliseconds demand a unit for anything but 0.
#include <optional>
#include <string_view>

#include "tgperf/core/duration.hpp"

namespace tgperf {

struct DurationFlag {
  std::string_view name;                  // "--latency", named in every message
  Duration max;                           // refused above this
  std::optional<Duration> warn_above;     // warned about above this
  bool positive = false;                  // zero refused too
  bool bare_number_is_seconds = true;     // false: a non-zero value needs a unit
};

// Parses `text` for `flag`. Throws UsageError (one line, naming the flag) for bad syntax, a value
// out of range, or a bare number where a unit is required; prints the warning line on stderr.
Duration parse_duration_flag(std::string_view text, const DurationFlag& flag);

// The warning parse_duration_flag prints, or nothing; separate so it can be tested without stderr.
std::optional<std::string> duration_flag_warning(Duration value, const DurationFlag& flag);

}  // namespace tgperf
