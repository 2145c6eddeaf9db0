#pragma once
// Rates and ratios printed with a fixed number of significant digits rather than fixed decimals:
// 5 replies in 600 s is "0.00833 replies/s", not "0.0"; 12345.6 is "12346", not "1.23e+04".
#include <string>

namespace tgperf {

// `value` rounded to `digits` significant digits (at least), in plain notation: whole numbers at or
// above 10^(digits-1) keep all their integer digits. 0 is "0"; NaN and infinities print as fmt does.
std::string with_significant_digits(double value, int digits = 3);

}  // namespace tgperf
