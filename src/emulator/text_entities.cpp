#include "tgperf/emulator/text_entities.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include "tgperf/core/ascii.hpp"

namespace tgperf::emulator {
namespace {

// Telegram's tie-break between entities at the same place: outer (block) types first.
int type_rank(TextEntityType type) {
  switch (type) {
    case TextEntityType::blockquote:
    case TextEntityType::expandable_blockquote: return 0;
    case TextEntityType::pre: return 11;
    case TextEntityType::code: return 20;
    case TextEntityType::text_link:
    case TextEntityType::text_mention: return 49;
    case TextEntityType::bold: return 90;
    case TextEntityType::italic: return 91;
    case TextEntityType::underline: return 92;
    case TextEntityType::strikethrough: return 93;
    case TextEntityType::spoiler: return 94;
    case TextEntityType::custom_emoji: return 99;
  }
  return 100;
}

}  // namespace

std::string_view bot_api_name(TextEntityType type) {
  switch (type) {
    case TextEntityType::bold: return "bold";
    case TextEntityType::italic: return "italic";
    case TextEntityType::underline: return "underline";
    case TextEntityType::strikethrough: return "strikethrough";
    case TextEntityType::spoiler: return "spoiler";
    case TextEntityType::code: return "code";
    case TextEntityType::pre: return "pre";
    case TextEntityType::text_link: return "text_link";
    case TextEntityType::text_mention: return "text_mention";
    case TextEntityType::custom_emoji: return "custom_emoji";
    case TextEntityType::blockquote: return "blockquote";
    case TextEntityType::expandable_blockquote: return "expandable_blockquote";
  }
  return "unknown";
}

bool parse_mode_from_name(std::string_view name, ParseMode& mode) {
  const std::string key = ascii_lower(name);
  if (key.empty()) {
    mode = ParseMode::none;
  } else if (key == "html") {
    mode = ParseMode::html;
  } else if (key == "markdownv2") {
    mode = ParseMode::markdown_v2;
  } else if (key == "markdown") {
    mode = ParseMode::markdown;
  } else {
    return false;
  }
  return true;
}

EntityParseResult parse_formatted_text(std::string_view text, ParseMode mode) {
  switch (mode) {
    case ParseMode::html: return parse_html(text);
    case ParseMode::markdown_v2: return parse_markdown_v2(text);
    case ParseMode::markdown: return parse_markdown(text);
    case ParseMode::none: break;
  }
  return FormattedText{std::string(text), {}};
}

LinkTarget classify_link(std::string_view url) {
  // tg://user?id=<digits>: a mention of that user, whatever the letter case of the scheme.
  const std::string key = ascii_lower(url);
  constexpr std::string_view kUserLink = "tg://user?id=";
  if (key.starts_with(kUserLink)) {
    std::int64_t id = 0;
    const char* first = url.data() + kUserLink.size();
    const char* last = url.data() + url.size();
    const auto [end, ec] = std::from_chars(first, last, id);
    if (ec == std::errc{} && end == last && id > 0) return {LinkTarget::Kind::user, id, {}};
    return {};
  }
  // Blank or containing whitespace: not a link Telegram accepts; the text stays, unlinked.
  if (url.empty() || std::any_of(url.begin(), url.end(), [](unsigned char c) { return c <= ' '; })) return {};
  // A bare host gets http://, as Telegram's link check adds it.
  std::string checked(url);
  if (key.find("://") == std::string::npos && !key.starts_with("tg:") && !key.starts_with("mailto:")) {
    checked = "http://" + checked;
  }
  return {LinkTarget::Kind::url, 0, std::move(checked)};
}

void sort_entities(std::vector<TextEntity>& entities) {
  std::stable_sort(entities.begin(), entities.end(), [](const TextEntity& a, const TextEntity& b) {
    if (a.offset != b.offset) return a.offset < b.offset;
    if (a.length != b.length) return a.length > b.length;
    return type_rank(a.type) < type_rank(b.type);
  });
}

}  // namespace tgperf::emulator
