#pragma once
// A bot's webhook endpoint: an HTTP/1.1 server on Boost.Beast that takes the updates Telegram (or
// `tgperf serve`) POSTs and hands each to the bot core, as polling would. Keep-alive: Telegram
// opens at most max_connections (<= 100) connections. Two servers behind it (ReceiverServer): a
// thread per connection for handlers that block (sync, threaded), or one I/O thread for every
// connection for a sink that only hands the update on (the event-loop bot posts it to its loop).
//
// Per request: a path other than `path` gets 404, a method other than POST 405, a missing or wrong
// X-Telegram-Bot-Api-Secret-Token (when `secret_token` is set) 403, a body that is not an Update
// 400. Otherwise the sink decides: with no webhook reply, the receiver answers 200 at once and only
// then runs the sink (the update is handled afterwards, so a slow handler never makes Telegram
// wait, time out and re-deliver); with a reply, the sink runs first and its JSON method call is
// the 200's body (the webhook reply: one API call saved, its result never seen).
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "tgperf/botapi/types.hpp"

namespace tgperf::webhook {

enum class ReceiverServer {
  thread_per_connection,  // httpserver::ThreadedHttpServer: the sink may block its connection
  event_loop,             // httpserver::AsyncHttpServer: the sink runs on the one I/O thread, must not block
};

struct ReceiverOptions {
  std::string host = "127.0.0.1";  // a literal address to bind
  std::uint16_t port = 0;          // 0: an ephemeral port (read it back with port())
  std::string path = "/";          // the only target served
  std::string secret_token;        // empty: no header required
  bool reply_in_body = false;      // the sink's method call becomes the answer's body
  ReceiverServer server = ReceiverServer::thread_per_connection;
};

// Handles one update, on the connection's thread or the event-loop server's I/O thread. In reply mode it returns the method call to answer with (a JSON object with
// "method"), or nullopt for a plain 200; otherwise its return value is ignored.
using UpdateSink = std::function<std::optional<std::string>(const botapi::Update&)>;

struct ReceiverCounters {
  std::uint64_t accepted = 0;  // updates handed to the sink
  std::uint64_t rejected = 0;  // 4xx answers (wrong secret, path, method, body)
};

class Receiver {
 public:
  // Binds and starts accepting on its own thread. Throws std::runtime_error when it cannot bind.
  Receiver(ReceiverOptions options, UpdateSink sink);
  ~Receiver();  // stop()
  Receiver(const Receiver&) = delete;
  Receiver& operator=(const Receiver&) = delete;

  std::uint16_t port() const;
  ReceiverCounters counters() const;
  // Stops accepting, closes every connection and joins the threads (a sink still running finishes
  // first). Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::webhook
