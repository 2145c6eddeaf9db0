// parse_mode=MarkdownV2: *bold* _italic_ __underline__ ~strikethrough~ ||spoiler|| `code`
// ```language pre``` [text](url) ![emoji](tg://emoji?id=N) and '>' block quotes; every other
// reserved character must be escaped with '\'.
#include <charconv>
#include <cstdint>
#include <string>
#include <vector>

#include "tgperf/emulator/text_entities.hpp"
#include "telegram_space.hpp"

namespace tgperf::emulator {
namespace {

// An escapable character: '\' before any ASCII character but NUL takes it literally.
bool escapable(char c) { return c > 0 && c <= 126; }

class MarkdownV2Parser {
 public:
  explicit MarkdownV2Parser(std::string_view in) : in_(in) {}

  EntityParseResult run() {
    for (i_ = 0; i_ < in_.size(); ++i_) {
      const auto c = static_cast<unsigned char>(in_[i_]);
      if (c == '\\' && escapable(at(i_ + 1))) {
        ++i_;
        ++utf16_;
        out_.push_back(in_[i_]);
        if (in_[i_] != '\r') can_start_blockquote_ = in_[i_] == '\n';
        continue;
      }
      const bool in_code = !open_.empty() && (open_.back().type == TextEntityType::code ||
                                              open_.back().type == TextEntityType::pre);
      const std::string_view reserved = in_code ? std::string_view("`") : std::string_view("_*[]()~`>#+-=|{}.!\n");
      if (reserved.find(static_cast<char>(c)) == std::string_view::npos) {
        if (utf16_units(c) > 0 && c != '\r') can_start_blockquote_ = false;
        utf16_ += utf16_units(c);
        out_.push_back(static_cast<char>(c));
        continue;
      }
      std::string error = ends_entity(c) ? close() : open(c);
      if (!error.empty()) return EntityParseError{std::move(error)};
    }
    if (have_blockquote_ && open_.back().type == TextEntityType::blockquote) {
      if (utf16_ > open_.back().offset) {
        entities_.push_back({TextEntityType::blockquote, open_.back().offset, utf16_ - open_.back().offset, {}, {}, 0, {}});
      }
      open_.pop_back();
      have_blockquote_ = false;
    }
    if (!open_.empty()) return EntityParseError{cannot_find_end()};
    sort_entities(entities_);
    return FormattedText{std::move(out_), std::move(entities_)};
  }

 private:
  struct Open {
    TextEntityType type;
    std::string language;     // pre
    std::int32_t offset;      // UTF-16
    std::size_t byte_offset;  // of the markup in the input, for errors
    std::size_t out_pos;      // bytes into out_
  };

  char at(std::size_t i) const { return i < in_.size() ? in_[i] : '\0'; }

  // Telegram's internal name of the entity type, as its error messages spell it.
  static std::string type_name(const Open& open) {
    switch (open.type) {
      case TextEntityType::bold: return "Bold";
      case TextEntityType::italic: return "Italic";
      case TextEntityType::underline: return "Underline";
      case TextEntityType::strikethrough: return "Strikethrough";
      case TextEntityType::spoiler: return "Spoiler";
      case TextEntityType::code: return "Code";
      case TextEntityType::pre: return open.language.empty() ? "Pre" : "PreCode";
      case TextEntityType::text_link: return "TextUrl";
      case TextEntityType::custom_emoji: return "CustomEmoji";
      default: return "BlockQuote";
    }
  }

  std::string cannot_find_end() const {
    return "Can't find end of " + type_name(open_.back()) + " entity at byte offset " +
           std::to_string(open_.back().byte_offset);
  }

  static std::string reserved_error(char c) {
    return std::string("Character '") + c + "' is reserved and must be escaped with the preceding '\\'";
  }

  bool ends_entity(unsigned char c) const {
    if (open_.empty()) return false;
    if (have_blockquote_ && c == '\n' && at(i_ + 1) != '>') return true;
    switch (open_.back().type) {
      case TextEntityType::bold: return c == '*';
      case TextEntityType::italic: return c == '_' && at(i_ + 1) != '_';
      case TextEntityType::underline: return c == '_' && at(i_ + 1) == '_';
      case TextEntityType::strikethrough: return c == '~';
      case TextEntityType::spoiler: return c == '|' && at(i_ + 1) == '|';
      case TextEntityType::code: return c == '`';
      case TextEntityType::pre: return c == '`' && at(i_ + 1) == '`' && at(i_ + 2) == '`';
      case TextEntityType::text_link:
      case TextEntityType::custom_emoji: return c == ']';
      default: return false;
    }
  }

