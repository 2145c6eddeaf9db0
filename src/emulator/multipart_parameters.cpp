// A multipart/form-data body read as tdlib's HttpReader reads it (ReadMultipartFormData). Unlike a
// form or JSON body, a malformed multipart body is refused with the status Telegram answers.
#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <string_view>

#include "body_parsers.hpp"
#include "tgperf/core/ascii.hpp"
#include "telegram_space.hpp"

namespace tgperf::emulator {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_telegram_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_telegram_space(s.back())) s.remove_suffix(1);
  return s;
}

Refusal bad_request(std::string_view what) { return {400, "Bad Request: " + std::string(what)}; }

// The boundary from the Content-Type: after the first "boundary" (any case), past its '=', up to ';'
// or the end, without surrounding quotes. Not trimmed: Telegram does not trim it either.
std::optional<std::string> boundary_of(std::string_view content_type, std::optional<Refusal>& refusal) {
  const auto key = ascii_lower(content_type).find("boundary");
  if (key == std::string::npos) {
    refusal = bad_request("boundary not found");
    return std::nullopt;
  }
  const auto eq = content_type.find('=', key + 8);
  if (eq == std::string_view::npos) {
    refusal = bad_request("boundary value not found");
    return std::nullopt;
  }
  std::string_view value = content_type.substr(eq + 1);
  value = value.substr(0, value.find(';'));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  if (value.empty() || value.size() > kMaxBoundaryBytes) {
    refusal = bad_request("boundary too big or empty");
    return std::nullopt;
  }
  return std::string(value);
}

// What a part's headers say about it.
struct PartHeaders {
  std::string name;
  bool is_file = false;  // a filename was given
  std::string content_type = "application/octet-stream";
};

// One Content-Disposition header value after "form-data;": key=value pairs, quoted or not.
std::optional<Refusal> read_disposition(std::string_view value, PartHeaders& part) {
  while (true) {
    value = trim(value);
    const auto eq = value.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const auto key = trim(value.substr(0, eq));
    value.remove_prefix(eq + 1);
    while (!value.empty() && is_telegram_space(value.front())) value.remove_prefix(1);
    std::string text;
    if (!value.empty() && value.front() == '"') {
      std::size_t i = 1;
      while (true) {
        if (i == value.size()) return bad_request("unclosed quoted string in Content-Disposition header");
        char c = value[i++];
        if (c == '"') break;
        if (c == '\\') {
          if (i == value.size()) return bad_request("wrong escape sequence in Content-Disposition header");
          c = value[i++];
        }
        text.push_back(c);
      }
      value.remove_prefix(i);
      while (!value.empty() && is_telegram_space(value.front())) value.remove_prefix(1);
      if (!value.empty()) {
        if (value.front() != ';') return bad_request("expected ';' in Content-Disposition header");
        value.remove_prefix(1);
      }
    } else {
      const auto semicolon = value.find(';');
      text = std::string(trim(value.substr(0, semicolon)));
      value = semicolon == std::string_view::npos ? std::string_view{} : value.substr(semicolon + 1);
    }
    text = percent_decode(text, false);
    if (key == "name") {
      part.name = std::move(text);
    } else if (key == "filename") {
      part.is_file = true;
    }
  }
}

