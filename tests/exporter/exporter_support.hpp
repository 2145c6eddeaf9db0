#pragma once
// Helpers for the exporter's tests: a plain HTTP/1.1 GET over a loopback socket (Connection:
// close, read to EOF) and the samples of a Prometheus text exposition.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace tgperf::test {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

inline HttpAnswer http_get(std::uint16_t port, const std::string& target, const std::string& extra_headers = "") {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect");
  }
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extra_headers + "\r\n";
  if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    ::close(fd);
    throw std::runtime_error("send");
  }
  std::string raw;
  char buffer[4096];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) raw.append(buffer, static_cast<std::size_t>(n));
  ::close(fd);
  HttpAnswer answer;
  if (raw.size() < 12) return answer;
  answer.status = std::stoi(raw.substr(9, 3));
  const auto head_end = raw.find("\r\n\r\n");
  if (head_end != std::string::npos) answer.body = raw.substr(head_end + 4);
  return answer;
}

// The lines of the exposition that are samples (not comments) and start with `prefix`.
inline std::vector<std::string> sample_lines(const std::string& exposition, const std::string& prefix) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < exposition.size()) {
    auto end = exposition.find('\n', start);
    if (end == std::string::npos) end = exposition.size();
    const std::string line = exposition.substr(start, end - start);
    if (!line.starts_with('#') && line.starts_with(prefix)) out.push_back(line);
    start = end + 1;
  }
  return out;
}

// The value of the one sample whose line starts with `prefix` followed by a space or '{'; nothing
// when there is none.
inline std::optional<double> sample_value(const std::string& exposition, const std::string& series) {
  for (const auto& line : sample_lines(exposition, series)) {
    if (line.size() > series.size() && line[series.size()] == ' ') return std::stod(line.substr(series.size() + 1));
  }
  return std::nullopt;
}

inline void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path) << text;
}

}  // namespace tgperf::test
