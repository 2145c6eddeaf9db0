// parse_mode=Markdown (legacy): *bold* _italic_ `code` ```language pre``` [text](url). No nesting;
// '\' escapes only _ * ` and [.
#include <string>
#include <vector>

#include "tgperf/emulator/text_entities.hpp"
#include "telegram_space.hpp"

namespace tgperf::emulator {

EntityParseResult parse_markdown(std::string_view in) {
  auto at = [&](std::size_t i) { return i < in.size() ? in[i] : '\0'; };
  std::string out;
  std::vector<TextEntity> entities;
  std::int32_t utf16 = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    const auto c = static_cast<unsigned char>(in[i]);
    if (c == '\\' && (at(i + 1) == '_' || at(i + 1) == '*' || at(i + 1) == '`' || at(i + 1) == '[')) {
      out.push_back(in[++i]);
      ++utf16;
      continue;
    }
    if (c != '_' && c != '*' && c != '`' && c != '[') {
      utf16 += utf16_units(c);
      out.push_back(static_cast<char>(c));
      continue;
    }
    const std::size_t begin = i++;
    const char end_character = c == '[' ? ']' : static_cast<char>(c);
    bool pre = false;
    std::string language;
    if (c == '`' && at(i) == '`' && at(i + 1) == '`') {
      i += 2;
      pre = true;
      std::size_t language_end = i;
      while (!is_telegram_space(at(language_end)) && at(language_end) != '`') ++language_end;
      if (i != language_end && language_end < in.size() && at(language_end) != '`') {
        language = std::string(in.substr(i, language_end - i));
        i = language_end;
      }
      if (at(i) == '\n' || at(i) == '\r') {
        const bool pair = (at(i + 1) == '\n' || at(i + 1) == '\r') && at(i) != at(i + 1);
        i += pair ? 2 : 1;
      }
    }
    const std::size_t out_begin = out.size();
    const std::int32_t offset = utf16;
    while (i < in.size() && (in[i] != end_character || (pre && !(at(i + 1) == '`' && at(i + 2) == '`')))) {
      utf16 += utf16_units(static_cast<unsigned char>(in[i]));
      out.push_back(in[i++]);
    }
    if (i == in.size()) {
      return EntityParseError{"Can't find end of the entity starting at byte offset " + std::to_string(begin)};
    }
    if (utf16 != offset) {
      TextEntity e{TextEntityType::bold, offset, utf16 - offset, {}, {}, 0, {}};
      bool keep = true;
      if (c == '_') {
        e.type = TextEntityType::italic;
      } else if (c == '*') {
        e.type = TextEntityType::bold;
      } else if (c == '`') {
        e.type = pre ? TextEntityType::pre : TextEntityType::code;
        e.language = language;
      } else {  // '[': the URL follows in (...), else the text is the URL
        std::string url;
        if (at(i + 1) != '(') {
          url = out.substr(out_begin);
        } else {
          i += 2;
          while (i < in.size() && in[i] != ')') url.push_back(in[i++]);
        }
        const LinkTarget target = classify_link(url);
        keep = target.kind != LinkTarget::Kind::none;
        e.type = target.kind == LinkTarget::Kind::user ? TextEntityType::text_mention : TextEntityType::text_link;
        e.user_id = target.user_id;
        e.url = target.url;
      }
      if (keep) entities.push_back(std::move(e));
    }
    if (pre) i += 2;
  }
  sort_entities(entities);
  return FormattedText{std::move(out), std::move(entities)};
}

}  // namespace tgperf::emulator
