#include "bot_api.hpp"

#include <algorithm>
#include <cctype>
#include <ctime>
#include <deque>
#include <optional>
#include <unordered_map>
#include <variant>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "blank_text.hpp"
#include "chat_history.hpp"
#include "tgperf/botapi/token.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/emulator/flood_limiter.hpp"
#include "tgperf/emulator/request_params.hpp"
#include "tgperf/emulator/text_entities.hpp"
#include "tgperf/emulator/webhook_config.hpp"
#include "tgperf/core/ascii.hpp"
#include "tgperf/core/utf8_length.hpp"
#include "update_json_writer.hpp"

namespace tgperf::emulator {
namespace {

constexpr std::size_t kMaxTextChars = 4096;
constexpr int kMaxPollSeconds = 50;

const char* const kPollConflict =
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running";
const char* const kWebhookConflict =
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string user_name(int chat_index) { return "User " + std::to_string(chat_index + 1); }
std::string user_username(int chat_index) { return "tgperf_user_" + std::to_string(chat_index + 1); }

nlohmann::json chat_json(int chat_index) {
  return {{"id", kFirstChatId + chat_index},
          {"first_name", user_name(chat_index)},
          {"username", user_username(chat_index)},
          {"type", "private"}};
}

// The bot itself as a User: getMe's result and the `from` of every message it sends.
nlohmann::json bot_user_json(std::int64_t bot_id) {
  return {{"id", bot_id},
          {"is_bot", true},
          {"first_name", "tgperf emulator"},
          {"username", "tgperf_" + std::to_string(bot_id) + "_bot"}};
}

nlohmann::json user_json(int chat_index) {
  return {{"id", kFirstChatId + chat_index},
          {"is_bot", false},
          {"first_name", user_name(chat_index)},
          {"username", user_username(chat_index)},
          {"language_code", "en"}};
}

// A message's `entities` as the Bot API writes them.
nlohmann::json entities_json(const std::vector<TextEntity>& entities, int chats) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& e : entities) {
    nlohmann::json j = {{"offset", e.offset}, {"length", e.length}, {"type", bot_api_name(e.type)}};
    if (e.type == TextEntityType::text_link) j["url"] = e.url;
    if (e.type == TextEntityType::pre && !e.language.empty()) j["language"] = e.language;
    if (e.type == TextEntityType::custom_emoji) j["custom_emoji_id"] = e.custom_emoji_id;
    if (e.type == TextEntityType::text_mention) {
      // One of the simulated users, or a user the emulator knows nothing of but the id.
      const std::int64_t index = e.user_id - kFirstChatId;
      j["user"] = index >= 0 && index < chats ? user_json(static_cast<int>(index))
                                              : nlohmann::json{{"id", e.user_id}, {"is_bot", false}, {"first_name", ""}};
    }
    out.push_back(std::move(j));
  }
  return out;
}

}  // namespace

struct BotApi::PendingPoll {
  std::uint64_t id;
  std::size_t limit;
  ReplyHandler done;
  boost::asio::steady_timer timer;
};

// An update waiting for getUpdates: its message is in the chat's history, so it is rendered when
// taken (a backlog of 1M updates holds 24 bytes each here, not a JSON tree each).
struct BotApi::StoredUpdate {
  std::int64_t update_id;
  std::int64_t message_id;
  int chat_index;
};

struct BotApi::Bot {
  std::string token;
  std::int64_t id = 0;
  std::vector<std::int64_t> next_message_id;  // per chat index
  // Every message of each chat (the users' and the bot's), for reply_to_message and for the
  // updates' text: about 60 bytes per message, not a JSON tree (chat_history.hpp).
  std::vector<ChatHistory> messages;  // per chat index
  std::string get_me_body;  // getMe's answer, which never changes: rendered once
  bool started = false;
  Clock::time_point start{};
  std::size_t scenario_released = 0;
  std::unique_ptr<boost::asio::steady_timer> arrival_timer;
  std::deque<StoredUpdate> updates;  // available and not yet confirmed, by update_id
  std::int64_t next_update_id = 1;
  std::unique_ptr<PendingPoll> poll;
  std::unique_ptr<WebhookClient> webhook;  // set: updates go to the webhook, getUpdates is refused
  FloodLimiter flood;
};

