#pragma once
// How report's text renderers write numbers and colours, in one place so that every table and line
// prints a figure the same way (and a unity build of the module sees each helper once).
#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>

namespace tgperf::report {

// A figure with a fixed number of decimals, or "-" where there is none (a run that measured nothing).
inline std::string optional_fixed(const std::optional<double>& value, int decimals) {
  return value ? fmt::format("{:.{}f}", *value, decimals) : std::string("-");
}

// Milliseconds with three decimals, as ping prints them.
inline std::string ms3(double milliseconds) { return fmt::format("{:.3f}", milliseconds); }

// ANSI colours; callers use them only where stdout_color_enabled() allows.
namespace ansi {
inline constexpr const char* kGreen = "\x1b[32m";
inline constexpr const char* kYellow = "\x1b[33m";
inline constexpr const char* kRed = "\x1b[31m";
inline constexpr const char* kCyan = "\x1b[36m";
inline constexpr const char* kReset = "\x1b[0m";
}  // namespace ansi

}  // namespace tgperf::report
