#pragma once
// The length of UTF-8 text in code points, as a user counts characters: every byte but the
// continuation bytes (10xxxxxx). For Telegram's message limits and for the cells a progress line
// takes on a terminal (ASCII and single-width glyphs).
#include <algorithm>
#include <cstddef>
#include <string_view>

namespace tgperf {

inline std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

}  // namespace tgperf