  std::string open(unsigned char c) {
    const std::size_t byte_offset = i_;
    TextEntityType type = TextEntityType::bold;
    std::string language;
    switch (c) {
      case '_':
        if (at(i_ + 1) == '_') {
          type = TextEntityType::underline;
          ++i_;
        } else {
          type = TextEntityType::italic;
        }
        break;
      case '*': type = TextEntityType::bold; break;
      case '~': type = TextEntityType::strikethrough; break;
      case '|':
        if (at(i_ + 1) != '|') return reserved_error('|');
        ++i_;
        type = TextEntityType::spoiler;
        break;
      case '[': type = TextEntityType::text_link; break;
      case '!':
        if (at(i_ + 1) != '[') return reserved_error('!');
        ++i_;
        type = TextEntityType::custom_emoji;
        break;
      case '`':
        if (at(i_ + 1) == '`' && at(i_ + 2) == '`') {
          type = TextEntityType::pre;
          language = open_pre();
        } else {
          type = TextEntityType::code;
        }
        break;
      case '\n':
        ++utf16_;
        out_.push_back('\n');
        can_start_blockquote_ = true;
        return {};
      case '>':
        if (!can_start_blockquote_) return reserved_error('>');
        if (have_blockquote_) return {};  // the '>' continuing a quote on its next line
        type = TextEntityType::blockquote;
        have_blockquote_ = true;
        break;
      default: return reserved_error(static_cast<char>(c));
    }
    open_.push_back({type, std::move(language), utf16_, byte_offset, out_.size()});
    return {};
  }

  // After "```": an optional language up to the first space or newline, then one line break that
  // is not part of the block. Leaves i_ on the last character consumed.
  std::string open_pre() {
    i_ += 3;
    std::string language;
    std::size_t end = i_;
    while (!is_telegram_space(at(end)) && at(end) != '`') ++end;
    if (end != i_ && end < in_.size() && at(end) != '`') {
      language = std::string(in_.substr(i_, end - i_));
      i_ = end;
    }
    if (at(i_) == '\n' || at(i_) == '\r') {
      const bool pair = (at(i_ + 1) == '\n' || at(i_ + 1) == '\r') && at(i_) != at(i_ + 1);
      i_ += pair ? 2 : 1;
    }
    --i_;
    return language;
  }

  std::string close() {
    Open& open = open_.back();
    const unsigned char c = static_cast<unsigned char>(in_[i_]);
    if (c == '\n' && open.type != TextEntityType::blockquote) return cannot_find_end();
    bool skip = utf16_ == open.offset;  // covers no text
    TextEntity e{open.type, open.offset, 0, {}, open.language, 0, {}};
    switch (open.type) {
      case TextEntityType::underline:
      case TextEntityType::spoiler: ++i_; break;
      case TextEntityType::pre: i_ += 2; break;
      case TextEntityType::text_link: {
        std::string url;
        if (at(i_ + 1) != '(') {
          url = out_.substr(open.out_pos);  // [https://example.com]: the text is the URL
        } else if (auto error = read_url(url); !error.empty()) {
          return error;
        }
        const LinkTarget target = classify_link(url);
        if (target.kind == LinkTarget::Kind::none) skip = true;
        e.type = target.kind == LinkTarget::Kind::user ? TextEntityType::text_mention : TextEntityType::text_link;
        e.user_id = target.user_id;
        e.url = target.url;
        break;
      }
      case TextEntityType::custom_emoji: {
        if (at(i_ + 1) != '(') return "The entity must contain a tg://emoji or tg://time URL";
        std::string url;
        if (auto error = read_url(url); !error.empty()) return error;
        constexpr std::string_view kEmojiLink = "tg://emoji?id=";
        std::int64_t id = 0;
        const char* digits = url.data() + std::min(url.size(), kEmojiLink.size());
        const auto [end, ec] = std::from_chars(digits, url.data() + url.size(), id);
        if (!url.starts_with(kEmojiLink) || ec != std::errc{} || end != url.data() + url.size() || id <= 0) {
          return "Invalid tg://emoji or tg://time URL specified";
        }
        e.custom_emoji_id = std::to_string(id);
        break;
      }
      case TextEntityType::blockquote:
        have_blockquote_ = false;
        out_.push_back(in_[i_]);
        can_start_blockquote_ = true;
        ++utf16_;
        skip = false;
        break;
      default: break;
    }
    e.length = utf16_ - open.offset;
    if (!skip) entities_.push_back(std::move(e));
    open_.pop_back();
    return {};
  }

  // "(url)" after the closing ']' (i_ on it); '\' escapes inside. Leaves i_ on the ')'.
  std::string read_url(std::string& url) {
    i_ += 2;
    const std::size_t begin = i_;
    while (i_ < in_.size() && in_[i_] != ')') {
      if (in_[i_] == '\\' && escapable(at(i_ + 1))) {
        url += in_[i_ + 1];
        i_ += 2;
        continue;
      }
      url += in_[i_++];
    }
    if (at(i_) != ')') return "Can't find end of a URL at byte offset " + std::to_string(begin);
    return {};
  }

  std::string_view in_;
  std::size_t i_ = 0;
  std::string out_;
  std::int32_t utf16_ = 0;
  bool have_blockquote_ = false;
  bool can_start_blockquote_ = true;
  std::vector<Open> open_;
  std::vector<TextEntity> entities_;
};

}  // namespace

EntityParseResult parse_markdown_v2(std::string_view text) { return MarkdownV2Parser(text).run(); }

}  // namespace tgperf::emulator
