#include "tgperf/bot/echo_reply.hpp"

#include <chrono>
#include <string>

#include "tgperf/bot/reply_retry.hpp"
#include "tgperf/bot/update_fields.hpp"
#include "tgperf/botapi/client.hpp"
#include "tgperf/botapi/outcome.hpp"
#include "tgperf/botapi/request.hpp"
#include "tgperf/botapi/types.hpp"
#include "tgperf/core/stoppable_wait.hpp"

namespace tgperf::bot {

std::optional<HandledUpdate> echo_reply(botapi::Client& client, const botapi::Update& update, std::stop_token stop) {
  HandledUpdate handled;
  handled.update_id = update_id_of(update);
  handled.chat_id = chat_id_of(update).value_or(0);
  const auto started = std::chrono::steady_clock::now();
  for (int attempt = 1;; ++attempt) {
    if (stop.stop_requested()) return std::nullopt;
    botapi::Outcome outcome =
        client.exchange(botapi::send_message(handled.chat_id, std::string(text_of(update))), stop);
    if (outcome.kind == botapi::Outcome::Kind::cancelled) return std::nullopt;
    if (botapi::take_result<botapi::Message>(outcome)) {  // a result of the wrong shape is malformed
      handled.ok = true;
      break;
    }
    auto failure = classify_reply_failure(outcome, attempt);
    handled.error = std::move(failure.description);
    if (!failure.retry_in) break;
    if (!sleep_unless_stopped(stop, *failure.retry_in)) return std::nullopt;
  }
  if (handled.ok) handled.error.clear();
  handled.handling = std::chrono::steady_clock::now() - started;
  return handled;
}

}  // namespace tgperf::bot
