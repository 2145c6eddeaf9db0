#pragma once
// Byte-wise ASCII helpers for protocol text (HTTP headers, URL parts, Bot API parameter names),
// where the C locale's rules are the protocol's: no locale may change what "lower case" means.
#include <string>
#include <string_view>

namespace tgperf {

// `text` with A-Z made a-z; every other byte (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view text);

// The value of one hexadecimal digit (0-9, a-f, A-F), or -1 for any other byte.
int hex_digit_value(char c);

// A-Z, a-z or 0-9, whatever the locale.
bool is_ascii_alnum(char c);

}  // namespace tgperf
