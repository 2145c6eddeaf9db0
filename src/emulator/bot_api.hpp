#pragma once
// The Bot API methods over the emulator's state: bots (one per token) with their update streams,
// chats, webhook state, flood limits and scenario, and the long-polling getUpdates. Transport-free:
// the HTTP server hands it a request and gets the reply through a callback. Thread-safe.
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "api_reply.hpp"
#include "webhook_client.hpp"
#include "tgperf/emulator/emulator_options.hpp"
#include "tgperf/emulator/ledger.hpp"

namespace boost::asio {
class io_context;
}

namespace tgperf::emulator {

struct HttpCall {
  std::string_view verb;          // "GET", "POST", ...
  std::string_view target;        // "/bot<token>/<method>?query"
  std::string_view content_type;
  std::string_view body;
};

// Called exactly once per handled call: at once, or later from an io thread (a long poll).
using ReplyHandler = std::function<void(ApiReply)>;

// The clock a sendMessage call is stamped with on arrival: the time the flood limiter judges it by
// and the ledger records its reply at. A seam: tests hand in a fake one, so flood limits and
// retry_after are checked without waiting (timers, such as long polls and rate arrivals, still
// run on the steady clock).
using CallClock = std::function<Clock::time_point()>;

class BotApi {
 public:
  BotApi(boost::asio::io_context& io, const EmulatorOptions& options, Ledger& ledger,
         CallClock call_clock = &Clock::now);
  ~BotApi();
  BotApi(const BotApi&) = delete;
  BotApi& operator=(const BotApi&) = delete;

  void handle(const HttpCall& call, ReplyHandler done);
  std::int64_t inject_message(const std::string& token, int chat_index, const std::string& text);
  // Ends waiting polls (empty result) and stops scenario timers; later calls answer 502.
  void shutdown();

 private:
  struct Bot;
  struct PendingPoll;
  struct StoredUpdate;
  using Completions = std::vector<std::pair<ReplyHandler, ApiReply>>;
  // Webhook clients taken off a bot under mutex_, destroyed (joined) after it is released: their
  // thread may be waiting for mutex_ to carry out a webhook reply.
  using Retired = std::vector<std::unique_ptr<WebhookClient>>;

  Bot& bot_for(const std::string& token);  // requires mutex_
  // A new bot as options_.webhook_url / pending_at_start leave it.
  void prepare_new_bot(Bot& bot);           // requires mutex_
  void start_scenario(Bot& bot);            // requires mutex_
  void release_due(Bot& bot, Completions& completions);  // requires mutex_
  void schedule_arrival(Bot& bot);          // requires mutex_
  void offer(Bot& bot, int chat_index, std::string text, Clock::time_point available_at);  // requires mutex_
  void wake_poll(Bot& bot, Completions& completions);  // requires mutex_
  ApiReply take_updates(Bot& bot, std::size_t limit);  // requires mutex_
  // An update as getUpdates and the webhook deliver it, rendered from the chat's history.
  nlohmann::json update_json(const Bot& bot, const StoredUpdate& stored) const;  // requires mutex_

  ApiReply get_me(Bot& bot);
  void get_updates(Bot& bot, const nlohmann::json& params, ReplyHandler& done, Completions& completions);
  ApiReply send_message(Bot& bot, const nlohmann::json& params);
  ApiReply set_webhook(Bot& bot, const nlohmann::json& params, Completions& completions, Retired& retired);
  ApiReply delete_webhook(Bot& bot, const nlohmann::json& params, Retired& retired);
  ApiReply get_webhook_info(Bot& bot);
  // Ends the bot's webhook: undelivered updates go back to getUpdates (unless dropped).
  void end_webhook(Bot& bot, bool drop_pending_updates, Retired& retired);  // requires mutex_
  // A method call the webhook answered with (from the webhook client's thread).
  void carry_out_webhook_reply(const std::string& token, const std::string& method, const nlohmann::json& params);

  boost::asio::io_context& io_;
  const EmulatorOptions options_;
  Ledger& ledger_;
  const CallClock call_clock_;
  mutable std::mutex mutex_;  // guards bots_, their streams/timers/polls, next_poll_id_, stopped_
  std::unordered_map<std::string, std::unique_ptr<Bot>> bots_;  // by token
  std::uint64_t next_poll_id_ = 1;
  bool stopped_ = false;
};

}  // namespace tgperf::emulator
