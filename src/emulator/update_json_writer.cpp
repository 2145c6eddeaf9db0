#include "update_json_writer.hpp"

#include <nlohmann/json.hpp>

namespace tgperf::emulator {
namespace {

// Printable ASCII other than the two characters JSON escapes is written as it is; anything else
// (controls, non-ASCII that may be invalid UTF-8) goes through nlohmann's serializer, so the
// escaping and the replacement of invalid bytes stay exactly its own.
bool needs_no_escaping(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_number(std::string& out, std::int64_t value) { out += std::to_string(value); }

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  if (needs_no_escaping(text)) {
    out += '"';
    out += text;
    out += '"';
    return;
  }
  out += nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

UpdatesReplyWriter::UpdatesReplyWriter() { out_ = R"({"ok":true,"result":[)"; }

void UpdatesReplyWriter::add(const UpdateFields& u) {
  if (!first_) out_ += ',';
  first_ = false;
  // Keys in the order nlohmann's std::map-backed objects write them (sorted).
  out_ += R"({"message":{"chat":{"first_name":)";
  append_json_string(out_, u.first_name);
  out_ += R"(,"id":)";
  append_number(out_, u.user_id);
  out_ += R"(,"type":"private","username":)";
  append_json_string(out_, u.username);
  out_ += R"(},"date":)";
  append_number(out_, u.date);
  out_ += R"(,"from":{"first_name":)";
  append_json_string(out_, u.first_name);
  out_ += R"(,"id":)";
  append_number(out_, u.user_id);
  out_ += R"(,"is_bot":false,"language_code":"en","username":)";
  append_json_string(out_, u.username);
  out_ += R"(},"message_id":)";
  append_number(out_, u.message_id);
  out_ += R"(,"text":)";
  append_json_string(out_, u.text);
  out_ += R"(},"update_id":)";
  append_number(out_, u.update_id);
  out_ += '}';
}

std::string UpdatesReplyWriter::finish() {
  out_ += "]}";
  return std::move(out_);
}

}  // namespace tgperf::emulator
