#include "webhook_client.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <ctime>
#include <deque>
#include <mutex>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "tgperf/emulator/ledger.hpp"
#include "tgperf/emulator/request_params.hpp"
#include "tgperf/http/easy.hpp"
#include "tgperf/http/json_post.hpp"
#include "tgperf/http/multi.hpp"
#include "tgperf/http/transport_options.hpp"
#include "send_timer.hpp"
#include "webhook_connection.hpp"

namespace tgperf::emulator {
namespace {

using Clock = WebhookQueue::Clock;

// The longest the loop sleeps without a reason to wake: it also notices close() this often.
constexpr std::chrono::milliseconds kIdlePoll{100};

// Telegram's words for a delivery that got no HTTP answer.
std::string transport_failure_message(const http::Response& response) {
  switch (response.curl_code) {
    case CURLE_COULDNT_CONNECT: return kConnectionRefused;
    case CURLE_OPERATION_TIMEDOUT: return kReadTimeoutExpired;
    case CURLE_COULDNT_RESOLVE_HOST: return "Failed to resolve host: " + response.error;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_SSL_CACERT_BADFILE: return "SSL error: " + response.error;
    default: return kWebhookConnectionClosed;
  }
}

}  // namespace

struct WebhookClient::Impl {
  // One delivery on its way: waiting out the network model's delay, then on the wire. It holds its
  // connection from the start, as Telegram's request holds its connection while it crosses the
  // network.
  struct Transfer {
    WebhookQueue::Delivery delivery;
    Clock::time_point send_at;
    bool lose_answer = false;  // a drawn fault: the bot gets the update, its answer never arrives
    WebhookConnection* connection = nullptr;
    bool sent = false;
  };

  Impl(WebhookDeliveryOptions opts, Ledger& ledger_, ReplyCall call)
      : options(std::move(opts)),
        ledger(ledger_),
        on_reply_call(std::move(call)),
        queue(options.config.max_connections, options.backoff),
        faults(options.faults),
        rng(faults.derive_seed()) {
    transport.proxy = std::string{};  // deliveries go straight to the bot, whatever the environment says
    transport.ca_file = options.ca_file;
    transport.max_time = std::chrono::duration_cast<std::chrono::milliseconds>(options.timeout);
    transport.user_agent = {};
    if (!options.config.secret_token.empty()) {
      headers.push_back("X-Telegram-Bot-Api-Secret-Token: " + options.config.secret_token);
    }
    thread = std::thread([this] { run(); });
  }

  ~Impl() {
    close();
    if (thread.joinable()) thread.join();
  }

  std::vector<WebhookQueue::Update> close() {
    std::vector<WebhookQueue::Update> rest;
    {
      std::lock_guard lock(mutex);
      closed = true;
      rest = queue.take_all();
    }
    multi.wakeup();
    return rest;
  }

  Duration network_delay() {
    if (options.jitter <= Duration::zero()) return options.latency;
    std::uniform_int_distribution<Duration::rep> spread(-options.jitter.count(), options.jitter.count());
    return std::max(Duration::zero(), options.latency + Duration(spread(rng)));
  }

  // Telegram's choice (WebhookActor::send_update): the connection that has been ready the longest,
  // a new one only when none is ready. The queue keeps at most max_connections deliveries out, so
  // no more connections than that are ever made.
  WebhookConnection& take_ready_connection() {
    if (ready.empty()) return *connections.emplace_back(std::make_unique<WebhookConnection>());
    WebhookConnection* longest_ready = ready.front();
    ready.pop_front();
    return *longest_ready;
  }

  void start_due(Clock::time_point now) {
    std::lock_guard lock(mutex);
    while (auto delivery = queue.next(now)) {
      if (delivery->attempt > 1) ledger.count_redelivery();
      auto transfer = std::make_unique<Transfer>();
      transfer->delivery = std::move(*delivery);
      transfer->connection = &take_ready_connection();
      transfer->send_at = now + std::chrono::duration_cast<Clock::duration>(network_delay());
      const auto fault = faults.draw();
      if (fault.kind) {
        ledger.count_fault(*fault.kind);
        transfer->lose_answer = true;
      }
      transfers.push_back(std::move(transfer));
    }
  }

  void send_ready(Clock::time_point now) {
    for (auto& t : transfers) {
      if (t->sent || t->send_at > now) continue;
      http::Easy& easy = t->connection->easy();
      easy.reset();
      http::configure(easy, http::JsonPost{delivery_target(options.config), t->delivery.update.body, headers},
                      transport);
      // An answer that never arrives is a connection that broke: Telegram drops that connection
      // (WebhookActor::handle) and the next delivery goes on another one.
      if (t->lose_answer) curl_easy_setopt(easy.get(), CURLOPT_FORBID_REUSE, 1L);
      multi.add(easy);
      t->sent = true;
    }
  }

