#include "webhook_receiver.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace tgperf::test {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string reason(int status) {
  switch (status) {
    case 200: return "OK";
    case 403: return "Forbidden";
    case 502: return "Bad Gateway";
    default: return "Status";
  }
}

}  // namespace

WebhookReceiver::WebhookReceiver(Handler handler) : handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(listen_fd_, 128) != 0 ||
      ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    throw std::runtime_error("webhook receiver: cannot listen on loopback");
  }
  port_ = ntohs(addr.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

WebhookReceiver::~WebhookReceiver() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (int fd : connection_fds_) ::shutdown(fd, SHUT_RDWR);
  }
  released_.notify_all();
  ::shutdown(listen_fd_, SHUT_RDWR);
  ::close(listen_fd_);
  acceptor_.join();
  for (auto& t : connections_) t.join();
  for (int fd : connection_fds_) ::close(fd);
}

std::string WebhookReceiver::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + path;
}

void WebhookReceiver::accept_loop() {
  for (;;) {
    const int fd = ::accept(listen_fd_, nullptr, nullptr);
    if (fd < 0) return;
    std::lock_guard lock(mutex_);
    if (stopping_) {
      ::close(fd);
      return;
    }
    connection_fds_.push_back(fd);
    const int connection = static_cast<int>(connections_.size());
    connections_.emplace_back([this, fd, connection] { serve(fd, connection); });
  }
}

void WebhookReceiver::serve(int fd, int connection) {
  std::string buffer;
  char chunk[4096];
  for (;;) {
    // Headers, then Content-Length bytes of body.
    std::size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    const std::string head = buffer.substr(0, header_end);
    std::size_t content_length = 0;
    WebhookRequest request;
    std::size_t line_start = 0;
    bool first = true;
    while (line_start < head.size()) {
      auto line_end = head.find("\r\n", line_start);
      if (line_end == std::string::npos) line_end = head.size();
      const std::string line = head.substr(line_start, line_end - line_start);
      line_start = line_end + 2;
      if (first) {
        first = false;
        const auto a = line.find(' ');
        request.target = line.substr(a + 1, line.find(' ', a + 1) - a - 1);
        continue;
      }
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      const std::string name = lower(line.substr(0, colon));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      if (name == "content-length") content_length = std::stoul(value);
      if (name == "x-telegram-bot-api-secret-token") {
        request.has_secret_header = true;
        request.secret_header = value;
      }
    }
    while (buffer.size() < header_end + 4 + content_length) {
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, static_cast<std::size_t>(n));
    }
    request.update = nlohmann::json::parse(buffer.substr(header_end + 4, content_length), nullptr, false);
    buffer.erase(0, header_end + 4 + content_length);
    request.received_at = std::chrono::steady_clock::now();
    request.connection = connection;
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
      peak_ = std::max(peak_, ++open_);
    }
    const WebhookAnswer answer = handler_(request);
    {
      std::lock_guard lock(mutex_);
      --open_;
    }
    const std::string response = "HTTP/1.1 " + std::to_string(answer.status) + " " + reason(answer.status) +
                                 "\r\nContent-Type: application/json\r\nContent-Length: " +
                                 std::to_string(answer.body.size()) + "\r\n\r\n" + answer.body;
    if (::send(fd, response.data(), response.size(), MSG_NOSIGNAL) < 0) return;
  }
}

std::vector<WebhookRequest> WebhookReceiver::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int WebhookReceiver::open_now() const {
  std::lock_guard lock(mutex_);
  return open_;
}

int WebhookReceiver::open_peak() const {
  std::lock_guard lock(mutex_);
  return peak_;
}

void WebhookReceiver::hold_until_released() {
  std::unique_lock lock(mutex_);
  ++held_;
  const long ticket = next_ticket_++;
  released_.wait(lock, [&] { return ticket < released_through_ || stopping_; });
  --held_;
}

void WebhookReceiver::release(int n) {
  {
    std::lock_guard lock(mutex_);
    released_through_ += n;
  }
  released_.notify_all();
}

int WebhookReceiver::held() const {
  std::lock_guard lock(mutex_);
  return held_;
}

}  // namespace tgperf::test
