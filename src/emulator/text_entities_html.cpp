// parse_mode=HTML: the tags Telegram supports (b, strong, i, em, u, ins, s, strike, del, tg-spoiler,
// span class="tg-spoiler", a href, code class="language-x", pre, blockquote [expandable],
// tg-emoji emoji-id) and the character references &lt; &gt; &amp; &quot; &#N; &#xN;.
#include <cctype>
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "tgperf/emulator/text_entities.hpp"
#include "utf8.hpp"
#include "tgperf/core/ascii.hpp"
#include "telegram_space.hpp"

namespace tgperf::emulator {
namespace {

// As Telegram's parser: the end of the input counts as a space (it reads a NUL there).
class HtmlParser {
 public:
  explicit HtmlParser(std::string_view in) : in_(in) {}

  EntityParseResult run() {
    for (i_ = 0; i_ < in_.size(); ++i_) {
      const auto c = static_cast<unsigned char>(in_[i_]);
      if (c == '&') {
        std::size_t next = i_;
        if (const std::uint32_t code = character_reference(next)) {
          append_utf8(out_, code);
          utf16_ += code > 0xFFFF ? 2 : 1;
          decoded_surrogate_ = decoded_surrogate_ || (code >= 0xD800 && code <= 0xDFFF);
          i_ = next - 1;
          continue;
        }
      }
      if (c != '<') {
        utf16_ += utf16_units(c);
        out_.push_back(static_cast<char>(c));
        continue;
      }
      const std::size_t begin = i_++;
      if (auto error = at(i_) == '/' ? end_tag(begin) : start_tag(begin); !error.empty()) {
        return EntityParseError{std::move(error)};
      }
    }
    if (!open_.empty()) {
      return EntityParseError{"Can't find end tag corresponding to start tag \"" + open_.back().tag + "\""};
    }
    if (decoded_surrogate_) {
      return EntityParseError{"Text contains invalid Unicode characters after decoding HTML entities, check for "
                              "unmatched surrogate code units"};
    }
    for (auto& e : entities_) {
      if (e.type == TextEntityType::code) e.language.clear();  // a language makes only a pre block
    }
    sort_entities(entities_);
    return FormattedText{std::move(out_), std::move(entities_)};
  }

 private:
  struct OpenTag {
    std::string tag;
    std::string argument;  // href, code language, span class, emoji id, "1" for expandable
    std::int32_t offset;   // UTF-16
    std::size_t out_pos;   // bytes into out_
  };

  char at(std::size_t i) const { return i < in_.size() ? in_[i] : '\0'; }

  // The code point of the character reference at `pos` (moving `pos` past it), or 0 when there is
  // none: then the '&' is an ordinary character.
  std::uint32_t character_reference(std::size_t& pos) const {
    std::size_t end = pos + 1;
    std::uint32_t code = 0;
    if (at(end) == '#') {
      ++end;
      const bool hex = at(end) == 'x';
      if (hex) ++end;
      const std::size_t digits = end;
      while (hex ? std::isxdigit(static_cast<unsigned char>(at(end))) != 0
                 : std::isdigit(static_cast<unsigned char>(at(end))) != 0) {
        if (end - digits < 8) {
          const char d = at(end);
          const std::uint32_t value = std::isdigit(static_cast<unsigned char>(d)) != 0
                                          ? static_cast<std::uint32_t>(d - '0')
                                          : static_cast<std::uint32_t>(std::tolower(d) - 'a' + 10);
          code = code * (hex ? 16 : 10) + value;
        }
        ++end;
      }
      if (code == 0 || code >= 0x10FFFF || end - pos >= 10) return 0;
    } else {
      while (std::isalpha(static_cast<unsigned char>(at(end))) != 0) ++end;
      const std::string_view name = in_.substr(pos + 1, end - pos - 1);
      if (name == "lt") {
        code = '<';
      } else if (name == "gt") {
        code = '>';
      } else if (name == "amp") {
        code = '&';
      } else if (name == "quot") {
        code = '"';
      } else {
        return 0;  // other named references are not decoded
      }
    }
    pos = at(end) == ';' ? end + 1 : end;
    return code;
  }

  std::string at_offset(std::size_t begin) const { return " at byte offset " + std::to_string(begin); }