// The header block of one part, each line "Name: value" ending in CRLF, folded lines joined.
std::optional<Refusal> read_part_headers(std::string_view block, PartHeaders& part) {
  while (!block.empty()) {
    const auto colon = block.find(':');
    if (colon == std::string_view::npos) return bad_request("can't parse form data headers");
    const auto name = ascii_lower(trim(block.substr(0, colon)));
    block.remove_prefix(colon + 1);
    const char* value_begin = block.data();
    const char* value_end = value_begin;
    do {
      const auto cr = block.find('\r');
      if (cr == std::string_view::npos) return bad_request("can't parse form data headers");
      value_end = block.data() + cr;
      block.remove_prefix(cr);
      if (!block.starts_with("\r\n")) return bad_request("can't parse form data headers");
      block.remove_prefix(2);
    } while (!block.empty() && (block.front() == ' ' || block.front() == '\t'));
    const auto value = trim(std::string_view(value_begin, static_cast<std::size_t>(value_end - value_begin)));
    if (name == "content-disposition") {
      constexpr std::string_view kFormData = "form-data;";
      if (!value.starts_with(kFormData)) return bad_request("expected form-data content disposition");
      if (auto refusal = read_disposition(value.substr(kFormData.size()), part)) return refusal;
    } else if (name == "content-type") {
      part.content_type = std::string(value);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<Refusal> add_multipart_parameters(nlohmann::json& out, std::size_t& files, std::string_view content_type,
                                                std::string_view body, std::size_t parameter_bytes) {
  std::optional<Refusal> refusal;
  const auto boundary = boundary_of(content_type, refusal);
  if (!boundary) return refusal;
  const Refusal truncated = bad_request("unexpected end of request content");
  const std::string delimiter = "\r\n--" + *boundary;

  // The prologue: everything up to the first boundary (which needs no CRLF before it).
  auto at = body.find(std::string_view(delimiter).substr(2));
  if (at == std::string_view::npos) return truncated;
  std::size_t pos = at + delimiter.size() - 2;
  std::size_t header_bytes = 0;
  while (true) {
    // The part's headers: from the CRLF after the boundary to the blank line.
    const auto blank = body.find("\r\n\r\n", pos);
    if (blank == std::string_view::npos) {
      if (header_bytes + (body.size() - pos) > kMaxHeaderBytes) {
        return Refusal{431, "Request Header Fields Too Large: total headers size exceeded"};
      }
      return truncated;
    }
    const std::size_t length = blank - pos;
    header_bytes += length;
    if (header_bytes > kMaxHeaderBytes) return Refusal{431, "Request Header Fields Too Large: total headers size exceeded"};
    if (length == 0) return bad_request("headers in multipart/form-data are empty");
    PartHeaders part;
    // Telegram skips two bytes after the boundary without looking at them; so does this.
    if (auto bad = read_part_headers(body.substr(pos + 2, length), part)) return bad;
    if (part.name.empty()) return bad_request("field name in multipart/form-data not found");
    if (part.is_file && files == kMaxFiles) return Refusal{413, "Request Entity Too Large: too many files attached"};

    const std::size_t content_start = blank + 4;
    const auto end = body.find(delimiter, content_start);
    if (end == std::string_view::npos) {
      if (!part.is_file && parameter_bytes + (body.size() - content_start) > kMaxParameterBytes) {
        return Refusal{413, "Request Entity Too Large: too many parameters in form data"};
      }
      return truncated;
    }
    const auto value = body.substr(content_start, end - content_start);
    if (part.is_file) {
      ++files;  // an upload, not a parameter: Telegram hands it over as a file
    } else {
      // Telegram checks each value against the limit but never adds plain values to its running
      // total; only urlencoded parts (below) and the query string count towards it.
      if (parameter_bytes + value.size() > kMaxParameterBytes) {
        return Refusal{413, "Request Entity Too Large: too many parameters in form data"};
      }
      if (part.content_type.starts_with("application/x-www-form-urlencoded")) {
        parameter_bytes += value.size();
        if (parameter_bytes > kMaxParameterBytes) return Refusal{413, "Request Entity Too Large: too many parameters"};
        add_form_parameters(out, value);
      } else {
        add_parameter(out, std::move(part.name), std::string(value));
      }
    }
    pos = end + delimiter.size();
    if (body.size() - pos < 2) return truncated;
    if (body.substr(pos, 2) == "--") return std::nullopt;  // the closing boundary; the epilogue is ignored
  }
}

}  // namespace tgperf::emulator
