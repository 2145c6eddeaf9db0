#include "tgperf/botapi/request.hpp"

#include <curl/curl.h>

#include <nlohmann/json.hpp>

#include "tgperf/http/easy.hpp"
#include "tgperf/http/transport_options.hpp"

namespace tgperf::botapi {
namespace {

bool is_unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

void percent_encode(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : text) {
    if (is_unreserved(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xF]);
    }
  }
}

std::string as_text(const ParamValue& value) {
  struct Visitor {
    std::string operator()(std::int64_t v) const { return std::to_string(v); }
    std::string operator()(bool v) const { return v ? "true" : "false"; }
    std::string operator()(const std::string& v) const { return v; }
    std::string operator()(const RawJson& v) const { return v.text; }
  };
  return std::visit(Visitor{}, value);
}

nlohmann::json as_json(const ParamValue& value) {
  struct Visitor {
    nlohmann::json operator()(std::int64_t v) const { return v; }
    nlohmann::json operator()(bool v) const { return v; }
    nlohmann::json operator()(const std::string& v) const { return v; }
    nlohmann::json operator()(const RawJson& v) const { return nlohmann::json::parse(v.text); }
  };
  return std::visit(Visitor{}, value);
}

}  // namespace

Request& Request::with(std::string name, ParamValue value) {
  params.push_back({std::move(name), std::move(value)});
  return *this;
}

Request get_me() { return Request{"getMe", {}, {}}; }

Request get_updates(std::int64_t offset, int limit, std::chrono::seconds timeout) {
  Request r{"getUpdates", {}, timeout};
  if (offset != 0) r.with("offset", offset);
  r.with("limit", std::int64_t{limit});
  r.with("timeout", std::int64_t{timeout.count()});
  return r;
}

Request send_message(std::int64_t chat_id, std::string text) {
  Request r{"sendMessage", {}, {}};
  r.with("chat_id", chat_id).with("text", std::move(text));
  return r;
}

Request send_message(std::string chat_username, std::string text) {
  Request r{"sendMessage", {}, {}};
  r.with("chat_id", std::move(chat_username)).with("text", std::move(text));
  return r;
}

Request set_webhook(std::string url, std::string secret_token, int max_connections) {
  Request r{"setWebhook", {}, {}};
  r.with("url", std::move(url));
  if (!secret_token.empty()) r.with("secret_token", std::move(secret_token));
  if (max_connections > 0) r.with("max_connections", std::int64_t{max_connections});
  return r;
}

Request delete_webhook(bool drop_pending_updates) {
  Request r{"deleteWebhook", {}, {}};
  if (drop_pending_updates) r.with("drop_pending_updates", true);
  return r;
}

Request get_webhook_info() { return Request{"getWebhookInfo", {}, {}}; }

std::string query_string(const Request& request) {
  std::string out;
  for (const auto& p : request.params) {
    if (!out.empty()) out.push_back('&');
    percent_encode(out, p.name);
    out.push_back('=');
    percent_encode(out, as_text(p.value));
  }
  return out;
}

std::string json_body(const Request& request) {
  nlohmann::json body = nlohmann::json::object();
  for (const auto& p : request.params) body[p.name] = as_json(p.value);
  return body.dump();
}

EncodedRequest encode(const Endpoint& endpoint, const Request& request, Encoding encoding) {
  EncodedRequest e;
  e.url = endpoint.method_url(request.method);
  e.redacted_url = endpoint.redacted_method_url(request.method);
  e.server_wait = request.server_wait;
  if (encoding == Encoding::query) {
    e.http_method = "GET";
    const std::string query = query_string(request);
    if (!query.empty()) {
      e.url += "?" + query;
      e.redacted_url += "?" + query;
    }
  } else {
    e.http_method = "POST";
    e.body = json_body(request);
    e.content_type = "application/json";
  }
  return e;
}

void configure(http::Easy& easy, const EncodedRequest& request,
               const http::TransportOptions& transport) {
  CURL* h = easy.get();
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  if (request.http_method == "POST") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_COPYPOSTFIELDS, request.body.c_str());
  } else {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
  std::vector<std::string> headers;
  if (!request.content_type.empty()) headers.push_back("Content-Type: " + request.content_type);
  // libcurl sends "Expect: 100-continue" for larger POST bodies, costing a round trip.
  headers.push_back("Expect:");
  easy.set_headers(headers);

  http::TransportOptions effective = transport;
  if (effective.max_time && request.server_wait.count() > 0) {
    *effective.max_time += std::chrono::duration_cast<std::chrono::milliseconds>(request.server_wait);
  }
  http::apply(easy, effective);
}

}  // namespace tgperf::botapi