BotApi::BotApi(boost::asio::io_context& io, const EmulatorOptions& options, Ledger& ledger, CallClock call_clock)
    : io_(io), options_(options), ledger_(ledger), call_clock_(std::move(call_clock)) {
  // The listed bots exist from the start when they start in a state: getWebhookInfo then shows a
  // webhook that has been failing, or a backlog, before anyone called anything.
  if (options_.webhook_url.empty() && !options_.pending_at_start) return;
  std::lock_guard lock(mutex_);
  for (const auto& token : options_.tokens) bot_for(token);
}

BotApi::~BotApi() { shutdown(); }

void BotApi::shutdown() {
  Completions completions;
  Retired retired;
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    for (auto& [token, bot] : bots_) {
      if (bot->webhook) end_webhook(*bot, false, retired);
      if (bot->arrival_timer) bot->arrival_timer->cancel();
      if (bot->poll) {
        bot->poll->timer.cancel();
        completions.emplace_back(std::move(bot->poll->done), ok_reply(nlohmann::json::array()));
        bot->poll.reset();
      }
    }
  }
  for (auto& [done, reply] : completions) done(std::move(reply));
}

BotApi::Bot& BotApi::bot_for(const std::string& token) {
  auto& slot = bots_[token];
  if (!slot) {
    slot = std::make_unique<Bot>();
    slot->token = token;
    const auto parsed = botapi::Token::parse(token);
    slot->id = std::stoll(std::string(parsed.bot_id()));
    slot->next_message_id.assign(static_cast<std::size_t>(std::max(options_.chats, 1)), 1);
    slot->messages.resize(static_cast<std::size_t>(std::max(options_.chats, 1)));
    prepare_new_bot(*slot);
  }
  return *slot;
}

void BotApi::prepare_new_bot(Bot& bot) {
  if (!options_.webhook_url.empty()) {
    Completions none;  // a new bot has no poll waiting
    Retired retired;   // nor an earlier webhook
    (void)set_webhook(bot, nlohmann::json{{"url", options_.webhook_url}}, none, retired);
  }
  if (options_.pending_at_start && !bot.started) start_scenario(bot);
}

void BotApi::offer(Bot& bot, int chat_index, std::string text, Clock::time_point available_at) {
  const std::int64_t chat_id = kFirstChatId + chat_index;
  const std::int64_t message_id = bot.next_message_id[static_cast<std::size_t>(chat_index)]++;
  const std::uint64_t sequence = ledger_.offer(bot.id, chat_id, message_id, available_at);
  if (!text.empty()) text += ' ';
  text += payload_marker(sequence);
  const std::int64_t update_id = bot.next_update_id++;
  const std::int64_t date = unix_now();
  bot.messages[static_cast<std::size_t>(chat_index)].add(message_id, false, date, text);
  const StoredUpdate stored{update_id, message_id, chat_index};
  if (bot.webhook) {
    bot.webhook->push(WebhookQueue::Update{update_id, chat_id, update_json(bot, stored).dump()});
    return;
  }
  bot.updates.push_back(stored);
}

nlohmann::json BotApi::update_json(const Bot& bot, const StoredUpdate& stored) const {
  const auto& chat = bot.messages[static_cast<std::size_t>(stored.chat_index)];
  const auto message = chat.find(stored.message_id);
  nlohmann::json json = {{"message_id", stored.message_id},
                         {"from", user_json(stored.chat_index)},
                         {"chat", chat_json(stored.chat_index)},
                         {"date", message ? message->date : 0},
                         {"text", message ? std::string(message->text) : std::string()}};
  return {{"update_id", stored.update_id}, {"message", std::move(json)}};
}

