#pragma once
// Binding a server's acceptor, shared by both HTTP servers so that their listen errors read alike.
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <string>

namespace tgperf::httpserver {

// Opens `acceptor` on host:port (address reuse on) and listens. Throws std::runtime_error naming
// host:port and the reason, and `purpose` when it is not empty ("webhook listen address 'x' is not
// an IP address", "cannot listen for the webhook on HOST:PORT: ...").
void listen_on(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host, std::uint16_t port,
               const std::string& purpose);

}  // namespace tgperf::httpserver
