#include "tgperf/report/write_out.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tgperf/core/bounded_file.hpp"
#include "tgperf/core/usage_error.hpp"
#include "tgperf/core/ascii.hpp"

namespace tgperf::report {

using http::Micros;
namespace {

// How a value prints: as text in a template, and as a JSON value inside %{json}.
struct Value {
  enum class Kind { text, nullable_text, number_text } kind;
  std::string text;
};

// curl prints times as seconds with six decimals, from integer microseconds.
std::string seconds6(Micros t) {
  const auto us = std::max<std::int64_t>(t.count(), 0);
  return fmt::format("{}.{:06}", us / 1000000, us % 1000000);
}

// curl's write-out spells HTTP/1.0 "1" and an unknown version "0".
std::string curl_http_version(const std::string& v) {
  if (v.empty()) return "0";
  if (v == "1.0") return "1";
  return v;
}

std::string upper(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return text;
}

using Getter = std::function<Value(const botapi::TimingRecord&)>;

Value number(std::string s) { return {Value::Kind::number_text, std::move(s)}; }
Value text(std::string s) { return {Value::Kind::text, std::move(s)}; }
Value nullable(std::string s) { return {Value::Kind::nullable_text, std::move(s)}; }

const std::map<std::string, Getter>& getters() {
  static const std::map<std::string, Getter> table = {
      {"content_type", [](const botapi::TimingRecord& r) { return nullable(r.response.content_type); }},
      {"errormsg", [](const botapi::TimingRecord& r) { return nullable(r.response.error); }},
      {"exitcode", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.curl_code)); }},
      {"http_code", [](const botapi::TimingRecord& r) { return number(fmt::format("{:03}", r.response.http_code)); }},
      {"http_version", [](const botapi::TimingRecord& r) { return text(curl_http_version(r.response.http_version)); }},
      {"local_ip", [](const botapi::TimingRecord& r) { return text(r.response.local_ip); }},
      {"local_port", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.local_port)); }},
      {"method", [](const botapi::TimingRecord& r) { return text(r.method); }},
      {"num_connects", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.times.num_connects)); }},
      {"num_redirects", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.times.num_redirects)); }},
      {"remote_ip", [](const botapi::TimingRecord& r) { return text(r.response.remote_ip); }},
      {"remote_port", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.remote_port)); }},
      {"response_code", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.http_code)); }},
      // libcurl 7 reports the scheme in upper case and curl -w prints it so: "HTTPS".
      {"scheme", [](const botapi::TimingRecord& r) { return nullable(upper(r.response.scheme)); }},
      {"size_download", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.size_download)); }},
      {"size_header", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.size_header)); }},
      {"size_request", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.size_request)); }},
      {"size_upload", [](const botapi::TimingRecord& r) { return number(std::to_string(r.response.size_upload)); }},
      {"speed_download",
       [](const botapi::TimingRecord& r) { return number(fmt::format("{:.0f}", r.response.speed_download)); }},
      {"speed_upload", [](const botapi::TimingRecord& r) { return number(fmt::format("{:.0f}", r.response.speed_upload)); }},
      {"time_appconnect", [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.appconnect)); }},
      {"time_connect", [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.connect)); }},
      {"time_namelookup", [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.namelookup)); }},
      {"time_pretransfer", [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.pretransfer)); }},
      {"time_redirect", [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.redirect)); }},
      {"time_starttransfer",
       [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.starttransfer)); }},
      {"time_total", [](const botapi::TimingRecord& r) { return number(seconds6(r.response.times.total)); }},
      {"url", [](const botapi::TimingRecord& r) { return text(r.url); }},
      {"url_effective", [](const botapi::TimingRecord& r) { return text(r.url); }},
      {"urlnum", [](const botapi::TimingRecord& r) { return number(std::to_string(r.seq - 1)); }},
  };
  return table;
}

// %{json}: every variable in one object, in curl's (alphabetical) order, times as numbers with
// six decimals as curl writes them.
std::string json_object(const botapi::TimingRecord& r) {
  std::string out = "{";
  bool first = true;
  for (const auto& [name, get] : getters()) {
    const Value v = get(r);
    if (!first) out += ',';
    first = false;
    out += nlohmann::json(name).dump() + ":";
    if (name == "http_code") {
      out += std::to_string(r.response.http_code);  // a number in JSON, not "000"
    } else if (v.kind == Value::Kind::number_text) {
      out += v.text;
    } else if (v.kind == Value::Kind::nullable_text && v.text.empty()) {
      out += "null";
    } else {
      out += nlohmann::json(v.text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
  }
  return out + "}";
}

// %{header_json}: as curl writes it, the response's header fields by lower-case name, each an
// array of its values in the order they arrived.
std::string header_json(const botapi::TimingRecord& r) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& h : r.response.headers) object[ascii_lower(h.name)].push_back(h.value);
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// %header{name}: the field's value (the first one of that name, matched in any case), else nothing.
std::string header_value(const botapi::TimingRecord& r, const std::string& name) {
  const std::string wanted = ascii_lower(name);
  for (const auto& h : r.response.headers) {
    if (ascii_lower(h.name) == wanted) return h.value;
  }
  return {};
}

// The %{...} names that are directions rather than values.
const std::map<std::string, int>& directives() {
  static const std::map<std::string, int> table = {{"stdout", 0}, {"stderr", 1}, {"onerror", 2},
                                                   {"json", 3},   {"header_json", 4}};
  return table;
}

}  // namespace