void BotApi::start_scenario(Bot& bot) {
  bot.started = true;
  bot.start = Clock::now();
  if (options_.messages <= 0) return;
  // Rate arrivals still to come count as scheduled, so "all answered" waits for them.
  if (options_.rate_per_s > 0) ledger_.expect(static_cast<std::size_t>(options_.messages));
  Completions none;  // no poll is waiting yet: the caller is the first poll
  release_due(bot, none);
}

void BotApi::release_due(Bot& bot, Completions& completions) {
  const auto total = static_cast<std::size_t>(std::max(options_.messages, 0));
  const auto now = Clock::now();
  const int chats = std::max(options_.chats, 1);
  while (bot.scenario_released < total) {
    const std::size_t i = bot.scenario_released;
    Clock::time_point due = bot.start;
    if (options_.rate_per_s > 0) {
      due += std::chrono::duration_cast<Clock::duration>(
          std::chrono::duration<double>(static_cast<double>(i) / options_.rate_per_s));
      if (due > now) break;
    }
    const int chat_index = static_cast<int>(i % static_cast<std::size_t>(chats));
    offer(bot, chat_index, "message " + std::to_string(i + 1) + " from " + user_name(chat_index), due);
    ++bot.scenario_released;
  }
  wake_poll(bot, completions);
  if (bot.scenario_released < total && options_.rate_per_s > 0) schedule_arrival(bot);
}

void BotApi::schedule_arrival(Bot& bot) {
  if (stopped_) return;
  if (!bot.arrival_timer) bot.arrival_timer = std::make_unique<boost::asio::steady_timer>(io_);
  const auto due = bot.start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(
                                   static_cast<double>(bot.scenario_released) / options_.rate_per_s));
  bot.arrival_timer->expires_at(due);
  Bot* target = &bot;
  bot.arrival_timer->async_wait([this, target](const boost::system::error_code& ec) {
    if (ec) return;
    Completions completions;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      release_due(*target, completions);
    }
    for (auto& [done, reply] : completions) done(std::move(reply));
  });
}

ApiReply BotApi::take_updates(Bot& bot, std::size_t limit) {
  // Written as text, not as update_json() DOMs: the same bytes, without the allocations (the
  // writer's header says why). update_json() stays the webhook's rendering.
  UpdatesReplyWriter writer;
  for (std::size_t i = 0; i < bot.updates.size() && i < limit; ++i) {
    const StoredUpdate& stored = bot.updates[i];
    const auto message = bot.messages[static_cast<std::size_t>(stored.chat_index)].find(stored.message_id);
    const std::string first_name = user_name(stored.chat_index);
    const std::string username = user_username(stored.chat_index);
    writer.add(UpdateFields{stored.update_id, stored.message_id, message ? message->date : 0,
                            kFirstChatId + stored.chat_index, first_name, username,
                            message ? message->text : std::string_view{}});
  }
  return ApiReply{200, writer.finish(), std::nullopt, false};
}

void BotApi::wake_poll(Bot& bot, Completions& completions) {
  if (!bot.poll || bot.updates.empty()) return;
  bot.poll->timer.cancel();
  completions.emplace_back(std::move(bot.poll->done), take_updates(bot, bot.poll->limit));
  bot.poll.reset();
}

std::int64_t BotApi::inject_message(const std::string& token, int chat_index, const std::string& text) {
  (void)botapi::Token::parse(token);  // UsageError for a malformed token
  if (chat_index < 0 || chat_index >= std::max(options_.chats, 1)) {
    throw UsageError("inject_message: chat index " + std::to_string(chat_index) + " out of range");
  }
  Completions completions;
  std::int64_t update_id = 0;
  {
    std::lock_guard lock(mutex_);
    Bot& bot = bot_for(token);
    update_id = bot.next_update_id;
    offer(bot, chat_index, text, Clock::now());
    wake_poll(bot, completions);
  }
  for (auto& [done, reply] : completions) done(std::move(reply));
  return update_id;
}

