#pragma once
// The head of an emulator reply (status line and headers), written as text into a buffer the
// connection reuses. It is what Beast's serializer writes for the http::response the server used
// to build per reply (version 1.1; Server, Content-Type, Retry-After, Connection, Content-Length in
// that order), byte for byte, without the per-reply field allocations and the serializer's buffer
// sequence walk, which were a large share of a getMe's CPU time. Refusals, rare, still go through
// an http::response.
#include <boost/beast/http/status.hpp>

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tgperf::emulator {

struct ResponseHead {
  unsigned status = 200;
  std::optional<int> retry_after;  // seconds: a Retry-After header
  bool keep_alive = true;          // false: Connection: close
  std::size_t content_length = 0;  // of an application/json body
};

namespace response_head_detail {

template <typename Integer>
void append_decimal(std::string& out, Integer value) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

}  // namespace response_head_detail

// Replaces `out` with the head, keeping its capacity.
inline void write_response_head(const ResponseHead& head, std::string& out) {
  using response_head_detail::append_decimal;
  out.clear();
  out += "HTTP/1.1 ";
  append_decimal(out, head.status);
  out += ' ';
  const auto reason = boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(head.status));
  out.append(reason.data(), reason.size());
  out += "\r\nServer: tgperf-emulator\r\nContent-Type: application/json\r\n";
  if (head.retry_after) {
    out += "Retry-After: ";
    append_decimal(out, *head.retry_after);
    out += "\r\n";
  }
  if (!head.keep_alive) out += "Connection: close\r\n";
  out += "Content-Length: ";
  append_decimal(out, head.content_length);
  out += "\r\n\r\n";
}

}  // namespace tgperf::emulator
