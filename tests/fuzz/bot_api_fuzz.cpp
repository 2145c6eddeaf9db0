// Fuzzes the emulator's request handling in process, without sockets: a few HTTP calls (verb,
// target, content type, body) handed to BotApi::handle (src/emulator/bot_api.hpp) one after the
// other, against one emulator state (2 chats, a backlog of 3 messages per bot).
//
// Input: calls separated by a line `===`; each call is
//   `VERB TARGET\nCONTENT-TYPE\nBODY`   e.g. `POST /bot123456:AAAA.../sendMessage\napplication/json\n{...}`
// Long polls are never waited for: ready handlers run with io_context::poll(), and shutdown()
// answers a poll still waiting. No timer of the run is ever waited out, so a run takes no wall time.
//
// Properties, besides no crash and no sanitizer report:
// - every call is answered exactly once (after shutdown at the latest);
// - every answer is a Bot API envelope: {"ok":true,"result":...} with HTTP 200, or
//   {"ok":false,"error_code":N,"description":"..."} with HTTP status N (>= 400), and retry_after
//   in the envelope exactly when the reply carries one;
// - no answer holds the secret of the token in the call's path (apart from the text sendMessage
//   echoes back);
// - the ledger adds up: answered <= messages, unanswered == messages - answered.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "emulator/bot_api.hpp"
#include "fuzz_check.hpp"

namespace {

namespace emu = tgperf::emulator;

constexpr std::size_t kMaxCalls = 8;

struct ParsedCall {
  std::string_view verb, target, content_type, body;
};

ParsedCall split_call(std::string_view text) {
  ParsedCall call;
  const auto line_end = text.find('\n');
  const std::string_view first = text.substr(0, line_end);
  const auto space = first.find(' ');
  call.verb = first.substr(0, space);
  call.target = space == std::string_view::npos ? std::string_view{} : first.substr(space + 1);
  if (line_end == std::string_view::npos) return call;
  text.remove_prefix(line_end + 1);
  const auto type_end = text.find('\n');
  call.content_type = text.substr(0, type_end);
  if (type_end != std::string_view::npos) call.body = text.substr(type_end + 1);
  return call;
}

// The secret of a `/bot<id>:<secret>/...` path, if the path has that shape.
std::string_view secret_in(std::string_view target) {
  if (!target.starts_with("/bot")) return {};
  const auto colon = target.find(':');
  if (colon == std::string_view::npos) return {};
  const auto end = target.find_first_of("/?", colon);
  return target.substr(colon + 1, end == std::string_view::npos ? std::string_view::npos : end - colon - 1);
}

// True when `s` could be mistaken for none of the emulator's own words or numbers: long enough,
// with a digit and a capital letter (field names are lower case, descriptions have no digits
// inside a word).
bool distinctive(std::string_view s) {
  return s.size() >= 8 && s.find_first_of("0123456789") != std::string_view::npos &&
         s.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string_view::npos;
}

void check_reply(const emu::ApiReply& reply, std::string_view secret) {
  FUZZ_CHECK(!reply.drop_connection, "BotApi dropped a connection");
  auto j = nlohmann::json::parse(reply.body, nullptr, /*allow_exceptions=*/false);
  FUZZ_CHECK(j.is_object() && j.contains("ok") && j["ok"].is_boolean(), "not an envelope: %s", reply.body.c_str());
  if (j["ok"].get<bool>()) {
    FUZZ_CHECK(reply.status == 200 && j.contains("result"), "ok reply with status %u: %s", reply.status,
               reply.body.c_str());
    FUZZ_CHECK(!reply.retry_after, "retry_after on an ok reply");
  } else {
    FUZZ_CHECK(reply.status >= 400 && j.contains("error_code") && j["error_code"] == reply.status &&
                   j.contains("description") && j["description"].is_string(),
               "error reply with status %u: %s", reply.status, reply.body.c_str());
    const bool has_retry = j.contains("parameters") && j["parameters"].contains("retry_after");
    FUZZ_CHECK(has_retry == reply.retry_after.has_value(), "retry_after mismatch: %s", reply.body.c_str());
  }
  // sendMessage echoes the client's text, which may hold anything: everything else must not hold
  // the secret of the token the call was made with.
  if (j["ok"].get<bool>() && j["result"].is_object()) j["result"].erase("text");
  if (distinctive(secret)) {
    const std::string rest = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    FUZZ_CHECK(rest.find(secret) == std::string::npos, "the token's secret is in the reply: %s", reply.body.c_str());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string_view> texts;
  for (std::string_view rest = input; texts.size() < kMaxCalls;) {
    const auto separator = rest.find("\n===\n");
    texts.push_back(rest.substr(0, separator));
    if (separator == std::string_view::npos) break;
    rest.remove_prefix(separator + 5);
  }

  emu::EmulatorOptions options;
  options.chats = 2;
  options.messages = 3;
  emu::Ledger ledger;
  boost::asio::io_context io;
  std::vector<int> answers(texts.size(), 0);
  {
    emu::BotApi api(io, options, ledger);
    for (std::size_t i = 0; i < texts.size(); ++i) {
      const ParsedCall parsed = split_call(texts[i]);
      const std::string_view secret = secret_in(parsed.target);
      const std::string secret_copy(secret);
      api.handle(emu::HttpCall{parsed.verb, parsed.target, parsed.content_type, parsed.body},
                 [&answers, i, secret_copy](emu::ApiReply reply) {
                   ++answers[i];
                   check_reply(reply, secret_copy);
                 });
      io.poll();
      io.restart();
    }
    api.shutdown();
    io.poll();
    io.restart();
  }
  io.poll();
  for (std::size_t i = 0; i < answers.size(); ++i) {
    FUZZ_CHECK(answers[i] == 1, "call %zu answered %d times", i + 1, answers[i]);
  }
  const auto report = ledger.report();
  FUZZ_CHECK(report.answered <= report.messages && report.unanswered == report.messages - report.answered,
             "ledger: messages %zu answered %zu unanswered %zu", report.messages, report.answered, report.unanswered);
  return 0;
}