void BotApi::handle(const HttpCall& call, ReplyHandler done) {
  const auto question = call.target.find('?');
  const std::string_view path = call.target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : call.target.substr(question + 1);
  if (!path.starts_with("/bot")) return done(error_reply(404, "Not Found"));
  const auto rest = path.substr(4);
  const auto slash = rest.find('/');
  const auto parsed_token = botapi::Token::try_parse(rest.substr(0, slash));
  if (!parsed_token) return done(error_reply(401, "Unauthorized: invalid token specified"));
  const std::string& token = parsed_token->value();  // the parsed copy: no second one per call
  if (!options_.tokens.empty() &&
      std::find(options_.tokens.begin(), options_.tokens.end(), token) == options_.tokens.end()) {
    return done(error_reply(401, "Unauthorized"));
  }
  const std::string method = slash == std::string_view::npos ? std::string{} : ascii_lower(rest.substr(slash + 1));

  static const char* const kMethods[] = {"getme",      "getupdates",     "sendmessage", "setwebhook",
                                         "deletewebhook", "getwebhookinfo", "logout",      "close"};
  if (std::none_of(std::begin(kMethods), std::end(kMethods), [&](const char* m) { return method == m; })) {
    return done(error_reply(404, "Not Found: method not found"));
  }
  ledger_.count_method(method);

  Completions completions;  // answers to other calls this one ends (an earlier poll), in order
  Retired retired;  // destroyed last, after the lock is released
  // This call's own answer when it has one at once: given after `completions`, without queueing
  // it there (an allocation per call).
  std::optional<ApiReply> reply;
  try {
    const nlohmann::json params = parse_params(query, call.content_type, call.body);
    std::unique_lock lock(mutex_);
    if (stopped_) {
      lock.unlock();
      return done(error_reply(502, "Bad Gateway"));
    }
    Bot& bot = bot_for(token);
    if (method == "getme") {
      reply = get_me(bot);
    } else if (method == "getupdates") {
      get_updates(bot, params, done, completions);  // moves `done` into completions or a pending poll
    } else if (method == "sendmessage") {
      reply = send_message(bot, params);
    } else if (method == "setwebhook") {
      reply = set_webhook(bot, params, completions, retired);
    } else if (method == "deletewebhook") {
      reply = delete_webhook(bot, params, retired);
    } else if (method == "getwebhookinfo") {
      reply = get_webhook_info(bot);
    } else {  // logout, close: nothing to hand over on an emulator
      reply = ok_reply(true);
    }
  } catch (const BadParameter& e) {
    reply = error_reply(400, e.what());
  } catch (const nlohmann::json::exception&) {
    reply = error_reply(400, "Bad Request: invalid parameters");
  }
  for (auto& [handler, answer] : completions) handler(std::move(answer));
  if (reply) done(std::move(*reply));
}

ApiReply BotApi::get_me(Bot& bot) {
  if (bot.get_me_body.empty()) {
    nlohmann::json me = bot_user_json(bot.id);
    me["can_join_groups"] = true;
    me["can_read_all_group_messages"] = false;
    me["supports_inline_queries"] = false;
    bot.get_me_body = ok_reply(me).body;
  }
  return ApiReply{200, bot.get_me_body, std::nullopt, false};
}

