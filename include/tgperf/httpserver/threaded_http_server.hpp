#pragma once
// A blocking HTTP/1.1 server on Boost.Beast with a thread per connection, for the webhook receiver
// and the exporter: it binds host:port, accepts on a thread of its own, and on each connection
// reads a request, asks the handler for the answer, writes it, and reads the next (keep-alive)
// until the peer closes or an answer does not keep the connection alive.
//
// Why blocking, a thread per connection: both users see few connections (Telegram opens at most
// max_connections <= 100 to a webhook; Prometheus a handful of scrapers), and their handlers block
// for seconds: a webhook handler doing its sendMessage, a probe running for a scrape. A thread per
// connection lets a handler block without an executor, strands or callbacks to hold its place.
// Threads of connections that ended are joined as new connections arrive, so a server running for
// weeks does not keep one per connection it ever served; max_connections caps those alive at once.
// A handler that must not block (it hands the work to an event loop) has AsyncHttpServer instead.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "tgperf/httpserver/exchange.hpp"
#include "tgperf/httpserver/server_options.hpp"

namespace tgperf::httpserver {

// Nothing of its own beyond what both servers take.
using ThreadedHttpServerOptions = HttpServerOptions;

class ThreadedHttpServer {
 public:
  // Binds and starts accepting on its own thread. Throws std::runtime_error naming host:port and the
  // reason when the host is not an IP address or the port cannot be bound.
  ThreadedHttpServer(ThreadedHttpServerOptions options, Handler handler);
  ~ThreadedHttpServer();  // stop()
  ThreadedHttpServer(const ThreadedHttpServer&) = delete;
  ThreadedHttpServer& operator=(const ThreadedHttpServer&) = delete;

  std::uint16_t port() const;
  // Stops accepting, shuts every connection down and joins the threads (a handler or after_write
  // still running finishes first). Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tgperf::httpserver