WriteOutTemplate WriteOutTemplate::parse(std::string_view in) {
  WriteOutTemplate t;
  std::string literal;
  auto flush = [&] {
    if (!literal.empty()) t.pieces_.push_back({Kind::literal, std::move(literal)});
    literal.clear();
  };
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%' && i + 1 < in.size() && in[i + 1] == '%') {
      literal.push_back('%');
      ++i;
    } else if (c == '%' && i + 1 < in.size() && in[i + 1] == '{') {
      const std::size_t end = in.find('}', i + 2);
      if (end == std::string_view::npos) {  // as curl: an unclosed %{ prints as it is
        literal.append(in.substr(i));
        break;
      }
      const std::string name = ascii_lower(std::string(in.substr(i + 2, end - i - 2)));
      flush();
      if (const auto directive = directives().find(name); directive != directives().end()) {
        constexpr Kind kinds[] = {Kind::to_stdout, Kind::to_stderr, Kind::on_error, Kind::json, Kind::header_json};
        t.pieces_.push_back({kinds[directive->second], name});
      } else if (getters().contains(name)) {
        t.pieces_.push_back({Kind::variable, name});
      } else {
        throw UsageError("unknown --write-out variable '" + std::string(in.substr(i + 2, end - i - 2)) + "'");
      }
      i = end;
    } else if (c == '%' && in.substr(i + 1).starts_with("header{")) {
      const std::size_t end = in.find('}', i + 8);
      if (end == std::string_view::npos) {  // as curl: an unclosed %header{ prints as it is
        literal.append(in.substr(i));
        break;
      }
      flush();
      t.pieces_.push_back({Kind::header, std::string(in.substr(i + 8, end - i - 8))});
      i = end;
    } else if (c == '\\' && i + 1 < in.size()) {
      switch (in[i + 1]) {
        case 'n': literal.push_back('\n'); break;
        case 'r': literal.push_back('\r'); break;
        case 't': literal.push_back('\t'); break;
        case '\\': literal.push_back('\\'); break;
        default:  // as curl: an unknown escape prints as it is
          literal.push_back('\\');
          literal.push_back(in[i + 1]);
      }
      ++i;
    } else {
      literal.push_back(c);
    }
  }
  flush();
  return t;
}

std::vector<WriteOutChunk> WriteOutTemplate::render_chunks(const botapi::TimingRecord& record) const {
  std::vector<WriteOutChunk> chunks;
  WriteOutStream stream = WriteOutStream::out;
  auto emit = [&](std::string text) {
    if (text.empty()) return;
    if (chunks.empty() || chunks.back().stream != stream) {
      chunks.push_back({stream, std::move(text)});
    } else {
      chunks.back().text += text;
    }
  };
  for (const auto& piece : pieces_) {
    switch (piece.kind) {
      case Kind::literal: emit(piece.text); break;
      case Kind::variable: emit(getters().at(piece.text)(record).text); break;
      case Kind::header: emit(header_value(record, piece.text)); break;
      case Kind::json: emit(json_object(record)); break;
      case Kind::header_json: emit(header_json(record)); break;
      case Kind::to_stdout: stream = WriteOutStream::out; break;
      case Kind::to_stderr: stream = WriteOutStream::err; break;
      case Kind::on_error:
        // As curl: the rest of the template is for a transfer that failed (a non-zero exit code).
        if (record.response.curl_code == 0) return chunks;
        break;
    }
  }
  return chunks;
}

std::string WriteOutTemplate::render(const botapi::TimingRecord& record) const {
  std::string out;
  for (const auto& chunk : render_chunks(record)) {
    if (chunk.stream == WriteOutStream::out) out += chunk.text;
  }
  return out;
}

std::string load_write_out_argument(std::string_view argument) {
  if (!argument.starts_with('@')) return std::string(argument);
  // Bounded: `-w @/dev/zero` or a huge file is refused at the limit instead of filling memory.
  std::string content = read_bounded_file(std::string(argument.substr(1)), "--write-out", kMaxWriteOutBytes);
  // As curl reads -w @file: line breaks in the file are not output.
  std::erase(content, '\n');
  std::erase(content, '\r');
  return content;
}

const std::vector<std::string>& write_out_variables() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [name, get] : getters()) v.push_back(name);
    v.push_back("json");
    std::sort(v.begin(), v.end());
    return v;
  }();
  return names;
}

const std::vector<std::string>& write_out_directives() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> v;
    for (const auto& [name, id] : directives()) {
      if (name != "json") v.push_back(name);
    }
    return v;
  }();
  return names;
}

}  // namespace tgperf::report