  std::string start_tag(std::size_t begin) {
    while (!is_telegram_space(at(i_)) && at(i_) != '>') ++i_;
    if (at(i_) == '\0') return "Unclosed start tag" + at_offset(begin);
    std::string tag = ascii_lower(in_.substr(begin + 1, i_ - begin - 1));
    static const char* const kSupported[] = {"a",   "b",   "strong",     "i",    "em",       "s",   "strike", "del",
                                             "u",   "ins", "tg-spoiler", "span", "tg-emoji", "pre", "code",   "blockquote"};
    bool supported = false;
    for (const char* name : kSupported) supported = supported || tag == name;
    if (!supported) return "Unsupported start tag \"" + tag + "\"" + at_offset(begin);

    std::string argument;
    while (at(i_) != '>') {
      while (at(i_) != '\0' && is_telegram_space(at(i_))) ++i_;
      if (at(i_) == '>') break;
      const std::size_t name_begin = i_;
      while (!is_telegram_space(at(i_)) && at(i_) != '=' && at(i_) != '>' && at(i_) != '/' && at(i_) != '"' && at(i_) != '\'') {
        ++i_;
      }
      const std::string_view name = in_.substr(name_begin, i_ - name_begin);
      if (name.empty()) return "Empty attribute name in the tag \"" + tag + "\"" + at_offset(begin);
      while (at(i_) != '\0' && is_telegram_space(at(i_))) ++i_;
      if (at(i_) != '=') {
        if (at(i_) == '\0') return "Unclosed start tag \"" + tag + "\"" + at_offset(begin);
        if (tag == "blockquote" && name == "expandable") argument = "1";
        continue;
      }
      ++i_;
      while (at(i_) != '\0' && is_telegram_space(at(i_))) ++i_;
      if (at(i_) == '\0') return "Unclosed start tag \"" + tag + "\"" + at_offset(begin);

      std::string value;
      if (at(i_) != '\'' && at(i_) != '"') {
        // A name token: letters, digits, '.' and '-', not case sensitive.
        const std::size_t token_begin = i_;
        while (std::isalnum(static_cast<unsigned char>(at(i_))) != 0 || at(i_) == '.' || at(i_) == '-') ++i_;
        value = ascii_lower(in_.substr(token_begin, i_ - token_begin));
        if (!is_telegram_space(at(i_)) && at(i_) != '>') return "Unexpected end of name token" + at_offset(token_begin);
      } else {
        const char quote = at(i_++);
        while (at(i_) != quote && at(i_) != '\0') {
          if (at(i_) == '&') {
            std::size_t next = i_;
            if (const std::uint32_t code = character_reference(next)) {
              append_utf8(value, code);
              i_ = next;
              continue;
            }
          }
          value.push_back(at(i_++));
        }
        if (at(i_) == quote) ++i_;
      }
      if (at(i_) == '\0') return "Unclosed start tag" + at_offset(begin);

      if (tag == "a" && name == "href") {
        argument = std::move(value);
      } else if (tag == "code" && name == "class" && value.starts_with("language-")) {
        argument = value.substr(9);
      } else if (tag == "span" && name == "class" && value.starts_with("tg-")) {
        argument = value.substr(3);
      } else if (tag == "tg-emoji" && name == "emoji-id") {
        argument = std::move(value);
      } else if (tag == "blockquote" && name == "expandable") {
        argument = "1";
      }
    }
    if (tag == "span" && argument != "spoiler") return "Tag \"span\" must have class \"tg-spoiler\"" + at_offset(begin);
    open_.push_back({std::move(tag), std::move(argument), utf16_, out_.size()});
    return {};
  }

  std::string end_tag(std::size_t begin) {
    if (open_.empty()) return "Unexpected end tag" + at_offset(begin);
    while (!is_telegram_space(at(i_)) && at(i_) != '>') ++i_;
    const std::string name = ascii_lower(in_.substr(begin + 2, i_ - begin - 2));
    while (at(i_) != '\0' && is_telegram_space(at(i_))) ++i_;
    if (at(i_) != '>') return "Unclosed end tag" + at_offset(begin);
    OpenTag& open = open_.back();
    if (!name.empty() && name != open.tag) {
      return "Unmatched end tag" + at_offset(begin) + ", expected \"</" + open.tag + ">\", found \"</" + name + ">\"";
    }
    if (utf16_ > open.offset) {
      if (auto error = close(open); !error.empty()) return error;
    }
    open_.pop_back();
    return {};
  }

  // The entity of a closed tag that covers some text.
  std::string close(OpenTag& open) {
    TextEntity e{TextEntityType::bold, open.offset, utf16_ - open.offset, {}, {}, 0, {}};
    const std::string& tag = open.tag;
    if (tag == "b" || tag == "strong") {
      e.type = TextEntityType::bold;
    } else if (tag == "i" || tag == "em") {
      e.type = TextEntityType::italic;
    } else if (tag == "u" || tag == "ins") {
      e.type = TextEntityType::underline;
    } else if (tag == "s" || tag == "strike" || tag == "del") {
      e.type = TextEntityType::strikethrough;
    } else if (tag == "tg-spoiler" || tag == "span") {
      e.type = TextEntityType::spoiler;
    } else if (tag == "blockquote") {
      e.type = open.argument.empty() ? TextEntityType::blockquote : TextEntityType::expandable_blockquote;
    } else if (tag == "tg-emoji") {
      std::int64_t id = 0;
      const auto& text = open.argument;
      const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
      if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || id == 0) {
        return "Invalid custom emoji identifier specified";
      }
      e.type = TextEntityType::custom_emoji;
      e.custom_emoji_id = text;
    } else if (tag == "a") {
      // Without href the link text is the URL.
      const LinkTarget target = classify_link(open.argument.empty() ? out_.substr(open.out_pos) : open.argument);
      if (target.kind == LinkTarget::Kind::none) return {};
      e.type = target.kind == LinkTarget::Kind::user ? TextEntityType::text_mention : TextEntityType::text_link;
      e.user_id = target.user_id;
      e.url = target.url;
    } else if (tag == "pre") {
      // <pre><code class="language-x">...</code></pre>: one pre block with a language.
      if (!entities_.empty() && entities_.back().type == TextEntityType::code && entities_.back().offset == e.offset &&
          entities_.back().length == e.length && !entities_.back().language.empty()) {
        entities_.back().type = TextEntityType::pre;
        return {};
      }
      e.type = TextEntityType::pre;
    } else {  // code
      if (!entities_.empty() && entities_.back().type == TextEntityType::pre && entities_.back().offset == e.offset &&
          entities_.back().length == e.length && !open.argument.empty()) {
        entities_.back().language = open.argument;
        return {};
      }
      e.type = TextEntityType::code;
      e.language = open.argument;
    }
    entities_.push_back(std::move(e));
    return {};
  }

  std::string_view in_;
  std::size_t i_ = 0;
  std::string out_;
  std::int32_t utf16_ = 0;
  bool decoded_surrogate_ = false;
  std::vector<OpenTag> open_;
  std::vector<TextEntity> entities_;
};

}  // namespace

EntityParseResult parse_html(std::string_view text) { return HtmlParser(text).run(); }

}  // namespace tgperf::emulator
