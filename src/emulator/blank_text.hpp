#pragma once
// Whether a message text is blank to Telegram: empty once tdlib has cleaned and trimmed it.
//
// tdlib (td/telegram/MessageEntity.cpp, fix_formatted_text; td/telegram/misc.cpp) turns control
// characters into spaces and drops '\r', U+2028-U+202E and three combining marks
// (clean_input_string), trims spaces and newlines, and then counts as empty a text of nothing
// but Unicode spaces (U+00A0, U+2000-U+200A, U+3000, ...), zero-width characters (U+200B-U+200F,
// U+FEFF), U+2800, U+FFFC and tag characters (is_empty_string). Such a text is refused with
// "Text must be non-empty", which the Bot API answers as "Bad Request: text must be non-empty".
#include <string_view>

namespace tgperf::emulator {

bool is_blank_message_text(std::string_view utf8);

}  // namespace tgperf::emulator
