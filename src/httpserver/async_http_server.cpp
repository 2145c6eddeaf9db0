#include "tgperf/httpserver/async_http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <atomic>
#include <optional>
#include <thread>
#include <unordered_set>

#include "httpserver/listen.hpp"

namespace tgperf::httpserver {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

// After an accept error other than the stop (out of descriptors, say), the next try waits this
// long instead of spinning on the same error.
constexpr auto kAcceptRetry = std::chrono::milliseconds(50);

}  // namespace

struct AsyncHttpServer::Impl {
  class Session;

  Impl(AsyncHttpServerOptions opts, Handler answer) : options(std::move(opts)), handler(std::move(answer)) {
    listen_on(acceptor, options.host, options.port, options.purpose);
    port = acceptor.local_endpoint().port();
    accept();
    thread = std::thread([this] { io.run(); });
  }

  void accept();
  void stop();

  AsyncHttpServerOptions options;
  Handler handler;
  // The connections alive, so that stop() can close them; touched on the I/O thread only. Before
  // io: a session the io_context still held would leave this set as it goes.
  std::unordered_set<Session*> sessions;
  asio::io_context io{1};  // one thread runs it: no strands, no locks in the sessions
  tcp::acceptor acceptor{io};
  asio::steady_timer accept_retry{io};
  std::uint16_t port = 0;
  std::atomic<bool> stopped{false};
  std::thread thread;
};

// One connection: read a head, then its body, answer, run after_write, and read the next head,
// until the peer closes, a limit or timeout is hit, or an answer does not keep the connection alive.
class AsyncHttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(Impl& server, tcp::socket socket) : server_(server), stream_(std::move(socket)) {
    server_.sessions.insert(this);
  }
  ~Session() { server_.sessions.erase(this); }
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void start() { read_head(); }

  // The stop: pending reads and writes end with operation_aborted, and the session with them.
  void close() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

 private:
  void read_head() {
    parser_.emplace();
    parser_->header_limit(server_.options.header_limit);
    parser_->body_limit(server_.options.body_limit);
    stream_.expires_after(server_.options.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
  }

  void on_head(beast::error_code ec) {
    if (ec) return end();
    stream_.expires_after(server_.options.io_timeout);
    // Completes at once when the head says there is no body.
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_request(ec); });
  }

  void on_request(beast::error_code ec) {
    if (ec) return end();  // a body over its limit included: not answered, as ThreadedHttpServer
    request_ = parser_->release();  // kept until after_write, which may refer to it
    answer_ = server_.handler(request_);
    stream_.expires_after(server_.options.io_timeout);
    http::async_write(stream_, answer_.response,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_written(ec); });
  }

  void on_written(beast::error_code ec) {
    if (answer_.after_write) answer_.after_write();
    if (ec || !answer_.response.keep_alive()) return end();
    answer_ = Answer{};
    read_head();
  }

  void end() {
    boost::system::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    // The last handler holding the session returns: it and its socket go.
  }

  Impl& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Request request_;
  Answer answer_;
};

void AsyncHttpServer::Impl::accept() {
  acceptor.async_accept([this](boost::system::error_code ec, tcp::socket socket) {
    if (!acceptor.is_open()) return;  // closed by stop()
    if (ec) {
      accept_retry.expires_after(kAcceptRetry);
      accept_retry.async_wait([this](boost::system::error_code wait_ec) {
        if (!wait_ec) accept();
      });
      return;
    }
    if (options.max_connections != 0 && sessions.size() >= options.max_connections) {
      socket.close(ec);  // beyond the cap: refused, not queued
    } else {
      // Answers are small and written at once: no waiting for an ACK to coalesce them (Nagle).
      socket.set_option(tcp::no_delay(true), ec);
      std::make_shared<Session>(*this, std::move(socket))->start();
    }
    accept();
  });
}

void AsyncHttpServer::Impl::stop() {
  if (stopped.exchange(true)) return;
  // On the I/O thread, which owns the acceptor and the sessions. Once they are closed no work is
  // left, and io.run() returns.
  asio::post(io, [this] {
    boost::system::error_code ignored;
    acceptor.close(ignored);
    accept_retry.cancel();
    for (auto* session : sessions) session->close();
  });
  if (thread.joinable()) thread.join();
}

AsyncHttpServer::AsyncHttpServer(AsyncHttpServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

AsyncHttpServer::~AsyncHttpServer() { stop(); }

std::uint16_t AsyncHttpServer::port() const { return impl_->port; }

void AsyncHttpServer::stop() { impl_->stop(); }

}  // namespace tgperf::httpserver
