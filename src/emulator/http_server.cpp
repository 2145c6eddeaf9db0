#include "http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <optional>
#include <random>
#include <stdexcept>

#include "api_reply.hpp"
#include "bot_api.hpp"

namespace tgperf::emulator {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kHeaderLimit = 16 * 1024;
// A connection that sends nothing for this long between requests is closed (clients keep-alive for less).
constexpr auto kIdleTimeout = std::chrono::seconds(120);
// Reading one request (headers and body) may take at most this long once it started.
constexpr auto kReadTimeout = std::chrono::seconds(60);

// The network model shared by every connection.
struct NetworkModel {
  Duration latency{};
  Duration jitter{};
  double fail_rate = 0;
};

Duration delay_for(const NetworkModel& model, std::minstd_rand& rng) {
  if (model.jitter <= Duration::zero()) return model.latency;
  std::uniform_int_distribution<Duration::rep> spread(-model.jitter.count(), model.jitter.count());
  return std::max(Duration::zero(), model.latency + Duration(spread(rng)));
}

std::uint32_t next_seed() {
  static std::atomic<std::uint32_t> counter{std::random_device{}()};
  return counter.fetch_add(0x9E3779B9u);
}

// One connection: read a request, let the API answer, wait out the network model, write, repeat.
template <typename Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <typename... Args>
  Session(BotApi& api, const NetworkModel& model, ServerCounters& counters, std::size_t body_limit, Args&&... args)
      : stream_(std::forward<Args>(args)...),
        delay_(stream_.get_executor()),
        api_(api),
        model_(model),
        counters_(counters),
        body_limit_(body_limit),
        rng_(next_seed()) {
    ++counters_.connections;
  }
  ~Session() {
    if (held_) --counters_.in_flight;
    --counters_.connections;
  }

