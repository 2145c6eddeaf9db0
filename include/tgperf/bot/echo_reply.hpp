#pragma once
// The echo bot's one reply: sendMessage with the update's text to its chat, retried as
// bot/reply_retry.hpp says. Shared by every delivery that feeds the echo bot (long polling,
// webhook), so a reply is sent, retried and abandoned the same way whatever brought the update.
#include <optional>
#include <stop_token>

#include "tgperf/bot/echo_bot.hpp"

namespace tgperf::botapi {
class Client;
struct Update;
}  // namespace tgperf::botapi

namespace tgperf::bot {

// A stop abandons the reply (in flight, or waiting to retry): none when it was cut short, since a
// reply the user stopped is neither sent nor failed and is left out of the counts.
std::optional<HandledUpdate> echo_reply(botapi::Client& client, const botapi::Update& update, std::stop_token stop);

}  // namespace tgperf::bot
