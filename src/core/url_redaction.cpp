#include "tgperf/core/url_redaction.hpp"

namespace tgperf {
namespace {

bool is_scheme_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' ||
         c == '-' || c == '.';
}

// Where a URL's authority ends: at the path, query or fragment, or at whatever cannot be part of a
// URL in running text (whitespace, quotes, brackets of a message such as "'http://...'").
bool ends_authority(char c) {
  return c == '/' || c == '?' || c == '#' || c == '\'' || c == '"' || c == '<' || c == '>' ||
         c == '`' || static_cast<unsigned char>(c) <= ' ';
}

}  // namespace

std::string redact_url_userinfo(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t copied = 0;  // text[0, copied) is in `out` already
  std::size_t next = 0;  // where to look for the next "://"
  for (std::size_t sep = text.find("://"); sep != std::string_view::npos; sep = text.find("://", next)) {
    const std::size_t authority = sep + 3;
    next = authority;
    // A scheme must precede "://" (`http`, `socks5h`); "x ://" is no URL.
    if (sep == 0 || !is_scheme_char(text[sep - 1])) continue;
    std::size_t end = authority;
    while (end < text.size() && !ends_authority(text[end])) ++end;
    // The last '@' ends the userinfo: a password may itself contain an unescaped '@'.
    const std::size_t at = text.substr(authority, end - authority).rfind('@');
    if (at == std::string_view::npos) continue;
    const std::string_view userinfo = text.substr(authority, at);
    const std::size_t colon = userinfo.find(':');
    out.append(text.substr(copied, authority - copied));
    if (colon == std::string_view::npos || colon == 0) {
      out.append("***");
    } else {
      out.append(userinfo.substr(0, colon));
      out.append(":***");
    }
    copied = authority + at;  // from the '@' on
    next = copied;
  }
  out.append(text.substr(copied));
  return out;
}

}  // namespace tgperf