void BotApi::get_updates(Bot& bot, const nlohmann::json& params, ReplyHandler& done, Completions& completions) {
  if (bot.webhook) {
    completions.emplace_back(std::move(done), error_reply(409, kWebhookConflict));
    return;
  }
  const std::int64_t offset = int_param(params, "offset").value_or(0);
  const auto limit = static_cast<std::size_t>(std::clamp<std::int64_t>(int_param(params, "limit").value_or(100), 1, 100));
  const auto timeout = std::clamp<std::int64_t>(int_param(params, "timeout").value_or(0), 0, kMaxPollSeconds);

  // A newer poll ends the pending one.
  if (bot.poll) {
    bot.poll->timer.cancel();
    completions.emplace_back(std::move(bot.poll->done), error_reply(409, kPollConflict));
    bot.poll.reset();
  }
  if (!bot.started) start_scenario(bot);

  // offset confirms every update below it; a negative offset keeps only the last -offset updates.
  if (offset > 0) {
    while (!bot.updates.empty() && bot.updates.front().update_id < offset) bot.updates.pop_front();
  } else if (offset < 0) {
    const auto keep = static_cast<std::size_t>(-std::max<std::int64_t>(offset, -1'000'000'000));
    while (bot.updates.size() > keep) bot.updates.pop_front();
  }

  if (!bot.updates.empty() || timeout == 0) {
    completions.emplace_back(std::move(done), take_updates(bot, limit));
    return;
  }
  const std::uint64_t id = next_poll_id_++;
  bot.poll = std::make_unique<PendingPoll>(PendingPoll{id, limit, std::move(done), boost::asio::steady_timer(io_)});
  bot.poll->timer.expires_after(std::chrono::seconds(timeout));
  Bot* target = &bot;
  bot.poll->timer.async_wait([this, target, id](const boost::system::error_code& ec) {
    if (ec) return;
    ReplyHandler expired;
    {
      std::lock_guard lock(mutex_);
      if (!target->poll || target->poll->id != id) return;
      expired = std::move(target->poll->done);
      target->poll.reset();
    }
    expired(ok_reply(nlohmann::json::array()));
  });
}

ApiReply BotApi::send_message(Bot& bot, const nlohmann::json& params) {
  const auto received_at = call_clock_();
  std::optional<int> chat_index;
  const auto chat_it = params.find("chat_id");
  if (chat_it == params.end() || chat_it->is_null() ||
      (chat_it->is_string() && chat_it->get_ref<const std::string&>().empty())) {
    return error_reply(400, "Bad Request: chat_id is empty");
  }
  const int chats = std::max(options_.chats, 1);
  if (chat_it->is_string() && chat_it->get_ref<const std::string&>().starts_with("@")) {
    const std::string username = ascii_lower(chat_it->get_ref<const std::string&>().substr(1));
    for (int i = 0; i < chats; ++i) {
      if (username == user_username(i)) chat_index = i;
    }
  } else {
    std::int64_t chat_id = 0;
    try {
      chat_id = int_param(params, "chat_id").value_or(0);
    } catch (const BadParameter&) {
      return error_reply(400, "Bad Request: chat not found");
    }
    if (chat_id >= kFirstChatId && chat_id < kFirstChatId + chats) chat_index = static_cast<int>(chat_id - kFirstChatId);
  }
  if (!chat_index) return error_reply(400, "Bad Request: chat not found");

  const std::string raw_text = string_param(params, "text").value_or("");  // read once: it is copied out
  if (raw_text.empty()) return error_reply(400, "Bad Request: message text is empty");
  ParseMode mode = ParseMode::none;
  if (!parse_mode_from_name(string_param(params, "parse_mode").value_or(""), mode)) {
    return error_reply(400, "Bad Request: unsupported parse_mode");
  }
  auto parsed = parse_formatted_text(raw_text, mode);
  if (const auto* error = std::get_if<EntityParseError>(&parsed)) {
    return error_reply(400, "Bad Request: can't parse entities: " + error->message);
  }
  FormattedText& formatted = std::get<FormattedText>(parsed);
  const std::string& text = formatted.text;
  // A text with nothing to show once Telegram has cleaned and trimmed it ("  ", "\n", "<b></b>"):
  // tdlib refuses it, past the Bot API's own check for an empty parameter above.
  if (is_blank_message_text(text)) return error_reply(400, "Bad Request: text must be non-empty");
  if (utf8_length(text) > kMaxTextChars) return error_reply(400, "Bad Request: message is too long");

  std::optional<std::int64_t> reply_to = int_param(params, "reply_to_message_id");
  bool allow_without_reply = bool_param(params, "allow_sending_without_reply").value_or(false);
  if (auto reply_parameters = object_param(params, "reply_parameters")) {
    reply_to = int_param(*reply_parameters, "message_id");
    allow_without_reply = bool_param(*reply_parameters, "allow_sending_without_reply").value_or(allow_without_reply);
  }
  (void)object_param(params, "reply_markup");  // validated: a malformed one is a 400

  auto& chat_messages = bot.messages[static_cast<std::size_t>(*chat_index)];
  const auto replied = reply_to ? chat_messages.find(*reply_to) : std::nullopt;
  if (reply_to && !replied) {
    if (!allow_without_reply) return error_reply(400, "Bad Request: message to be replied not found");
    reply_to.reset();  // sent as a plain message, as Telegram does
  }

  const std::int64_t chat_id = kFirstChatId + *chat_index;
  if (options_.flood) {
    // Only a call that passed the checks above reaches the limiter (a 400 sends no message), and
    // its chat is one of --chats: the limiter's per-chat state, retry_after deadlines included,
    // stays bounded by the chats that exist.
    const FloodDecision decision = bot.flood.take(chat_id, received_at);
    if (decision.early_retry) ledger_.count_early_retry();
    if (decision.refusal) {
      ledger_.count_flood_refusal(decision.refusal->limit);
      const auto seconds = static_cast<int>(decision.refusal->retry_after.count());
      return error_reply(429, "Too Many Requests: retry after " + std::to_string(seconds), seconds);
    }
  }
  ledger_.record(Ledger::Reply{bot.id, chat_id, text, reply_to, received_at});

  const std::int64_t message_id = bot.next_message_id[static_cast<std::size_t>(*chat_index)]++;
  const std::int64_t date = unix_now();
  nlohmann::json entities =
      formatted.entities.empty() ? nlohmann::json() : entities_json(formatted.entities, options_.chats);
  nlohmann::json message = {{"message_id", message_id},
                            {"from", bot_user_json(bot.id)},
                            {"chat", chat_json(*chat_index)},
                            {"date", date},
                            {"text", text}};
  if (!entities.is_null()) message["entities"] = entities;
  if (reply_to) {
    // The replied-to message, without its own reply_to_message (Telegram nests one level only).
    const ChatHistory::Message& original = *replied;
    nlohmann::json quoted = {{"message_id", *reply_to},
                             {"from", original.from_bot ? bot_user_json(bot.id) : user_json(*chat_index)},
                             {"chat", chat_json(*chat_index)},
                             {"date", original.date},
                             {"text", std::string(original.text)}};
    if (original.entities != nullptr) quoted["entities"] = *original.entities;
    message["reply_to_message"] = std::move(quoted);
  }
  chat_messages.add(message_id, true, date, text, std::move(entities));
  return ok_reply(message);
}

ApiReply BotApi::set_webhook(Bot& bot, const nlohmann::json& params, Completions& completions, Retired& retired) {
  auto parsed = parse_set_webhook(params);
  if (auto* error = std::get_if<std::string>(&parsed)) return error_reply(400, *error);
  WebhookConfig config = std::get<WebhookConfig>(std::move(parsed));
  if (config.url.empty()) {
    const bool was_set = bot.webhook != nullptr;
    end_webhook(bot, config.drop_pending_updates, retired);
    return ok_reply(true, was_set ? "Webhook was deleted" : "Webhook is already deleted");
  }
  const bool same = bot.webhook && bot.webhook->config().url == config.url &&
                    bot.webhook->config().max_connections == config.max_connections &&
                    bot.webhook->config().secret_token == config.secret_token &&
                    bot.webhook->config().allowed_updates == config.allowed_updates;
  if (same && !config.drop_pending_updates) return ok_reply(true, "Webhook is already set");

  // A new webhook takes over what the old one (or getUpdates) had not delivered.
  end_webhook(bot, config.drop_pending_updates, retired);
  WebhookDeliveryOptions delivery;
  delivery.config = std::move(config);
  delivery.timeout = options_.webhook_timeout;
  delivery.ca_file = options_.webhook_cacert;
  delivery.backoff = options_.webhook_backoff;
  delivery.latency = options_.latency;
  delivery.jitter = options_.jitter;
  delivery.faults = effective_faults(options_);
  delivery.faults.outages.clear();  // outages take the server away, not the deliveries
  bot.webhook = std::make_unique<WebhookClient>(
      std::move(delivery), ledger_,
      [this, token = bot.token](const std::string& method, const nlohmann::json& call_params) {
        carry_out_webhook_reply(token, method, call_params);
      });
  for (const auto& stored : bot.updates) {
    bot.webhook->push(WebhookQueue::Update{stored.update_id, kFirstChatId + stored.chat_index,
                                           update_json(bot, stored).dump()});
  }
  bot.updates.clear();
  // A webhook ends a waiting poll, as a second poll would.
  if (bot.poll) {
    bot.poll->timer.cancel();
    completions.emplace_back(std::move(bot.poll->done), error_reply(409, kWebhookConflict));
    bot.poll.reset();
  }
  // The scenario clock starts at the first getUpdates, or here for a bot that never polls.
  if (!bot.started) start_scenario(bot);
  return ok_reply(true, "Webhook was set");
}

void BotApi::end_webhook(Bot& bot, bool drop_pending_updates, Retired& retired) {
  if (bot.webhook) {
    for (auto& update : bot.webhook->close()) {
      // Back to getUpdates: the message is still in the chat's history, so only its id is kept.
      const auto message_id = nlohmann::json::parse(update.body)["message"]["message_id"].get<std::int64_t>();
      bot.updates.push_back(StoredUpdate{update.update_id, message_id, static_cast<int>(update.chat_id - kFirstChatId)});
    }
    retired.push_back(std::move(bot.webhook));
  }
  if (drop_pending_updates) bot.updates.clear();
}

ApiReply BotApi::delete_webhook(Bot& bot, const nlohmann::json& params, Retired& retired) {
  const bool was_set = bot.webhook != nullptr;
  end_webhook(bot, bool_param(params, "drop_pending_updates").value_or(false), retired);
  return ok_reply(true, was_set ? "Webhook was deleted" : "Webhook is already deleted");
}

ApiReply BotApi::get_webhook_info(Bot& bot) {
  const std::size_t pending = bot.updates.size() + (bot.webhook ? bot.webhook->pending() : 0);
  nlohmann::json info = {{"url", bot.webhook ? bot.webhook->config().url : std::string{}},
                         {"has_custom_certificate", false},
                         {"pending_update_count", pending}};
  if (bot.webhook) {
    const auto& config = bot.webhook->config();
    const WebhookStatus status = bot.webhook->status();
    if (!status.ip_address.empty()) info["ip_address"] = status.ip_address;
    if (status.last_error_date) {
      info["last_error_date"] = *status.last_error_date;
      info["last_error_message"] = status.last_error_message;
    }
    info["max_connections"] = config.max_connections;
    if (!config.allowed_updates.empty()) info["allowed_updates"] = config.allowed_updates;
  }
  return ok_reply(info);
}

void BotApi::carry_out_webhook_reply(const std::string& token, const std::string& method,
                                     const nlohmann::json& params) {
  std::lock_guard lock(mutex_);
  if (stopped_) return;
  const auto it = bots_.find(token);
  if (it == bots_.end()) return;
  // Telegram carries the call out and sends its result nowhere; the emulator knows only sendMessage
  // among the methods a webhook may call.
  try {
    if (ascii_lower(method) == "sendmessage") (void)send_message(*it->second, params);
  } catch (const BadParameter&) {
  } catch (const nlohmann::json::exception&) {
  }
}

}  // namespace tgperf::emulator
