#pragma once
// The bytes Telegram's parsers skip as white space (tdlib's is_space): the usual four, plus NUL and
// vertical tab. Markup parsers and multipart headers use this set; HTTP header values their own.

namespace tgperf::emulator {

inline bool is_telegram_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0' || c == '\v';
}

}  // namespace tgperf::emulator
