#include "blank_text.hpp"

#include <cstdint>
#include <optional>
#include <utility>

namespace tgperf::emulator {
namespace {

// The code point starting at text[i] and its length in bytes, or nullopt where the bytes are not
// UTF-8 (Telegram refuses such a text for other reasons; it is not blank).
std::optional<std::pair<char32_t, std::size_t>> decode_at(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return std::pair<char32_t, std::size_t>{lead, 1};
  std::size_t length = 0;
  char32_t code = 0;
  if ((lead & 0xE0) == 0xC0) {
    length = 2;
    code = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3;
    code = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4;
    code = lead & 0x07;
  } else {
    return std::nullopt;
  }
  if (i + length > text.size()) return std::nullopt;
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0) != 0x80) return std::nullopt;
    code = (code << 6) | (next & 0x3F);
  }
  return std::pair<char32_t, std::size_t>{code, length};
}

// What tdlib removes, turns into a space, trims or counts as empty: a character that shows nothing.
bool shows_nothing(char32_t c) {
  if (c <= 0x20) return true;  // control characters become spaces ('\r' is dropped), then trimmed
  if (c >= 0x2000 && c <= 0x200F) return true;    // spaces up to U+200A, then zero-width ones
  if (c >= 0x2028 && c <= 0x202F) return true;    // separators and bidi marks (removed), U+202F
  if (c >= 0xE0000 && c <= 0xE007F) return true;  // tag characters
  switch (c) {
    case 0x00A0:  // no-break space
    case 0x030A:  // the combining marks clean_input_string removes
    case 0x0333:
    case 0x033F:
    case 0x1680:
    case 0x180E:
    case 0x205F:
    case 0x2800:  // braille blank
    case 0x3000:
    case 0xFEFF:  // zero-width no-break space (byte order mark)
    case 0xFFFC:  // object replacement character
      return true;
    default:
      return false;
  }
}

}  // namespace

bool is_blank_message_text(std::string_view utf8) {
  for (std::size_t i = 0; i < utf8.size();) {
    const auto decoded = decode_at(utf8, i);
    if (!decoded || !shows_nothing(decoded->first)) return false;
    i += decoded->second;
  }
  return true;
}

}  // namespace tgperf::emulator