  // A webhook reply: a method call in the body of a 2xx answer.
  void carry_out_reply(const http::Response& response) {
    if (response.body.empty()) return;
    nlohmann::json params;
    try {
      params = parse_params({}, response.content_type, response.body);
    } catch (const BadParameter&) {
      return;  // not a method call: an ordinary acknowledgement
    }
    const auto method = string_param(params, "method");
    if (!method || refused_in_webhook_reply(*method)) return;
    params.erase("method");
    on_reply_call(*method, params);
  }

  void finish(Transfer& t, const http::Response& response) {
    const auto now = Clock::now();
    const auto update_id = t.delivery.update.update_id;
    std::optional<std::string> error;
    if (!response.transport_ok()) {
      error = transport_failure_message(response);
    } else if (response.http_code < 200 || response.http_code > 299) {
      error = wrong_response_message(response.http_code);
    } else if (t.lose_answer) {
      error = kWebhookConnectionClosed;
    }
    {
      std::lock_guard lock(mutex);
      if (closed) return;
      if (!response.remote_ip.empty()) state.ip_address = response.remote_ip;
      if (error) {
        queue.fail(update_id, now);
        state.last_error_date = static_cast<std::int64_t>(std::time(nullptr));
        state.last_error_message = *error;
      } else {
        queue.acknowledge(update_id);
      }
    }
    // The reply is carried out even when the answer is then lost: the bot sent it, Telegram got it.
    if (response.transport_ok() && response.http_code >= 200 && response.http_code <= 299) carry_out_reply(response);
  }

  void collect_done() {
    for (const auto& done : multi.take_done()) {
      const auto it = std::find_if(transfers.begin(), transfers.end(), [&](const auto& t) {
        return t->sent && t->connection->easy().get() == done.handle;
      });
      if (it == transfers.end()) continue;
      http::Easy& easy = (*it)->connection->easy();
      multi.remove(easy);
      const http::Response response = easy.collect(done.curl_code);
      finish(**it, response);
      ready.push_back((*it)->connection);  // last in line, as Telegram puts an answered connection back
      transfers.erase(it);
    }
  }

  // Arms the send timer for the next thing due and returns poll's timeout: a backstop, since the
  // timer wakes the poll at the due time itself, not rounded to a millisecond.
  std::chrono::milliseconds arm_wake(Clock::time_point now) {
    std::optional<Clock::time_point> wake;
    {
      std::lock_guard lock(mutex);
      wake = queue.next_due();
    }
    for (const auto& t : transfers) {
      if (!t->sent && (!wake || t->send_at < *wake)) wake = t->send_at;
    }
    send_timer.arm(wake);
    if (!wake) return kIdlePoll;
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(*wake - now);
    return std::clamp(left, std::chrono::milliseconds(0), kIdlePoll);
  }

  void run() {
    for (;;) {
      {
        std::lock_guard lock(mutex);
        if (closed) break;
      }
      start_due(Clock::now());
      send_ready(Clock::now());
      multi.perform();
      collect_done();
      multi.poll(arm_wake(Clock::now()), send_timer.fd());
    }
    for (auto& t : transfers) {
      if (t->sent) multi.remove(t->connection->easy());
    }
    transfers.clear();
  }

  WebhookDeliveryOptions options;
  Ledger& ledger;
  ReplyCall on_reply_call;
  http::TransportOptions transport;
  std::vector<std::string> headers;
  mutable std::mutex mutex;  // guards queue, state, closed
  WebhookQueue queue;
  WebhookStatus state;
  bool closed = false;
  FaultModel faults;
  std::minstd_rand rng;  // the loop thread's
  http::Multi multi;
  SendTimer send_timer;  // the loop thread's
  // The loop thread's: every connection made, and those with no delivery on them, longest ready first.
  std::vector<std::unique_ptr<WebhookConnection>> connections;
  std::deque<WebhookConnection*> ready;
  std::vector<std::unique_ptr<Transfer>> transfers;  // the loop thread's
  std::thread thread;                                // last: starts once everything above exists
};

WebhookClient::WebhookClient(WebhookDeliveryOptions options, Ledger& ledger, ReplyCall on_reply_call)
    : impl_(std::make_unique<Impl>(std::move(options), ledger, std::move(on_reply_call))) {}

WebhookClient::~WebhookClient() = default;

void WebhookClient::push(WebhookQueue::Update update) {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->closed) return;
    impl_->queue.push(std::move(update), Clock::now());
  }
  impl_->multi.wakeup();
}

std::size_t WebhookClient::pending() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->queue.pending();
}

WebhookStatus WebhookClient::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->state;
}

const WebhookConfig& WebhookClient::config() const { return impl_->options.config; }

std::vector<WebhookQueue::Update> WebhookClient::close() { return impl_->close(); }

}  // namespace tgperf::emulator
