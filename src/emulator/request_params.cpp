#include "tgperf/emulator/request_params.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>

#include "body_parsers.hpp"
#include "tgperf/core/ascii.hpp"

namespace tgperf::emulator {
namespace {

// HTTP header blanks: spaces and tabs around a value, and the CR of a line ending left on it.
std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Refusal too_many_parameters() { return {413, "Request Entity Too Large: too many parameters"}; }

// The value of `name` unless it is absent, null or empty: Telegram's Query::arg gives an empty value
// for a missing parameter, so its readers cannot tell the two apart.
const nlohmann::json* present(const nlohmann::json& params, const char* name) {
  const auto it = params.find(name);
  if (it == params.end() || it->is_null()) return nullptr;
  if (it->is_string() && it->get_ref<const std::string&>().empty()) return nullptr;
  return &*it;
}

}  // namespace

std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size()) {
      const int hi = hex_digit_value(text[i + 1]);
      const int lo = hex_digit_value(text[i + 2]);
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

BodyKind body_kind(std::string_view content_type) {
  // Substrings anywhere in the lowered type, in tdlib's order: "text/x; application/json" is JSON.
  const std::string type = ascii_lower(content_type);
  if (type.find("multipart/form-data") != std::string::npos) return BodyKind::multipart;
  if (type.find("application/x-www-form-urlencoded") != std::string::npos) return BodyKind::form;
  if (type.find("application/json") != std::string::npos) return BodyKind::json;
  return BodyKind::content;
}

RequestParams read_params(std::string_view query, std::string_view content_type, std::string_view body) {
  RequestParams request;
  if (query.size() > kMaxParameterBytes) {
    request.refusal = too_many_parameters();
    return request;
  }
  add_form_parameters(request.params, query);
  if (body.empty()) return request;  // Telegram reads no body without a length: whatever the type says
  switch (body_kind(content_type)) {
    case BodyKind::form:
    case BodyKind::json:
      if (query.size() + body.size() > kMaxParameterBytes) {
        request.refusal = too_many_parameters();
        return request;
      }
      if (body_kind(content_type) == BodyKind::form) {
        add_form_parameters(request.params, body);
      } else {
        request.ignored = add_json_parameters(request.params, body);
      }
      break;
    case BodyKind::multipart:
      request.refusal = add_multipart_parameters(request.params, request.files, content_type, body, query.size());
      break;
    case BodyKind::content:
      // Telegram keeps such a body as an upload named "file"; no method here takes one.
      request.ignored = "the body's Content-Type '" + std::string(trim_blanks(content_type)) + "' carries no parameters";
      break;
  }
  return request;
}

std::optional<Refusal> refusal_for(std::string_view query, std::string_view content_type, std::string_view body) {
  if (query.size() > kMaxParameterBytes) return too_many_parameters();
  if (body.empty()) return std::nullopt;
  switch (body_kind(content_type)) {
    case BodyKind::form:
    case BodyKind::json:
      if (query.size() + body.size() > kMaxParameterBytes) return too_many_parameters();
      return std::nullopt;
    case BodyKind::multipart: return read_params(query, content_type, body).refusal;
    case BodyKind::content: return std::nullopt;
  }
  return std::nullopt;
}

nlohmann::json parse_params(std::string_view query, std::string_view content_type, std::string_view body) {
  auto request = read_params(query, content_type, body);
  if (request.refusal) throw BadParameter(request.refusal->description);
  return std::move(request.params);
}

std::optional<std::int64_t> int_param(const nlohmann::json& params, const char* name) {
  const nlohmann::json* it = present(params, name);
  if (it == nullptr) return std::nullopt;
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
    std::string_view text = trim_blanks(s);
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc{} && end == text.data() + text.size() && !text.empty()) return value;
  }
  throw BadParameter(std::string("Bad Request: invalid ") + name + " specified");
}

std::optional<std::string> string_param(const nlohmann::json& params, const char* name) {
  const nlohmann::json* it = present(params, name);
  if (it == nullptr) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return it->dump();
  throw BadParameter(std::string("Bad Request: invalid ") + name + " specified");
}

std::optional<bool> bool_param(const nlohmann::json& params, const char* name) {
  const nlohmann::json* it = present(params, name);
  if (it == nullptr) return std::nullopt;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_number_integer()) return it->get<std::int64_t>() != 0;
  if (it->is_string()) {
    const std::string v = ascii_lower(it->get<std::string>());
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0" || v.empty()) return false;
  }
  throw BadParameter(std::string("Bad Request: invalid ") + name + " specified");
}

std::optional<nlohmann::json> object_param(const nlohmann::json& params, const char* name) {
  const nlohmann::json* it = present(params, name);
  if (it == nullptr) return std::nullopt;
  if (it->is_object()) return *it;
  if (it->is_string()) {
    auto parsed = nlohmann::json::parse(it->get<std::string>(), nullptr, false);
    if (!parsed.is_discarded() && parsed.is_object()) return parsed;
  }
  throw BadParameter(std::string("Bad Request: can't parse ") + name + " JSON object");
}

}  // namespace tgperf::emulator
