// parse_mode=HTML as Telegram parses it (tdlib's MessageEntity.cpp is the reference): entities in
// UTF-16 code units, Telegram's error texts.
#include <catch2/catch.hpp>

#include <variant>

#include "tgperf/emulator/text_entities.hpp"

using namespace tgperf::emulator;

namespace {

FormattedText parsed(std::string_view html) {
  auto result = parse_html(html);
  if (const auto* error = std::get_if<EntityParseError>(&result)) FAIL("refused: " << error->message);
  return std::get<FormattedText>(result);
}

std::string error_of(std::string_view html) {
  auto result = parse_html(html);
  REQUIRE(std::holds_alternative<EntityParseError>(result));
  return std::get<EntityParseError>(result).message;
}

TextEntity entity(TextEntityType type, std::int32_t offset, std::int32_t length) {
  return TextEntity{type, offset, length, {}, {}, 0, {}};
}

}  // namespace

TEST_CASE("HTML: the simple tags and their synonyms become entities over the text without tags") {
  const auto f = parsed("<b>bold</b> <strong>s</strong> <i>it</i> <em>e</em> <u>u</u> <ins>n</ins> <s>x</s> "
                        "<strike>y</strike> <del>z</del> <tg-spoiler>sp</tg-spoiler> <span class=\"tg-spoiler\">q</span>");
  CHECK(f.text == "bold s it e u n x y z sp q");
  const std::vector<TextEntity> expected = {
      entity(TextEntityType::bold, 0, 4),           entity(TextEntityType::bold, 5, 1),
      entity(TextEntityType::italic, 7, 2),         entity(TextEntityType::italic, 10, 1),
      entity(TextEntityType::underline, 12, 1),     entity(TextEntityType::underline, 14, 1),
      entity(TextEntityType::strikethrough, 16, 1), entity(TextEntityType::strikethrough, 18, 1),
      entity(TextEntityType::strikethrough, 20, 1), entity(TextEntityType::spoiler, 22, 2),
      entity(TextEntityType::spoiler, 25, 1)};
  CHECK(f.entities == expected);
}

TEST_CASE("HTML: offsets and lengths count UTF-16 code units, an emoji counts two") {
  const auto f = parsed("\xF0\x9F\x98\x80 <b>\xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80</b>!");  // 😀 <b>été 😀</b>!
  CHECK(f.entities == std::vector<TextEntity>{entity(TextEntityType::bold, 3, 6)});
}

TEST_CASE("HTML: nested entities sort by offset, the longer first") {
  const auto f = parsed("<b>a <i>b</i></b>");
  CHECK(f.text == "a b");
  CHECK(f.entities == std::vector<TextEntity>{entity(TextEntityType::bold, 0, 3), entity(TextEntityType::italic, 2, 1)});
}

TEST_CASE("HTML: links, user mentions, pre with a language and code") {
  auto f = parsed("<a href=\"https://example.com/?a=1&amp;b=2\">site</a> <a href='tg://user?id=10000001'>you</a>");
  CHECK(f.text == "site you");
  REQUIRE(f.entities.size() == 2);
  CHECK(f.entities[0].type == TextEntityType::text_link);
  CHECK(f.entities[0].url == "https://example.com/?a=1&b=2");
  CHECK(f.entities[1].type == TextEntityType::text_mention);
  CHECK(f.entities[1].user_id == 10000001);

  f = parsed("<pre><code class=\"language-cpp\">int x;</code></pre> <code class=\"language-c\">y</code> <pre>z</pre>");
  REQUIRE(f.entities.size() == 3);
  CHECK(f.entities[0].type == TextEntityType::pre);
  CHECK(f.entities[0].language == "cpp");
  CHECK(f.entities[1].type == TextEntityType::code);
  CHECK(f.entities[1].language.empty());  // a language makes only a pre block
  CHECK(f.entities[2].type == TextEntityType::pre);
  CHECK(f.entities[2].language.empty());
}

TEST_CASE("HTML: character references are decoded and counted once") {
  const auto f = parsed("&lt;b&gt; &amp; &quot; &#65;&#x42; &unknown; <b>&amp;</b>");
  CHECK(f.text == "<b> & \" AB &unknown; &");
  CHECK(f.entities == std::vector<TextEntity>{entity(TextEntityType::bold, 21, 1)});
}

TEST_CASE("HTML: an entity over no text is dropped, its tags removed") {
  const auto f = parsed("a<b></b>b");
  CHECK(f.text == "ab");
  CHECK(f.entities.empty());
}

TEST_CASE("HTML: malformed markup gets Telegram's error text") {
  CHECK(error_of("<b>bold") == "Can't find end tag corresponding to start tag \"b\"");
  CHECK(error_of("a <x>y</x>") == "Unsupported start tag \"x\" at byte offset 2");
  CHECK(error_of("<b>x</i>") == "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\"");
  CHECK(error_of("x</b>") == "Unexpected end tag at byte offset 1");
  CHECK(error_of("a <b") == "Unclosed start tag at byte offset 2");
  CHECK(error_of("<b>x</b") == "Unclosed end tag at byte offset 4");
  CHECK(error_of("<span>x</span>") == "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0");
  CHECK(error_of("<a href=x/y>z</a>") == "Unexpected end of name token at byte offset 8");
  CHECK(error_of("<tg-emoji emoji-id=\"abc\">x</tg-emoji>") == "Invalid custom emoji identifier specified");
}
