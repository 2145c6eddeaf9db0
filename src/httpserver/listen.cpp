#include "httpserver/listen.hpp"

#include <stdexcept>

namespace tgperf::httpserver {

void listen_on(boost::asio::ip::tcp::acceptor& acceptor, const std::string& host, std::uint16_t port,
               const std::string& purpose) {
  namespace asio = boost::asio;
  const std::string named = purpose.empty() ? "" : purpose + " ";
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) throw std::runtime_error(named + "listen address '" + host + "' is not an IP address");
  const asio::ip::tcp::endpoint endpoint(address, port);
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    const std::string listening_for = purpose.empty() ? "" : " for the " + purpose;
    throw std::runtime_error("cannot listen" + listening_for + " on " + host + ":" + std::to_string(port) + ": " +
                             ec.message());
  }
}

}  // namespace tgperf::httpserver
