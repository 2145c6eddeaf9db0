#include "tgperf/webhook/receiver.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <sys/socket.h>

#include <atomic>
#include <list>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace tgperf::webhook {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t kMaxBodyBytes = 1 << 20;
constexpr const char* kSecretHeader = "X-Telegram-Bot-Api-Secret-Token";

}  // namespace

struct Receiver::Impl {
  Impl(ReceiverOptions opts, UpdateSink update_sink) : options(std::move(opts)), sink(std::move(update_sink)) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) throw std::runtime_error("webhook listen address '" + options.host + "' is not an IP address");
    const tcp::endpoint endpoint(address, options.port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen for the webhook on " + options.host + ":" +
                                     std::to_string(options.port) + ": " + ec.message());
    port = acceptor.local_endpoint().port();
    accept_thread = std::thread([this] { accept_loop(); });
  }

  void accept_loop() {
    for (;;) {
      tcp::socket socket(io);
      boost::system::error_code ec;
      acceptor.accept(socket, ec);
      if (ec) return;  // closed by stop()
      std::lock_guard lock(mutex);
      if (stopping) return;
      auto& connection = connections.emplace_back(std::move(socket));
      connection.thread = std::thread([this, &connection] { serve(connection.socket); });
    }
  }

  // The answer, and the update to hand to the sink once it is written (none in reply mode).
  struct Outcome {
    http::response<http::string_body> response;
    std::optional<botapi::Update> handle_after;
  };

  Outcome answer(const http::request<http::string_body>& request) {
    auto respond = [&](http::status status, std::string body = {}) -> Outcome {
      http::response<http::string_body> response(status, request.version());
      response.set(http::field::server, "tgperf");
      if (!body.empty()) response.set(http::field::content_type, "application/json");
      response.body() = std::move(body);
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      return {std::move(response), std::nullopt};
    };
    auto reject = [&](http::status status) {
      ++rejected;
      return respond(status);
    };
    const std::string_view target(request.target().data(), request.target().size());
    if (target.substr(0, target.find('?')) != options.path) return reject(http::status::not_found);
    if (request.method() != http::verb::post) return reject(http::status::method_not_allowed);
    if (!options.secret_token.empty()) {
      const auto header = request.find(kSecretHeader);
      if (header == request.end() ||
          std::string_view(header->value().data(), header->value().size()) != options.secret_token) {
        return reject(http::status::forbidden);
      }
    }
    botapi::Update update;
    try {
      update = nlohmann::json::parse(request.body()).get<botapi::Update>();
    } catch (const nlohmann::json::exception&) {
      return reject(http::status::bad_request);
    }
    ++accepted;
    if (options.reply_in_body) return respond(http::status::ok, sink(update).value_or(std::string{}));
    Outcome outcome = respond(http::status::ok);
    outcome.handle_after = std::move(update);
    return outcome;
  }

  void serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(kMaxBodyBytes);
      boost::system::error_code ec;
      http::read(socket, buffer, parser, ec);
      if (ec) break;
      const auto request = parser.release();
      auto outcome = answer(request);
      http::write(socket, outcome.response, ec);
      // Answered first, handled afterwards: the webhook's caller is not kept waiting by the handler.
      if (outcome.handle_after) sink(*outcome.handle_after);
      if (ec || !outcome.response.keep_alive()) break;
    }
    boost::system::error_code ignored;
    socket.shutdown(tcp::socket::shutdown_both, ignored);
  }

  void stop() {
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
      stopping = true;
      boost::system::error_code ec;
      // Closing a socket does not wake a thread blocked in accept() on Linux; shutting it down does.
      ::shutdown(acceptor.native_handle(), SHUT_RDWR);
      acceptor.close(ec);
      for (auto& c : connections) c.socket.shutdown(tcp::socket::shutdown_both, ec);
    }
    if (accept_thread.joinable()) accept_thread.join();
    for (auto& c : connections) {
      if (c.thread.joinable()) c.thread.join();
    }
  }

  struct Connection {
    explicit Connection(tcp::socket s) : socket(std::move(s)) {}
    tcp::socket socket;
    std::thread thread;
  };

  ReceiverOptions options;
  UpdateSink sink;
  asio::io_context io;  // owns the sockets; blocking calls only, never run
  tcp::acceptor acceptor{io};
  std::uint16_t port = 0;
  std::atomic<std::uint64_t> accepted{0}, rejected{0};
  std::mutex mutex;  // guards connections, stopping
  std::list<Connection> connections;
  bool stopping = false;
  std::thread accept_thread;
};

Receiver::Receiver(ReceiverOptions options, UpdateSink sink)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(sink))) {}

Receiver::~Receiver() { stop(); }

std::uint16_t Receiver::port() const { return impl_->port; }

ReceiverCounters Receiver::counters() const { return {impl_->accepted.load(), impl_->rejected.load()}; }

void Receiver::stop() { impl_->stop(); }

}  // namespace tgperf::webhook
