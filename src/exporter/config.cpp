#include "tgperf/exporter/config.hpp"

#include <nlohmann/json.hpp>

#include <set>

#include "tgperf/core/bounded_file.hpp"
#include "tgperf/core/usage_error.hpp"

namespace tgperf::exporter {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

// Walks the document keeping the path of the value at hand, so that every message says where.
class Reader {
 public:
  explicit Reader(std::string_view origin) : origin_(origin) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw UsageError(std::string(origin_) + ": " + (path.empty() ? "" : path + ": ") + what);
  }

  void only_keys(const json& object, const std::string& path, std::initializer_list<std::string_view> keys) const {
    if (!object.is_object()) fail(path, "expected an object");
    for (const auto& [key, value] : object.items()) {
      bool known = false;
      for (auto k : keys) known = known || k == key;
      if (!known) fail(path, "unknown key '" + key + "'");
    }
  }

  std::string string_at(const json& object, const std::string& path, const char* key) const {
    const auto& v = object.at(key);
    if (!v.is_string()) fail(path + "." + key, "expected a string");
    return v.get<std::string>();
  }

  int int_at(const json& object, const std::string& path, const char* key, int low, int high) const {
    const auto& v = object.at(key);
    if (!v.is_number_integer() || v.get<long long>() < low || v.get<long long>() > high) {
      fail(path + "." + key, "must be a whole number from " + std::to_string(low) + " to " + std::to_string(high));
    }
    return static_cast<int>(v.get<long long>());
  }

  Duration duration_at(const json& object, const std::string& path, const char* key, Duration most) const {
    const std::string text = string_at(object, path, key);
    Duration d{};
    try {
      d = parse_positive_duration(text);
    } catch (const UsageError& e) {
      fail(path + "." + key, e.what());
    }
    if (d > most) fail(path + "." + key, "at most " + format_duration(most));
    return d;
  }

  std::string_view origin() const { return origin_; }

 private:
  std::string_view origin_;
};

ProberKind parse_prober(const Reader& r, const std::string& path, const std::string& text) {
  if (text == "tcp") return ProberKind::tcp;
  if (text == "botapi") return ProberKind::botapi;
  if (text == "webhook") return ProberKind::webhook;
  r.fail(path, "unknown prober '" + text + "' (tcp, botapi or webhook)");
}

bool valid_module_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

ModuleConfig parse_module(const Reader& r, const std::string& name, const json& object) {
  const std::string path = "modules." + name;
  if (!valid_module_name(name)) r.fail(path, "a module name is 1 to 64 of [A-Za-z0-9_-]");
  r.only_keys(object, path, {"prober", "count", "interval", "timeout", "scheme", "token_file", "ca_file"});
  if (!object.contains("prober")) r.fail(path, "'prober' is missing (tcp, botapi or webhook)");
  ModuleConfig m;
  m.name = name;
  m.prober = parse_prober(r, path + ".prober", r.string_at(object, path, "prober"));
  if (m.prober == ProberKind::botapi) m.count = 2;  // one cold, one warm
  if (m.prober != ProberKind::tcp) m.timeout = std::chrono::seconds(5);
  if (object.contains("count")) m.count = r.int_at(object, path, "count", 1, 100);
  if (object.contains("interval")) m.interval = r.duration_at(object, path, "interval", std::chrono::minutes(1));
  if (object.contains("timeout")) m.timeout = r.duration_at(object, path, "timeout", std::chrono::minutes(10));
  const bool api = m.prober != ProberKind::tcp;
  for (const char* key : {"scheme", "token_file", "ca_file"}) {
    if (!api && object.contains(key)) r.fail(path + "." + key, "only for the botapi and webhook probers");
  }
  if (m.prober == ProberKind::webhook && object.contains("count")) r.fail(path + ".count", "not for the webhook prober (one getWebhookInfo per probe)");
  if (!api) return m;
  if (object.contains("scheme")) {
    m.scheme = r.string_at(object, path, "scheme");
    if (m.scheme != "http" && m.scheme != "https") r.fail(path + ".scheme", "must be http or https");
  }
  if (!object.contains("token_file")) r.fail(path, "'token_file' is missing (a file holding the bot token)");
  try {
    m.token = botapi::read_token_file(r.string_at(object, path, "token_file"));
  } catch (const UsageError& e) {
    r.fail(path + ".token_file", e.what());  // the message names the file, never its content
  }
  if (object.contains("ca_file")) {
    m.ca_file = r.string_at(object, path, "ca_file");
    try {
      check_input_file(m.ca_file, "ca_file", kMaxCaBundleBytes);
    } catch (const UsageError& e) {
      r.fail(path + ".ca_file", e.what());
    }
  }
  return m;
}

void check_allow_entry(const Reader& r, const std::string& path, const std::string& entry) {
  const auto colon = entry.rfind(':');
  if (entry.empty() || colon == std::string::npos || colon == 0 || colon + 1 == entry.size()) {
    r.fail(path, "'" + entry + "' is not HOST:PORT or HOST:*");
  }
}

}  // namespace

std::string_view to_string(ProberKind kind) {
  switch (kind) {
    case ProberKind::tcp:
      return "tcp";
    case ProberKind::botapi:
      return "botapi";
    case ProberKind::webhook:
      return "webhook";
  }
  return "tcp";
}

ExporterConfig parse_config(std::string_view json_text, std::string_view origin) {
  const Reader r(origin);
  json document;
  try {
    document = json::parse(json_text);
  } catch (const json::parse_error& e) {
    r.fail("", std::string("not valid JSON: ") + e.what());
  }
  r.only_keys(document, "", {"allowed_targets", "modules"});
  ExporterConfig config;
  if (document.contains("allowed_targets")) {
    const auto& list = document.at("allowed_targets");
    if (!list.is_array()) r.fail("allowed_targets", "expected an array of \"HOST:PORT\" strings");
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string path = "allowed_targets[" + std::to_string(i) + "]";
      if (!list[i].is_string()) r.fail(path, "expected a string");
      check_allow_entry(r, path, list[i].get<std::string>());
      config.allowed_targets.push_back(list[i].get<std::string>());
    }
  }
  if (!document.contains("modules") || !document.at("modules").is_object() || document.at("modules").empty()) {
    r.fail("modules", "expected an object naming at least one module");
  }
  for (const auto& [name, object] : document.at("modules").items()) {
    config.modules.emplace(name, parse_module(r, name, object));
  }
  return config;
}

ExporterConfig load_config(const std::string& path) {
  return parse_config(read_bounded_file(path, "--config", kMaxConfigBytes), path);
}

ExporterConfig default_config() {
  ExporterConfig config;
  ModuleConfig tcp;
  tcp.name = "tcp";
  config.modules.emplace(tcp.name, tcp);
  return config;
}

}  // namespace tgperf::exporter
