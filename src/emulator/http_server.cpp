#include "http_server.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <limits>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "api_reply.hpp"
#include "bot_api.hpp"
#include "response_head.hpp"
#include "tgperf/emulator/fault_model.hpp"
#include "tgperf/emulator/ledger.hpp"
#include "tgperf/emulator/request_params.hpp"

namespace tgperf::emulator {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

// A connection that sends nothing for this long between requests is closed (clients keep-alive for less).
// Once a request's first bytes are in, its head has EmulatorOptions::header_timeout instead.
constexpr auto kIdleTimeout = std::chrono::seconds(120);
// Reading a request's body may take at most this long once its head is in.
constexpr auto kReadTimeout = std::chrono::seconds(60);
// The most a read of a request's first bytes asks for (what Beast's own reads ask for).
constexpr std::size_t kReadChunkBytes = 64 * 1024;
// After a refusal, how long the rest of the refused request is read and discarded before closing.
constexpr auto kDrainTimeout = std::chrono::seconds(5);

// What one connection may send: the body cap and the time its head may take.
struct ConnectionLimits {
  std::size_t body_bytes;
  Duration header_timeout;
};

// The network model shared by every connection.
struct NetworkModel {
  NetworkModel(const EmulatorOptions& options, Ledger& ledger_)
      : latency(options.latency), jitter(options.jitter), faults(effective_faults(options)), ledger(ledger_) {}
  Duration latency{};
  Duration jitter{};
  FaultModel faults;
  Ledger& ledger;
};

Duration delay_for(const NetworkModel& model, std::minstd_rand& rng) {
  if (model.jitter <= Duration::zero()) return model.latency;
  std::uniform_int_distribution<Duration::rep> spread(-model.jitter.count(), model.jitter.count());
  return std::max(Duration::zero(), model.latency + Duration(spread(rng)));
}

const char* server_error_text(unsigned status) {
  switch (status) {
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Server Error";
  }
}

// sendMessage, by the last path segment of the target, in any letter case (as BotApi matches it).
bool is_send_message(std::string_view target) {
  target = target.substr(0, target.find('?'));
  const auto slash = target.rfind('/');
  const std::string_view method = slash == std::string_view::npos ? target : target.substr(slash + 1);
  constexpr std::string_view kName = "sendmessage";
  return method.size() == kName.size() &&
         std::equal(method.begin(), method.end(), kName.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

// Beast's request parser, made safe for Telegram's 256 KiB request head: Beast's header container
// stores no field longer than 64 KiB and throws (out of the io thread, ending the process) when
// asked to. A field that long is refused here like a head over the limit (431) instead.
class RequestParser : public http::request_parser<http::string_body> {
  static constexpr std::size_t kMaxFieldBytes = std::numeric_limits<std::uint16_t>::max() - 2;

  void on_field_impl(http::field name, beast::string_view name_string, beast::string_view value,
                     beast::error_code& ec) override {
    if (name_string.size() > kMaxFieldBytes || value.size() > kMaxFieldBytes) {
      ec = http::error::header_limit;
      return;
    }
    get().insert(name, name_string, value);
  }
};

// A request line that starts as Telegram's reader wants one, "GET " or "POST ": Telegram checks the
// verb before the version, so only such a line with a version it does not speak gets 505.
bool starts_with_get_or_post(const beast::flat_buffer& buffer) {
  const auto data = buffer.data();
  const std::string_view text(static_cast<const char*>(data.data()), data.size());
  return text.starts_with("GET ") || text.starts_with("POST ");
}

// Whether a connection's stream is HTTPS (a TLS handshake comes before its first request).
template <typename Stream>
constexpr bool kIsTls = false;
template <typename Next>
constexpr bool kIsTls<beast::ssl_stream<Next>> = true;

// What an outage needs of a connection: to be cut, from any thread.
class SessionBase {
 public:
  virtual ~SessionBase() = default;
  virtual void cut() = 0;
};

// The open connections, so an outage can cut them, and whether an outage is on.
class SessionRegistry {
 public:
  // Set before the cuts go out, which each connection carries out later on its own strand: a
  // request already read by then must not be answered in between, since the server is gone.
  void set_down(bool down) { down_ = down; }
  bool down() const { return down_; }

  std::uint64_t add(std::weak_ptr<SessionBase> session) {
    std::lock_guard lock(mutex_);
    const std::uint64_t id = next_id_++;
    live_.emplace(id, std::move(session));
    return id;
  }
  void remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    live_.erase(id);
  }
  std::vector<std::shared_ptr<SessionBase>> snapshot() {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<SessionBase>> out;
    for (auto& [id, weak] : live_) {
      if (auto session = weak.lock()) out.push_back(std::move(session));
    }
    return out;
  }

 private:
  std::mutex mutex_;
  std::uint64_t next_id_ = 1;
  std::unordered_map<std::uint64_t, std::weak_ptr<SessionBase>> live_;
  std::atomic<bool> down_{false};
};

// One connection: read a request, let the API answer, wait out the network model, write, repeat.
template <typename Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  template <typename... Args>
  Session(BotApi& api, NetworkModel& model, ServerCounters& counters, std::shared_ptr<SessionRegistry> registry,
          ConnectionLimits limits, Args&&... args)
      : stream_(std::forward<Args>(args)...),
        delay_(stream_.get_executor()),
        api_(api),
        model_(model),
        counters_(counters),
        registry_(std::move(registry)),
        limits_(limits),
        rng_(model.faults.derive_seed()) {
    ++counters_.connections;
  }
  ~Session() override {
    if (held_) --counters_.in_flight;
    if (stalled_) --counters_.stalled;
    if (registry_id_ != 0) registry_->remove(registry_id_);
    --counters_.connections;
  }

  // An outage: close now. An executed sendMessage whose answer is still waiting is lost with it.
  void cut() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->lose_pending_reply();
      self->delay_.cancel();
      self->close();
    });
  }

  void start() {
    registry_id_ = registry_->add(this->weak_from_this());
    if constexpr (!kIsTls<Stream>) {
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
  // Waits for the next request. Two clocks: a kept-alive connection may idle for kIdleTimeout
  // before it sends anything, but a request that has begun must complete its head within
  // header_timeout, as Telegram's front end closes a request left half sent instead of holding a
  // connection for it (nginx's client_header_timeout, against slowloris).
  void do_read() {
    fault_.reset();
    send_message_ = false;
    parser_.emplace();
    parser_->body_limit(limits_.body_bytes);
    parser_->header_limit(kMaxHeaderBytes);  // Telegram's limit on the request head
    if (buffer_.size() > 0) return read_rest_of_head();  // pipelined: the next request has begun
    beast::get_lowest_layer(stream_).expires_after(kIdleTimeout);
    stream_.async_read_some(buffer_.prepare(beast::read_size(buffer_, kReadChunkBytes)),
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                              self->buffer_.commit(n);
                              if (ec) return self->on_read(ec);  // closed or idle too long
                              self->on_first_bytes();
                            });
  }

  // The head usually arrives in one read: parsed here, as async_read_header would parse it, it
  // needs no second operation (which, with nothing left to read, would only post its completion).
  void on_first_bytes() {
    beast::error_code ec;
    buffer_.consume(parser_->put(buffer_.data(), ec));
    if (ec == http::error::need_more) return read_rest_of_head();
    if (ec) return on_read(ec);
    on_header(ec);
  }

  void read_rest_of_head() {
    beast::get_lowest_layer(stream_).expires_after(limits_.header_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_read(ec);
    beast::get_lowest_layer(stream_).expires_after(kReadTimeout);
    // Refused before the body is read, as Telegram refuses them (and without asking for the body).
    if (auto refusal = refusal_for_head(parser_->get())) return refuse(std::move(*refusal));
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
    // A request without a body (getMe, any GET) is complete with its head: Beast's async_read
    // would read nothing and only post its completion, a trip through the scheduler per request.
    if (parser_->is_done()) return on_read(beast::error_code{});
    http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code e, std::size_t) {
      self->on_read(e);
    });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::body_limit) return refuse(body_over_limit());
    if (ec == http::error::bad_version && starts_with_get_or_post(buffer_)) {
      return refuse({505, "HTTP Version Not Supported"});
    }
    if (ec == http::error::header_limit) {
      return refuse({431, "Request Header Fields Too Large: total headers size exceeded"});
    }
    const beast::error_code eos = http::error::end_of_stream;
    if (ec && ec.category() == eos.category() && ec != http::error::end_of_stream &&
        ec != http::error::partial_message) {
      // A protocol error: answer it once, then close.
      return refuse({400, "Bad Request: malformed HTTP request"});
    }
    if (ec) return close();  // peer closed, timed out, reset: nothing to answer
    if (registry_->down()) return close();  // read just before an outage began: never answered
    beast::get_lowest_layer(stream_).expires_never();

    auto& request = parser_->get();
    const std::string_view target(request.target().data(), request.target().size());
    const auto content_type = request[http::field::content_type];
    const std::string_view type(content_type.data(), content_type.size());
    const auto question = target.find('?');
    const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
    if (auto refusal = refusal_for(query, type, request.body())) return refuse(std::move(*refusal));
    keep_alive_ = request.keep_alive();
    hold();
    send_message_ = is_send_message(target);
    const auto draw = model_.faults.draw();
    fault_ = draw.kind;
    if (fault_) model_.ledger.count_fault(*fault_);
    if (fault_ == FaultKind::server_error) {
      return delay_then_send(error_reply(draw.status, server_error_text(draw.status)));
    }
    if (fault_ == FaultKind::reset) {
      ApiReply failure;
      failure.drop_connection = true;
      return delay_then_send(std::move(failure));
    }
    if (fault_ == FaultKind::rate_limit) {
      const int seconds = model_.faults.options().retry_after_s;
      return delay_then_send(error_reply(429, "Too Many Requests: retry after " + std::to_string(seconds), seconds));
    }
    // No fault, or one (drop, stall) that strikes after the call was carried out.
    const HttpCall call{std::string_view(request.method_string().data(), request.method_string().size()), target,
                        type, request.body()};
    api_.handle(call, [self = this->shared_from_this()](ApiReply reply) {
      // Onto this connection's executor: at once when the API answers on it (most calls), else (a
      // long poll ended by another connection or a timer) queued there.
      asio::dispatch(self->stream_.get_executor(), [self, reply = std::move(reply)]() mutable {
        // An accepted sendMessage: the chat has the reply; from here on, losing the answer makes
        // the bot send it again.
        self->reply_pending_ = self->send_message_ && reply.status == 200;
        self->delay_then_send(std::move(reply));
      });
    });
  }

  // What Telegram refuses from the request head alone (tdlib HttpReader::parse_head, read_next).
  static std::optional<Refusal> refusal_for_head(const http::request<http::string_body>& request) {
    if (request.method() != http::verb::get && request.method() != http::verb::post) {
      return Refusal{501, "Not Implemented"};
    }
    if (request.version() != 10 && request.version() != 11) return Refusal{505, "HTTP Version Not Supported"};
    const auto transfer = request[http::field::transfer_encoding];
    if (!transfer.empty() && !beast::iequals(transfer, "chunked")) {
      return Refusal{501, "Unimplemented: unsupported transfer-encoding"};
    }
    // Telegram inflates gzip and deflate bodies; the emulator does not, so it refuses them as
    // Telegram refuses any other encoding.
    const auto encoding = request[http::field::content_encoding];
    if (!encoding.empty() && !beast::iequals(encoding, "none")) {
      return Refusal{415, "Unsupported Media Type: unsupported content-encoding"};
    }
    return std::nullopt;
  }

  // A body over the emulator's cap (EmulatorOptions::max_body_bytes). Telegram's own cap on a body is
  // 4 GiB; its parameters are capped at 1 MiB, which is what a form or JSON body this large runs into.
  Refusal body_over_limit() const {
    const auto content_type = parser_->get()[http::field::content_type];
    const auto kind = body_kind(std::string_view(content_type.data(), content_type.size()));
    if (kind == BodyKind::form || kind == BodyKind::json) return {413, "Request Entity Too Large: too many parameters"};
    // Beast reports body_limit while it finishes the head, before is_header_done(): content_length()
    // asserts on that, so the declared length is read from the header field itself then.
    if (parser_->is_header_done()) {
      if (const auto length = parser_->content_length()) {
        return {413, "Request Entity Too Large: content length is " + std::to_string(*length)};
      }
    } else if (const auto declared = parser_->get()[http::field::content_length];
               !declared.empty() && std::all_of(declared.begin(), declared.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return {413, "Request Entity Too Large: content length is " + std::string(declared)};
    }
    return {413, "Request Entity Too Large: the body is over the emulator's limit"};
  }

  // Telegram's answer to a refused request: the status line, no body, and the connection closed.
  // The description, which Telegram only logs, goes in X-Tgperf-Reason so that a user can see it.
  void refuse(Refusal refusal) {
    keep_alive_ = false;
    hold();
    response_ = {};
    response_.version(11);
    response_.result(refusal.status);
    response_.reason(reason_phrase(refusal.status));
    response_.set(http::field::server, "tgperf-emulator");
    response_.set("X-Tgperf-Reason", refusal.description);
    response_.keep_alive(false);
    response_.prepare_payload();  // Content-Length: 0
    beast::get_lowest_layer(stream_).expires_after(kReadTimeout);
    http::async_write(stream_, response_, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      self->release();
      if (ec) return self->close();
      self->drain_and_close();
    });
  }

  // Closes after a refusal without resetting: the client may still be sending the body we refused,
  // and closing a socket with unread input sends a RST that can destroy our answer before the
  // client reads it. So: stop sending, read and discard until the client closes (or a few seconds).
  void drain_and_close() {
    beast::error_code ignored;
    beast::get_lowest_layer(stream_).socket().shutdown(tcp::socket::shutdown_send, ignored);
    beast::get_lowest_layer(stream_).expires_after(kDrainTimeout);
    drain_.resize(16 * 1024);
    discard_input();
  }

  void discard_input() {
    beast::get_lowest_layer(stream_).async_read_some(
        asio::buffer(drain_), [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
          if (ec) return self->close();  // the client closed, or kDrainTimeout passed
          self->discard_input();
        });
  }

  // The reason phrases Telegram's status lines use (tdlib HttpHeaderCreator), where Beast's differ.
  static beast::string_view reason_phrase(unsigned status) {
    if (status == 413) return "Request Entity Too Large";
    return http::obsolete_reason(static_cast<http::status>(status));
  }

  // Counts an executed sendMessage whose answer the bot will not (or not in time) see.
  void lose_pending_reply() {
    if (!reply_pending_) return;
    reply_pending_ = false;
    model_.ledger.count_unacknowledged_reply();
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

  void delay_then_send(ApiReply reply) {
    Duration delay = delay_for(model_, rng_);
    if (fault_ == FaultKind::stall) {
      // Held past any sane client timeout; the client gives up and, for sendMessage, retries a
      // call that was carried out.
      delay += model_.faults.options().stall_for;
      lose_pending_reply();
      stalled_ = true;
      ++counters_.stalled;
    }
    if (delay <= Duration::zero()) return send(std::move(reply));
    delay_.expires_after(delay);
    delay_.async_wait([self = this->shared_from_this(), reply = std::move(reply)](beast::error_code ec) mutable {
      self->end_stall();
      if (ec) return self->close();
      self->send(std::move(reply));
    });
  }

  void end_stall() {
    if (stalled_) --counters_.stalled;
    stalled_ = false;
  }

  void send(ApiReply reply) {
    if (registry_->down()) lose_pending_reply();  // carried out, and the answer lost with the server
    if (reply.drop_connection || registry_->down()) {
      release();
      return close();
    }
    write_response_head(ResponseHead{reply.status, reply.retry_after, keep_alive_, reply.body.size()}, head_);
    body_ = std::move(reply.body);
    beast::get_lowest_layer(stream_).expires_after(kReadTimeout);
    if (fault_ == FaultKind::drop) return send_part_and_close();
    const std::array<asio::const_buffer, 2> reply_bytes{asio::buffer(head_), asio::buffer(body_)};
    asio::async_write(stream_, reply_bytes, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) self->lose_pending_reply();
      self->reply_pending_ = false;
      self->release();
      if (ec || !self->keep_alive_) return self->close();
      self->do_read();
    });
  }

  // The drop fault: the status line, the headers (with the full Content-Length) and half of the
  // body go out, then the connection closes, as a proxy or link dying mid-transfer would leave it.
  void send_part_and_close() {
    lose_pending_reply();
    head_.append(body_, 0, body_.size() / 2);
    asio::async_write(stream_, asio::buffer(head_), [self = this->shared_from_this()](beast::error_code, std::size_t) {
      self->release();
      self->close();
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
  std::optional<RequestParser> parser_;
  http::response<http::string_body> response_;  // a refusal while it is written
  std::string head_;  // the reply's status line and headers, written in place (capacity reused)
  std::string body_;  // the reply's body while it is written
  std::unique_ptr<http::response<http::empty_body>> continue_;  // the interim 100 while it is written
  std::string drain_;    // where a refused request's remaining input is discarded
  asio::steady_timer delay_;
  BotApi& api_;
  NetworkModel& model_;
  ServerCounters& counters_;
  std::shared_ptr<SessionRegistry> registry_;
  std::uint64_t registry_id_ = 0;
  ConnectionLimits limits_;
  std::minstd_rand rng_;
  bool keep_alive_ = true;
  bool held_ = false;
  std::optional<FaultKind> fault_;  // drawn for the request being answered
  bool send_message_ = false;       // the request being answered is a sendMessage
  bool reply_pending_ = false;      // ... that was carried out; its answer is not yet written
  bool stalled_ = false;            // counted in counters_.stalled
};

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(asio::io_context& io, const EmulatorOptions& options, BotApi& api, Ledger& ledger, ServerCounters& counters)
      : io(io),
        acceptor(asio::make_strand(io)),
        retry(acceptor.get_executor()),
        api(api),
        counters(counters),
        model(options, ledger),
        registry(std::make_shared<SessionRegistry>()),
        limits{options.max_body_bytes, options.header_timeout},
        io_threads(options.threads),
        tls(options.tls) {
    if (tls) {
      ssl.emplace(asio::ssl::context::tls_server);
      ssl->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                       asio::ssl::context::no_tlsv1_1);
      beast::error_code ec;
      ssl->use_certificate_chain_file(options.cert_file, ec);
      if (ec) throw CertificateError("cannot load certificate " + options.cert_file + ": " + ec.message());
      ssl->use_private_key_file(options.key_file, asio::ssl::context::pem, ec);
      if (ec) throw CertificateError("cannot load key " + options.key_file + ": " + ec.message());
    }
    beast::error_code ec;
    const auto address = asio::ip::make_address(options.host, ec);
    if (ec) throw std::runtime_error("cannot listen on '" + options.host + "': not an IP address");
    endpoint = tcp::endpoint(address, options.port);
    const auto where = [&] {
      return (address.is_v6() ? "[" + options.host + "]" : options.host) + ":" + std::to_string(options.port);
    };
    listen(ec);
    if (ec) throw std::runtime_error("cannot listen on " + where() + ": " + ec.message());
    bound_port = acceptor.local_endpoint().port();
    endpoint.port(bound_port);  // an outage comes back on the same port, even an ephemeral one
  }

  void listen(beast::error_code& ec) {
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      beast::error_code ignored;
      acceptor.close(ignored);
    }
  }

  // Where a connection's handlers run, one at a time: a strand of its own when several threads
  // run io; io itself when one does, where a strand would only add its lock and queue to every
  // handler of every request.
  void do_accept() {
    if (tls) {
      acceptor.async_accept(tls_connection_executor(),
                            [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
                              self->on_accept(ec, std::move(socket));
                            });
    } else if (io_threads > 1) {
      accept_on(asio::make_strand(io));
    } else {
      accept_on(io.get_executor());
    }
  }

  // Plain HTTP: the connection's stream holds its executor by its own type, not type-erased as
  // asio::any_io_executor, which every asynchronous operation of every request copies and destroys.
  template <typename Executor>
  void accept_on(Executor executor) {
    acceptor.async_accept(executor, [self = shared_from_this()](beast::error_code ec,
                                                                asio::basic_stream_socket<tcp, Executor> socket) {
      self->on_accept(ec, std::move(socket));
    });
  }

  asio::any_io_executor tls_connection_executor() {
    if (io_threads > 1) return asio::make_strand(io);
    return io.get_executor();
  }

  template <typename Socket>
  void on_accept(beast::error_code ec, Socket socket) {
    // Closed by stop or an outage (a reopened acceptor has its own accept running).
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      // Out of descriptors or a similar transient failure: try again shortly instead of spinning.
      retry.expires_after(std::chrono::milliseconds(50));
      retry.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->do_accept();
      });
      return;
    }
    socket.set_option(tcp::no_delay(true), ec);
    if constexpr (std::is_same_v<Socket, tcp::socket>) {
      std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(api, model, counters, registry, limits,
                                                                       std::move(socket), *ssl)
          ->start();
    } else {
      using Stream = beast::basic_stream<tcp, typename Socket::executor_type>;
      std::make_shared<Session<Stream>>(api, model, counters, registry, limits, std::move(socket))->start();
    }
    do_accept();
  }

  // An outage begins: nothing listens on the port any more, and every open connection is cut.
  void go_down() {
    if (!available || stopped) return;
    available = false;
    registry->set_down(true);
    beast::error_code ignored;
    acceptor.close(ignored);
    retry.cancel();
    const auto sessions = registry->snapshot();
    for (const auto& session : sessions) session->cut();
    model.ledger.count_outage(sessions.size());
  }

  // The outage ends: listen again on the same port (retried while the port is not free yet).
  void come_back() {
    if (available || stopped) return;
    beast::error_code ec;
    listen(ec);
    if (ec) {
      retry.expires_after(std::chrono::milliseconds(50));
      retry.async_wait([self = shared_from_this()](beast::error_code e) {
        if (!e) self->come_back();
      });
      return;
    }
    available = true;
    registry->set_down(false);
    do_accept();
  }

  void set_available(bool up) {
    asio::post(acceptor.get_executor(), [self = shared_from_this(), up] {
      if (up) {
        self->come_back();
      } else {
        self->go_down();
      }
    });
  }

  void stop() {
    stopped = true;
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
  std::shared_ptr<SessionRegistry> registry;
  ConnectionLimits limits;
  unsigned io_threads;  // how many threads run io (EmulatorOptions::threads)
  bool tls;
  std::optional<asio::ssl::context> ssl;
  tcp::endpoint endpoint;
  std::uint16_t bound_port = 0;
  bool available = true;            // on the acceptor's strand
  std::atomic<bool> stopped{false};
};

HttpServer::HttpServer(asio::io_context& io, const EmulatorOptions& options, BotApi& api, Ledger& ledger,
                       ServerCounters& counters)
    : impl_(std::make_shared<Impl>(io, options, api, ledger, counters)) {
  impl_->do_accept();
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

void HttpServer::stop_accepting() { impl_->stop(); }

void HttpServer::set_available(bool available) { impl_->set_available(available); }

std::uint64_t HttpServer::fault_seed() const { return impl_->model.faults.seed(); }

}  // namespace tgperf::emulator
