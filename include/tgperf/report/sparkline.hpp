#pragma once
// A sparkline: one character per value, its height the value's place between the smallest and the
// largest shown, as prettyping and gping draw the last round trips. Block elements on a UTF-8
// terminal, an ASCII ramp otherwise (LC_ALL=C, --no-color) so a plain console never shows mojibake.
#include <optional>
#include <span>
#include <string>

namespace tgperf::report {

// `values`: none for a probe without a round trip (lost, refused), drawn as 'x' (ASCII) or '×'.
// Equal values all draw as the lowest glyph.
std::string sparkline(std::span<const std::optional<double>> values, bool utf8);

}  // namespace tgperf::report
