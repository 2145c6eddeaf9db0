#pragma once
// Where and how much both HTTP servers (threaded_http_server.hpp, async_http_server.hpp) accept:
// the address, the limits of a request and the cap on connections.
#include <cstddef>
#include <cstdint>
#include <string>

namespace tgperf::httpserver {

struct HttpServerOptions {
  std::string host = "127.0.0.1";  // a literal address to bind
  std::uint16_t port = 0;          // 0: an ephemeral port (read it back with port())
  // What the server is for, in its listen errors: "webhook" gives "webhook listen address '...' is
  // not an IP address" and "cannot listen for the webhook on HOST:PORT: ..."; empty, neither names it.
  std::string purpose;
  // A request whose head or body is larger is not answered: its connection is closed. The defaults
  // are Beast's own.
  std::size_t header_limit = 8 * 1024;
  std::size_t body_limit = 1 << 20;
  // Connections open at once; one more is closed as soon as it is accepted. 0: no cap.
  std::size_t max_connections = 0;
};

}  // namespace tgperf::httpserver
