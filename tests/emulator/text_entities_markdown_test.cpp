// parse_mode=MarkdownV2 and legacy Markdown as Telegram parses them.
#include <catch2/catch.hpp>

#include <variant>

#include "tgperf/emulator/text_entities.hpp"

using namespace tgperf::emulator;

namespace {

FormattedText parsed(EntityParseResult result) {
  if (const auto* error = std::get_if<EntityParseError>(&result)) FAIL("refused: " << error->message);
  return std::get<FormattedText>(result);
}

std::string error_of(EntityParseResult result) {
  REQUIRE(std::holds_alternative<EntityParseError>(result));
  return std::get<EntityParseError>(result).message;
}

TextEntity markdown_entity(TextEntityType type, std::int32_t offset, std::int32_t length) {
  return TextEntity{type, offset, length, {}, {}, 0, {}};
}

}  // namespace

TEST_CASE("MarkdownV2: every inline entity, nested, with escapes") {
  const auto f = parsed(parse_markdown_v2("*bold _italic_* __under__ ~strike~ ||spoiler|| `co\\`de` 1\\.5\\!"));
  CHECK(f.text == "bold italic under strike spoiler co`de 1.5!");
  const std::vector<TextEntity> expected = {
      markdown_entity(TextEntityType::bold, 0, 11),          markdown_entity(TextEntityType::italic, 5, 6),
      markdown_entity(TextEntityType::underline, 12, 5),     markdown_entity(TextEntityType::strikethrough, 18, 6),
      markdown_entity(TextEntityType::spoiler, 25, 7),       markdown_entity(TextEntityType::code, 33, 5)};
  CHECK(f.entities == expected);
}

TEST_CASE("MarkdownV2: pre with a language, links and mentions, UTF-16 offsets") {
  auto f = parsed(parse_markdown_v2("```python\nprint(1)\n```"));
  CHECK(f.text == "print(1)\n");
  REQUIRE(f.entities.size() == 1);
  CHECK(f.entities[0].type == TextEntityType::pre);
  CHECK(f.entities[0].language == "python");
  CHECK(f.entities[0].length == 9);

  f = parsed(parse_markdown_v2("\xF0\x9F\x98\x80 [site](https://example.com/a\\)b) [you](tg://user?id=42)"));
  CHECK(f.text == "\xF0\x9F\x98\x80 site you");
  REQUIRE(f.entities.size() == 2);
  CHECK(f.entities[0].type == TextEntityType::text_link);
  CHECK(f.entities[0].offset == 3);
  CHECK(f.entities[0].url == "https://example.com/a)b");
  CHECK(f.entities[1].type == TextEntityType::text_mention);
  CHECK(f.entities[1].user_id == 42);
}

TEST_CASE("MarkdownV2: a block quote runs over the lines that start with '>'") {
  const auto f = parsed(parse_markdown_v2(">one\n>two\nafter"));
  CHECK(f.text == "one\ntwo\nafter");
  CHECK(f.entities == std::vector<TextEntity>{markdown_entity(TextEntityType::blockquote, 0, 8)});
}

TEST_CASE("MarkdownV2: unescaped reserved characters and unclosed entities get Telegram's error text") {
  CHECK(error_of(parse_markdown_v2("1.5")) == "Character '.' is reserved and must be escaped with the preceding '\\'");
  CHECK(error_of(parse_markdown_v2("hello!")) == "Character '!' is reserved and must be escaped with the preceding '\\'");
  CHECK(error_of(parse_markdown_v2("a *bold")) == "Can't find end of Bold entity at byte offset 2");
  CHECK(error_of(parse_markdown_v2("```c\nx")) == "Can't find end of PreCode entity at byte offset 0");
  CHECK(error_of(parse_markdown_v2("[a](http://x")) == "Can't find end of a URL at byte offset 4");
  // A line that ends a block quote ends it for everything inside.
  CHECK(error_of(parse_markdown_v2(">*a\nb*")) == "Can't find end of Bold entity at byte offset 1");
}

TEST_CASE("legacy Markdown: bold, italic, code, pre and links, no nesting") {
  const auto f = parsed(parse_markdown("*b* _i_ `c` [l](http://x.org) 2\\*3"));
  CHECK(f.text == "b i c l 2*3");
  REQUIRE(f.entities.size() == 4);
  CHECK(f.entities[3].type == TextEntityType::text_link);
  CHECK(f.entities[3].url == "http://x.org");
  CHECK(error_of(parse_markdown("2*3")) == "Can't find end of the entity starting at byte offset 1");
}

TEST_CASE("parse_mode names are case-insensitive, anything else is no mode") {
  ParseMode mode = ParseMode::none;
  CHECK(parse_mode_from_name("html", mode));
  CHECK(mode == ParseMode::html);
  CHECK(parse_mode_from_name("MARKDOWNV2", mode));
  CHECK(mode == ParseMode::markdown_v2);
  CHECK(parse_mode_from_name("", mode));
  CHECK(mode == ParseMode::none);
  CHECK_FALSE(parse_mode_from_name("markdown3", mode));
}