  void start() {
    if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
      do_read();
    } else {
      beast::get_lowest_layer(stream_).expires_after(std::chrono::seconds(30));
      stream_.async_handshake(asio::ssl::stream_base::server,
                              [self = this->shared_from_this()](beast::error_code ec) {
                                if (!ec) self->do_read();
                              });
    }
  }

 private:
  void do_read() {
    parser_.emplace();
    parser_->body_limit(body_limit_);
    parser_->header_limit(kHeaderLimit);
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    beast::get_lowest_layer(stream_).expires_after(kReadTimeout);
    // curl sends `Expect: 100-continue` before bodies over 1 KiB and waits a second for the go-ahead.
    if (beast::iequals(parser_->get()[http::field::expect], "100-continue")) {
      continue_ = std::make_unique<http::response<http::empty_body>>(http::status::continue_, 11);
      return http::async_write(stream_, *continue_, [self = this->shared_from_this()](beast::error_code e, std::size_t) {
        self->continue_.reset();
        if (e) return self->close();
        self->read_body();
      });
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code e, std::size_t) {
      self->on_read(e);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      keep_alive_ = false;
      return hold_and_send(error_reply(413, "Request Entity Too Large"));
    }
    const beast::error_code eos = http::error::end_of_stream;
    if (ec && ec.category() == eos.category() && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      // A protocol error: answer it once, then close.
      keep_alive_ = false;
      return hold_and_send(error_reply(400, "Bad Request: malformed HTTP request"));
    }
    if (ec) return close();  // peer closed, timed out, reset: nothing to answer
    beast::get_lowest_layer(stream_).expires_never();

    auto& request = parser_->get();
    keep_alive_ = request.keep_alive();
    hold();
    if (model_.fail_rate > 0 && std::uniform_real_distribution<double>(0, 1)(rng_) < model_.fail_rate) {
      ApiReply failure = error_reply(502, "Bad Gateway");
      failure.drop_connection = std::bernoulli_distribution(0.5)(rng_);
      return delay_then_send(std::move(failure));
    }
    const auto content_type = request[http::field::content_type];
    const HttpCall call{std::string_view(request.method_string().data(), request.method_string().size()),
                        std::string_view(request.target().data(), request.target().size()),
                        std::string_view(content_type.data(), content_type.size()), request.body()};
    api_.handle(call, [self = this->shared_from_this()](ApiReply reply) {
      // From the API's thread back onto this connection's strand.
      asio::post(self->stream_.get_executor(),
                 [self, reply = std::move(reply)]() mutable { self->delay_then_send(std::move(reply)); });
    });
  }

  void hold() {
    ++counters_.requests;
    ++counters_.in_flight;
    held_ = true;
  }
  void release() {
    if (held_) --counters_.in_flight;
    held_ = false;
  }

  void hold_and_send(ApiReply reply) {
    hold();
    send(std::move(reply));
  }

  void delay_then_send(ApiReply reply) {
    const Duration delay = delay_for(model_, rng_);
    if (delay <= Duration::zero()) return send(std::move(reply));
    delay_.expires_after(delay);
    delay_.async_wait([self = this->shared_from_this(), reply = std::move(reply)](beast::error_code ec) mutable {
      if (ec) return self->close();
      self->send(std::move(reply));
    });
  }

  void send(ApiReply reply) {
    if (reply.drop_connection) {
      release();
      return close();
    }
    response_ = {};
    response_.version(11);
    response_.result(reply.status);
    response_.set(http::field::server, "tgperf-emulator");
    response_.set(http::field::content_type, "application/json");
    if (reply.retry_after) response_.set(http::field::retry_after, std::to_string(*reply.retry_after));
    response_.keep_alive(keep_alive_);
    response_.body() = std::move(reply.body);
    response_.prepare_payload();
    beast::get_lowest_layer(stream_).expires_after(kReadTimeout);
    http::async_write(stream_, response_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->release();
      if (ec || !self->keep_alive_) return self->close();
      self->do_read();
    });
  }

  void close() {
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(stream_).socket();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
  }

  Stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  http::response<http::string_body> response_;
  std::unique_ptr<http::response<http::empty_body>> continue_;  // the interim 100 while it is written
  asio::steady_timer delay_;
  BotApi& api_;
  const NetworkModel& model_;
  ServerCounters& counters_;
  std::size_t body_limit_;
  std::minstd_rand rng_;
  bool keep_alive_ = true;
  bool held_ = false;
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io, const EmulatorOptions& options, BotApi& api, ServerCounters& counters)
      : io(io),
        acceptor(asio::make_strand(io)),
        retry(acceptor.get_executor()),
        api(api),
        counters(counters),
        model{options.latency, options.jitter, options.fail_rate},
        body_limit(options.max_body_bytes),
        tls(options.tls) {
    if (tls) {
      ssl.emplace(asio::ssl::context::tls_server);
      ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
      beast::error_code ec;
      ssl->use_certificate_chain_file(options.cert_file, ec);
      if (ec) throw std::runtime_error("cannot load certificate " + options.cert_file + ": " + ec.message());
      ssl->use_private_key_file(options.key_file, asio::ssl::context::pem, ec);
      if (ec) throw std::runtime_error("cannot load key " + options.key_file + ": " + ec.message());
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) throw std::runtime_error("cannot listen on '" + options.host + "': not an IP address");
    const tcp::endpoint endpoint(address, options.port);
    const auto where = [&] {
      return (address.is_v6() ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port);
    };
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) throw std::runtime_error("cannot listen on " + where() + ": " + ec.message());
    bound_port = acceptor.local_endpoint().port();
  }

  void do_accept() {
    acceptor.async_accept(asio::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
      self->on_accept(ec, std::move(socket));
    });
  }

  void on_accept(beast::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;
    if (ec) {
      // Out of descriptors or a similar transient failure: try again shortly instead of spinning.
      retry.expires_after(std::chrono::milliseconds(50));
      retry.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->do_accept();
      });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if (tls) {
      std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(api, model, counters, body_limit,
                                                                       std::move(socket), *ssl)
          ->start();
    } else {
      std::make_shared<Session<beast::tcp_stream>>(api, model, counters, body_limit, std::move(socket))->start();
    }
    do_accept();
  }

  void stop() {
    asio::post(acceptor.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;
      self->acceptor.close(ignored);
      self->retry.cancel();
    });
  }

  asio::io_context& io;
  tcp::acceptor acceptor;
  asio::steady_timer retry;
  BotApi& api;
  ServerCounters& counters;
  NetworkModel model;
  std::size_t body_limit;
  bool tls;
  std::optional<asio::ssl::context> ssl;
  std::uint16_t bound_port = 0;
};

HttpServer::HttpServer(asio::io_context& io, const EmulatorOptions& options, BotApi& api, ServerCounters& counters)
    : impl_(std::make_shared<Impl>(io, options, api, counters)) {
  impl_->do_accept();
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::stop_accepting() { impl_->stop(); }

}  // namespace tgperf::emulator
