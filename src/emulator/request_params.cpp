#include "tgperf/emulator/request_params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

namespace tgperf::emulator {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

void add_form(nlohmann::json& out, std::string_view form) {
  while (!form.empty()) {
    const auto amp = form.find('&');
    const auto pair = form.substr(0, amp);
    form = amp == std::string_view::npos ? std::string_view{} : form.substr(amp + 1);
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const auto name = percent_decode(pair.substr(0, eq), true);
    const auto value = eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true);
    if (!name.empty()) out[name] = value;
  }
}

// A header parameter such as `boundary=xyz` or `name="chat_id"` from a header value.
std::optional<std::string> header_attribute(std::string_view header, std::string_view attribute) {
  const std::string lowered = lower(header);
  const std::string key = std::string(attribute) + "=";
  std::size_t pos = 0;
  while ((pos = lowered.find(key, pos)) != std::string::npos) {
    // Must start a parameter: preceded by ';', ' ' or the start (so "filename=" is not "name=").
    if (pos == 0 || lowered[pos - 1] == ';' || lowered[pos - 1] == ' ' || lowered[pos - 1] == '\t') break;
    pos += key.size();
  }
  if (pos == std::string::npos) return std::nullopt;
  std::string_view value = header.substr(pos + key.size());
  if (!value.empty() && value.front() == '"') {
    value.remove_prefix(1);
    return std::string(value.substr(0, value.find('"')));
  }
  return std::string(trim(value.substr(0, value.find(';'))));
}

void add_multipart(nlohmann::json& out, std::string_view content_type, std::string_view body) {
  const auto boundary = header_attribute(content_type, "boundary");
  if (!boundary || boundary->empty()) throw BadParameter("Bad Request: multipart body without a boundary");
  const std::string delimiter = "--" + *boundary;
  auto pos = body.find(delimiter);
  while (pos != std::string_view::npos) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") break;  // the closing delimiter
    const auto headers_end = body.find("\r\n\r\n", pos);
    if (headers_end == std::string_view::npos) break;
    const auto headers = body.substr(pos, headers_end - pos);
    const auto content_start = headers_end + 4;
    const auto next = body.find("\r\n" + delimiter, content_start);
    const auto content = body.substr(content_start, next == std::string_view::npos ? std::string_view::npos
                                                                                     : next - content_start);
    // The part's name from its Content-Disposition line.
    std::size_t line_start = 0;
    while (line_start < headers.size()) {
      auto line_end = headers.find("\r\n", line_start);
      if (line_end == std::string_view::npos) line_end = headers.size();
      const auto line = headers.substr(line_start, line_end - line_start);
      if (lower(line.substr(0, 20)).starts_with("content-disposition:")) {
        if (auto name = header_attribute(line, "name"); name && !name->empty()) out[*name] = std::string(content);
      }
      line_start = line_end + 2;
    }
    if (next == std::string_view::npos) break;
    pos = next + 2;
  }
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
        continue;
      }
    }
    out.push_back(plus_is_space && c == '+' ? ' ' : c);
  }
  return out;
}

nlohmann::json parse_params(std::string_view query, std::string_view content_type, std::string_view body) {
  nlohmann::json out = nlohmann::json::object();
  add_form(out, query);
  const std::string type = lower(trim(content_type.substr(0, content_type.find(';'))));
  if (body.empty()) return out;
  if (type == "application/json") {
    auto parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) throw BadParameter("Bad Request: can't parse JSON object");
    if (!parsed.is_object()) throw BadParameter("Bad Request: JSON body must be an object");
    for (auto& [name, value] : parsed.items()) out[name] = std::move(value);
  } else if (type == "multipart/form-data") {
    add_multipart(out, content_type, body);
  } else if (type == "application/x-www-form-urlencoded" || type.empty()) {
    add_form(out, body);
  }
  return out;
}

std::optional<std::int64_t> int_param(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  if (it == params.end() || it->is_null()) return std::nullopt;
  if (it->is_number_integer()) return it->get<std::int64_t>();
  if (it->is_number_float()) {
    const double d = it->get<double>();
    // Range first: converting a double outside int64's range (1.5e300) is undefined behaviour.
    if (std::trunc(d) == d && d >= -9223372036854775808.0 && d < 9223372036854775808.0) {
      return static_cast<std::int64_t>(d);
    }
  }
  if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    std::string_view text = trim(s);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size() && !text.empty()) return value;
  }
  throw BadParameter(std::string("Bad Request: invalid ") + name + " specified");
}

std::optional<std::string> string_param(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  if (it == params.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  throw BadParameter(std::string("Bad Request: invalid ") + name + " specified");
}

std::optional<bool> bool_param(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  if (it == params.end() || it->is_null()) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<std::int64_t>() != 0;
  if (it->is_string()) {
    const std::string v = lower(it->get<std::string>());
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0" || v.empty()) return false;
  }
  throw BadParameter(std::string("Bad Request: invalid ") + name + " specified");
}

std::optional<nlohmann::json> object_param(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  if (it == params.end() || it->is_null()) return std::nullopt;
  if (it->is_object()) return *it;
  if (it->is_string()) {
    auto parsed = nlohmann::json::parse(it->get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) return parsed;
  }
  throw BadParameter(std::string("Bad Request: can't parse ") + name + " JSON object");
}

}  // namespace tgperf::emulator
