#include "tgperf/httpserver/threaded_http_server.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>

#include <sys/socket.h>

#include <atomic>
#include <list>
#include <mutex>
#include <thread>

#include "httpserver/listen.hpp"

namespace tgperf::httpserver {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

}  // namespace

struct ThreadedHttpServer::Impl {
  Impl(ThreadedHttpServerOptions opts, Handler answer) : options(std::move(opts)), handler(std::move(answer)) {
    listen_on(acceptor, options.host, options.port, options.purpose);
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
      reap_finished();
      if (options.max_connections != 0 && connections.size() >= options.max_connections) {
        socket.close(ec);  // beyond the cap: refused, not queued
        continue;
      }
      auto& connection = connections.emplace_back(std::move(socket));
      connection.thread = std::thread([this, &connection] {
        serve(connection.socket);
        connection.finished = true;
      });
    }
  }

  // Joins the threads of connections that ended (with `mutex` held), so that a long-running server
  // does not keep one per connection it ever served.
  void reap_finished() {
    for (auto it = connections.begin(); it != connections.end();) {
      if (it->finished) {
        it->thread.join();
        it = connections.erase(it);
      } else {
        ++it;
      }
    }
  }

  void serve(tcp::socket& socket) {
    beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.header_limit(options.header_limit);
      parser.body_limit(options.body_limit);
      boost::system::error_code ec;
      http::read(socket, buffer, parser, ec);
      if (ec) break;
      const Request request = parser.release();  // kept until after_write, which may refer to it
      auto answer = handler(request);
      http::write(socket, answer.response, ec);
      if (answer.after_write) answer.after_write();
      if (ec || !answer.response.keep_alive()) break;
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
    std::atomic<bool> finished{false};
  };

  ThreadedHttpServerOptions options;
  Handler handler;
  asio::io_context io;  // owns the sockets; blocking calls only, never run
  tcp::acceptor acceptor{io};
  std::uint16_t port = 0;
  std::mutex mutex;  // guards connections, stopping
  std::list<Connection> connections;
  bool stopping = false;
  std::thread accept_thread;
};

ThreadedHttpServer::ThreadedHttpServer(ThreadedHttpServerOptions options, Handler handler)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler))) {}

ThreadedHttpServer::~ThreadedHttpServer() { stop(); }

std::uint16_t ThreadedHttpServer::port() const { return impl_->port; }

void ThreadedHttpServer::stop() { impl_->stop(); }

}  // namespace tgperf::httpserver
