#pragma once
// Formatted message text as Telegram understands it: sendMessage's `parse_mode` (HTML, MarkdownV2,
// legacy Markdown) turned into plain text plus `entities`, with the Bot API's own 400 errors.
//
// The rules follow Telegram's reference implementation (tdlib, td/telegram/MessageEntity.cpp):
// offsets and lengths count UTF-16 code units (a character beyond U+FFFF, such as most emoji,
// counts 2); entities come sorted by offset, longer first; an entity that covers no text is
// dropped. Not modelled: the entities Telegram finds by itself (URLs, @mentions, /commands,
// hashtags), the trimming of surrounding whitespace, and the server-side URL normalisation.
//
// Beast-free and JSON-free: the emulator's bot_api turns results into the JSON answer.
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tgperf::emulator {

enum class TextEntityType {
  bold,
  italic,
  underline,
  strikethrough,
  spoiler,
  code,
  pre,
  text_link,
  text_mention,
  custom_emoji,
  blockquote,
  expandable_blockquote,
};

// The Bot API's name for a type: "bold", "text_link", ...
std::string_view bot_api_name(TextEntityType type);

struct TextEntity {
  TextEntityType type;
  std::int32_t offset = 0;  // UTF-16 code units from the start of the text
  std::int32_t length = 0;  // UTF-16 code units
  std::string url;          // text_link
  std::string language;     // pre (empty: none)
  std::int64_t user_id = 0; // text_mention (tg://user?id=N)
  std::string custom_emoji_id;

  friend bool operator==(const TextEntity&, const TextEntity&) = default;
};

struct FormattedText {
  std::string text;  // the text without markup, as the message shows it
  std::vector<TextEntity> entities;
};

// Why the markup was refused, in Telegram's words (after "Bad Request: can't parse entities: ").
struct EntityParseError {
  std::string message;
};

using EntityParseResult = std::variant<FormattedText, EntityParseError>;

enum class ParseMode { none, html, markdown_v2, markdown };

// `parse_mode` as the Bot API takes it: "HTML", "MarkdownV2", "Markdown" in any letter case, or
// empty for none. Anything else has no mode (nullopt-like: returns false).
bool parse_mode_from_name(std::string_view name, ParseMode& mode);

// The text under `mode`: the markup removed and described by entities, or Telegram's error.
EntityParseResult parse_formatted_text(std::string_view text, ParseMode mode);

EntityParseResult parse_html(std::string_view text);         // text_entities_html.cpp
EntityParseResult parse_markdown_v2(std::string_view text);  // text_entities_markdown_v2.cpp
EntityParseResult parse_markdown(std::string_view text);     // text_entities_markdown.cpp

// --- shared by the parsers (text_entities.cpp) ---

// UTF-16 code units of the UTF-8 character starting with `lead` (0 for a continuation byte).
inline std::int32_t utf16_units(unsigned char lead) {
  if ((lead & 0xC0) == 0x80) return 0;
  return lead >= 0xF0 ? 2 : 1;
}

// What a link target becomes: a mention of user N (tg://user?id=N), a text link with the URL, or
// nothing (an empty or unusable URL: Telegram drops the entity, keeping the text).
struct LinkTarget {
  enum class Kind { none, user, url } kind = Kind::none;
  std::int64_t user_id = 0;
  std::string url;
};
LinkTarget classify_link(std::string_view url);

// Sorts as Telegram does: by offset, then longer first, then by type.
void sort_entities(std::vector<TextEntity>& entities);

}  // namespace tgperf::emulator
