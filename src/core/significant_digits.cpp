#include "tgperf/core/significant_digits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tgperf {

std::string with_significant_digits(double value, int digits) {
  if (value == 0) return "0";
  if (!std::isfinite(value)) return fmt::format("{}", value);
  const int magnitude = static_cast<int>(std::floor(std::log10(std::fabs(value))));
  // Decimals so that `digits` digits show, none for large numbers, and at most 12 for tiny ones.
  const int decimals = std::clamp(digits - 1 - magnitude, 0, 12);
  std::string out = fmt::format("{:.{}f}", value, decimals);
  // Rounding may add a digit (9.996 -> "10.00"): drop the decimal that became one too many.
  if (decimals > 0 && std::fabs(std::stod(out)) >= std::pow(10.0, magnitude + 1)) out.pop_back();
  if (out.ends_with('.')) out.pop_back();
  return out;
}

}  // namespace tgperf
