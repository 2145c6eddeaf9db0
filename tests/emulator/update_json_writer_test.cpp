// UpdatesReplyWriter (src/emulator/update_json_writer.hpp) writes the same bytes as ok_reply() of
// the update DOMs it replaced: key order, numbers, escapes and invalid UTF-8 replaced alike.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "emulator/api_reply.hpp"
#include "emulator/update_json_writer.hpp"

namespace tgperf::test {
namespace {

nlohmann::json update_dom(const emulator::UpdateFields& u) {
  const nlohmann::json user = {{"id", u.user_id},
                               {"is_bot", false},
                               {"first_name", std::string(u.first_name)},
                               {"username", std::string(u.username)},
                               {"language_code", "en"}};
  const nlohmann::json chat = {{"id", u.user_id},
                               {"first_name", std::string(u.first_name)},
                               {"username", std::string(u.username)},
                               {"type", "private"}};
  const nlohmann::json message = {{"message_id", u.message_id}, {"from", user}, {"chat", chat},
                                  {"date", u.date},             {"text", std::string(u.text)}};
  return {{"update_id", u.update_id}, {"message", message}};
}

}  // namespace

TEST_CASE("UpdatesReplyWriter: the bytes ok_reply writes for the same updates", "[update_json_writer]") {
  const std::string texts[] = {"",
                               "message 1 from User 1 tgperf#1",
                               "quote \" backslash \\ slash /",
                               std::string("controls \n\t\r\b\f \x01 \x1f \x7f nul ") + '\0' + " end",
                               "UTF-8: \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80",
                               "invalid: \xFF \xC3 \xE2\x82 end \x80"};
  std::int64_t id = 1;
  emulator::UpdatesReplyWriter writer;
  nlohmann::json doms = nlohmann::json::array();
  for (const auto& text : texts) {
    const emulator::UpdateFields update{id, id + 1, 1700000000 + id, 10000000 + id, "User 1", "tgperf_user_1", text};
    writer.add(update);
    doms.push_back(update_dom(update));
    ++id;
  }
  CHECK(writer.finish() == emulator::ok_reply(doms).body);
  CHECK(emulator::UpdatesReplyWriter().finish() == emulator::ok_reply(nlohmann::json::array()).body);
}

}  // namespace tgperf::test
