#include "tgperf/webhook/receiver.hpp"

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <atomic>

#include "tgperf/httpserver/async_http_server.hpp"
#include "tgperf/httpserver/threaded_http_server.hpp"

namespace tgperf::webhook {
namespace {

namespace http = boost::beast::http;

constexpr std::size_t kMaxBodyBytes = 1 << 20;
constexpr const char* kSecretHeader = "X-Telegram-Bot-Api-Secret-Token";

template <typename ServerOptions>
ServerOptions server_options(const ReceiverOptions& options) {
  ServerOptions server;
  server.host = options.host;
  server.port = options.port;
  server.purpose = "webhook";
  server.body_limit = kMaxBodyBytes;
  return server;
}

}  // namespace

struct Receiver::Impl {
  Impl(ReceiverOptions opts, UpdateSink update_sink)
      : options(std::move(opts)), sink(std::move(update_sink)) {
    auto handler = [this](const httpserver::Request& request) { return answer(request); };
    if (options.server == ReceiverServer::event_loop) {
      async_server = std::make_unique<httpserver::AsyncHttpServer>(
          server_options<httpserver::AsyncHttpServerOptions>(options), handler);
    } else {
      threaded_server = std::make_unique<httpserver::ThreadedHttpServer>(
          server_options<httpserver::ThreadedHttpServerOptions>(options), handler);
    }
  }

  std::uint16_t port() const { return async_server ? async_server->port() : threaded_server->port(); }
  void stop() { async_server ? async_server->stop() : threaded_server->stop(); }

  httpserver::Answer answer(const httpserver::Request& request) {
    auto respond = [&](http::status status, std::string body = {}) -> httpserver::Answer {
      httpserver::Response response(status, request.version());
      response.set(http::field::server, "tgperf");
      if (!body.empty()) response.set(http::field::content_type, "application/json");
      response.body() = std::move(body);
      response.keep_alive(request.keep_alive());
      response.prepare_payload();
      return {std::move(response), {}};
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
    // Answered first, handled afterwards: the webhook's caller is not kept waiting by the handler.
    httpserver::Answer ok = respond(http::status::ok);
    ok.after_write = [this, update = std::move(update)] { sink(update); };
    return ok;
  }

  ReceiverOptions options;
  UpdateSink sink;
  std::atomic<std::uint64_t> accepted{0}, rejected{0};
  // Last: the one in use stops, and joins its handlers, before the rest goes. One of the two is set.
  std::unique_ptr<httpserver::ThreadedHttpServer> threaded_server;
  std::unique_ptr<httpserver::AsyncHttpServer> async_server;
};

Receiver::Receiver(ReceiverOptions options, UpdateSink sink)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(sink))) {}

Receiver::~Receiver() { stop(); }

std::uint16_t Receiver::port() const { return impl_->port(); }

ReceiverCounters Receiver::counters() const { return {impl_->accepted.load(), impl_->rejected.load()}; }

void Receiver::stop() { impl_->stop(); }

}  // namespace tgperf::webhook
