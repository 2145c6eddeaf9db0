#pragma once
// A getUpdates answer written straight into a string, byte for byte what ok_reply() makes of the
// same updates as nlohmann::json DOMs (keys in sorted order, no spaces, invalid UTF-8 replaced).
// Why: a DOM per update (about thirty allocations for its maps and strings, then a dump and a
// destroy) was the largest per-request cost of `tgperf serve`.
#include <cstdint>
#include <string>
#include <string_view>

namespace tgperf::emulator {

// What one update of a private-chat text message shows the bot.
struct UpdateFields {
  std::int64_t update_id = 0;
  std::int64_t message_id = 0;
  std::int64_t date = 0;
  std::int64_t user_id = 0;        // the user, who is also the private chat
  std::string_view first_name;     // "User N"
  std::string_view username;       // "tgperf_user_N"
  std::string_view text;
};

class UpdatesReplyWriter {
 public:
  UpdatesReplyWriter();
  void add(const UpdateFields& update);
  // The envelope {"ok":true,"result":[...]}; the writer is spent afterwards.
  std::string finish();

 private:
  std::string out_;
  bool first_ = true;
};

// `text` as a JSON string literal, as nlohmann::json::dump(-1, ' ', false, replace) writes it.
void append_json_string(std::string& out, std::string_view text);

}  // namespace tgperf::emulator
