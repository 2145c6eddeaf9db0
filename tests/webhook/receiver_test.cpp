// The bot core's webhook receiver: what it accepts and refuses, when it answers, the webhook reply.
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "tgperf/webhook/receiver.hpp"

using namespace tgperf;

namespace {

struct Answer {
  long status = 0;
  std::string body;
};

std::size_t collect(char* data, std::size_t size, std::size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

Answer post(std::uint16_t port, const std::string& path, const std::string& body, const std::string& secret = {}) {
  CURL* easy = curl_easy_init();
  Answer answer;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  if (!secret.empty()) headers = curl_slist_append(headers, ("X-Telegram-Bot-Api-Secret-Token: " + secret).c_str());
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  if (curl_easy_perform(easy) == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(easy);
  return answer;
}

// Both servers behind the receiver give the same answers: each case runs once per server.
webhook::ReceiverOptions options_for_each_server() {
  webhook::ReceiverOptions options;
  options.server = GENERATE(webhook::ReceiverServer::thread_per_connection, webhook::ReceiverServer::event_loop);
  return options;
}

Answer get(std::uint16_t port, const std::string& path) {
  CURL* easy = curl_easy_init();
  Answer answer;
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, &collect);
  curl_easy_setopt(easy, CURLOPT_WRITEDATA, &answer.body);
  curl_easy_setopt(easy, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(easy, CURLOPT_PROXY, "");
  if (curl_easy_perform(easy) == CURLE_OK) curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &answer.status);
  curl_easy_cleanup(easy);
  return answer;
}

const std::string kUpdate =
    R"({"update_id":7,"message":{"message_id":1,"date":0,"chat":{"id":42,"type":"private"},"text":"hi"}})";

}  // namespace

TEST_CASE("webhook receiver: a wrong or missing secret is 403, the right one reaches the sink") {
  std::atomic<int> handled{0};
  webhook::ReceiverOptions options = options_for_each_server();
  options.path = "/hook";
  options.secret_token = "right-Secret_1";
  webhook::Receiver receiver(options, [&](const botapi::Update& u) -> std::optional<std::string> {
    CHECK(u.update_id == 7);
    ++handled;
    return std::nullopt;
  });
  CHECK(post(receiver.port(), "/hook", kUpdate).status == 403);
  CHECK(post(receiver.port(), "/hook", kUpdate, "wrong").status == 403);
  CHECK(post(receiver.port(), "/other", kUpdate, "right-Secret_1").status == 404);
  CHECK(post(receiver.port(), "/hook", "not json", "right-Secret_1").status == 400);
  CHECK(get(receiver.port(), "/hook").status == 405);
  CHECK(handled == 0);
  const auto ok = post(receiver.port(), "/hook", kUpdate, "right-Secret_1");
  CHECK(ok.status == 200);
  CHECK(ok.body.empty());
  receiver.stop();  // joins the connection threads: the sink has run
  CHECK(handled == 1);
  CHECK(receiver.counters().accepted == 1);
  CHECK(receiver.counters().rejected == 5);
}

TEST_CASE("webhook receiver: answers 200 before the handler runs") {
  std::mutex mutex;
  std::condition_variable cv;
  bool may_finish = false, finished = false;
  webhook::Receiver receiver(options_for_each_server(), [&](const botapi::Update&) -> std::optional<std::string> {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return may_finish; });  // the handler cannot finish before the answer arrived
    finished = true;
    return std::nullopt;
  });
  CHECK(post(receiver.port(), "/", kUpdate).status == 200);
  {
    std::lock_guard lock(mutex);
    CHECK_FALSE(finished);
    may_finish = true;
  }
  cv.notify_all();
  receiver.stop();
  CHECK(finished);
}

TEST_CASE("webhook receiver: in reply mode the sink's method call is the answer's body") {
  webhook::ReceiverOptions options = options_for_each_server();
  options.reply_in_body = true;
  webhook::Receiver receiver(options, [](const botapi::Update& u) -> std::optional<std::string> {
    return nlohmann::json{{"method", "sendMessage"}, {"chat_id", u.message->chat.id}, {"text", *u.message->text}}.dump();
  });
  const auto answer = post(receiver.port(), "/", kUpdate);
  CHECK(answer.status == 200);
  const auto body = nlohmann::json::parse(answer.body);
  CHECK(body["method"] == "sendMessage");
  CHECK(body["chat_id"] == 42);
  CHECK(body["text"] == "hi");
}
