#pragma once
// UTF-8 encoding of one code point, for the parsers that turn escapes into text: JSON's \uXXXX
// (request parameters) and HTML's &#NNN; entities (sendMessage's parse_mode).
#include <cstdint>
#include <string>

namespace tgperf::emulator {

// Appends `code` (at most 0x10FFFF; the callers check) to `out` as UTF-8.
void append_utf8(std::string& out, std::uint32_t code);

}  // namespace tgperf::emulator
