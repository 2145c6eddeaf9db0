#pragma once
// An HTTP/1.1 server on Boost.Beast/Asio with no thread per connection: one I/O thread accepts,
// reads, calls the handler and writes for every connection (keep-alive), all asynchronously. For
// the webhook receiver of the event-loop bot, whose handler only hands the update to a curl
// EventLoop (bot/event_loop.hpp) and returns: a thread per connection would buy nothing there, and
// max_connections threads would sit waiting for the next delivery.
//
// The same answers as ThreadedHttpServer for the same handler: a request whose head or body is over
// its limit is not answered, its connection is closed. Unlike it, every read and write has a time
// limit (tcp_stream's expiry): a connection that sends no request head within idle_timeout (idle
// between keep-alive requests, or a head trickling in) is closed, and so is one whose body or
// answer takes longer than io_timeout — a slow peer cannot hold a connection for ever.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "tgperf/core/duration.hpp"
#include "tgperf/httpserver/exchange.hpp"
#include "tgperf/httpserver/server_options.hpp"

namespace tgperf::httpserver {

struct AsyncHttpServerOptions : HttpServerOptions {
  // Longest wait for a request's head, the idle time of a kept-alive connection included.
  Duration idle_timeout = std::chrono::seconds(60);
  // Longest a request's body (once its head is in) or the answer's write may take.
  Duration io_timeout = std::chrono::seconds(30);
};

class AsyncHttpServer {
 public:
  // Binds and starts serving on its own I/O thread. Throws std::runtime_error naming host:port and
  // the reason when the host is not an IP address or the port cannot be bound.
  AsyncHttpServer(AsyncHttpServerOptions options, Handler handler);
  ~AsyncHttpServer();  // stop()
  AsyncHttpServer(const AsyncHttpServer&) = delete;
  AsyncHttpServer& operator=(const AsyncHttpServer&) = delete;

  std::uint16_t port() const;
  // Stops accepting, closes every connection and joins the I/O thread (a handler or after_write
  // running finishes first). Idempotent; not from the handler (it runs on the thread joined).
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::httpserver
