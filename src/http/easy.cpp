#include "tgperf/http/easy.hpp"

#include <curl/curl.h>

#include <cctype>
#include <cstring>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "tgperf/http/curl_global.hpp"
#include "tgperf/http/proxy_policy.hpp"
#include "tgperf/core/ascii.hpp"

namespace tgperf::http {

struct Easy::State {
  CURL* handle = nullptr;
  std::string body;
  char error[CURL_ERROR_SIZE] = {};
  curl_slist* headers = nullptr;
  curl_slist* resolve = nullptr;
  std::function<bool()> should_abort;
  std::optional<std::string> proxy;  // set_proxy(); unset: the environment's

  ~State() {
    if (handle != nullptr) curl_easy_cleanup(handle);
    curl_slist_free_all(headers);
    curl_slist_free_all(resolve);
  }
};

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto& should_abort = *static_cast<const std::function<bool()>*>(user);
  return should_abort && should_abort() ? 1 : 0;
}

curl_slist* make_list(const std::vector<std::string>& items) {
  curl_slist* list = nullptr;
  for (const auto& item : items) {
    curl_slist* next = curl_slist_append(list, item.c_str());
    if (next == nullptr) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = next;
  }
  return list;
}

std::string info_string(CURL* h, CURLINFO info) {
  char* value = nullptr;
  if (curl_easy_getinfo(h, info, &value) != CURLE_OK || value == nullptr) return {};
  return value;
}

long info_long(CURL* h, CURLINFO info) {
  long value = 0;
  if (curl_easy_getinfo(h, info, &value) != CURLE_OK) return 0;
  return value;
}

curl_off_t info_off(CURL* h, CURLINFO info) {
  curl_off_t value = 0;
  if (curl_easy_getinfo(h, info, &value) != CURLE_OK) return 0;
  return value;
}

Micros info_micros(CURL* h, CURLINFO info) { return Micros(info_off(h, info)); }

std::string version_name(long v) {
  switch (v) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
#ifdef CURL_HTTP_VERSION_3
    case CURL_HTTP_VERSION_3: return "3";
#endif
    default: return "";
  }
}

PhaseTimes read_times(CURL* h) {
  PhaseTimes t;
  t.namelookup = info_micros(h, CURLINFO_NAMELOOKUP_TIME_T);
  t.connect = info_micros(h, CURLINFO_CONNECT_TIME_T);
  t.appconnect = info_micros(h, CURLINFO_APPCONNECT_TIME_T);
  t.pretransfer = info_micros(h, CURLINFO_PRETRANSFER_TIME_T);
  t.starttransfer = info_micros(h, CURLINFO_STARTTRANSFER_TIME_T);
  t.total = info_micros(h, CURLINFO_TOTAL_TIME_T);
  t.redirect = info_micros(h, CURLINFO_REDIRECT_TIME_T);
  // Newer infos than Debian 12's libcurl 7.88: compiled in only where the headers have them.
#if LIBCURL_VERSION_NUM >= 0x080600
  t.queue = info_micros(h, CURLINFO_QUEUE_TIME_T);
#endif
#if LIBCURL_VERSION_NUM >= 0x080a00
  t.posttransfer = info_micros(h, CURLINFO_POSTTRANSFER_TIME_T);
#endif
  t.num_connects = info_long(h, CURLINFO_NUM_CONNECTS);
  t.num_redirects = info_long(h, CURLINFO_REDIRECT_COUNT);
  return t;
}

}  // namespace

Easy::Easy() : state_(std::make_unique<State>()) {
  ensure_curl_global_init();
  state_->handle = curl_easy_init();
  if (state_->handle == nullptr) throw std::runtime_error("libcurl could not create a handle");
  reset();
}

Easy::~Easy() = default;
Easy::Easy(Easy&&) noexcept = default;
Easy& Easy::operator=(Easy&&) noexcept = default;

CURL* Easy::get() const { return state_->handle; }

void Easy::reset() {
  State& s = *state_;
  curl_easy_reset(s.handle);
  curl_slist_free_all(s.headers);
  s.headers = nullptr;
  curl_slist_free_all(s.resolve);
  s.resolve = nullptr;
  s.body.clear();
  s.error[0] = '\0';
  s.should_abort = nullptr;
  s.proxy.reset();
  curl_easy_setopt(s.handle, CURLOPT_WRITEFUNCTION, &on_body);
  curl_easy_setopt(s.handle, CURLOPT_WRITEDATA, &s.body);
  curl_easy_setopt(s.handle, CURLOPT_ERRORBUFFER, s.error);
  curl_easy_setopt(s.handle, CURLOPT_XFERINFOFUNCTION, &on_progress);
  curl_easy_setopt(s.handle, CURLOPT_XFERINFODATA, &s.should_abort);
  curl_easy_setopt(s.handle, CURLOPT_NOPROGRESS, 0L);
  // Threads may run transfers; signals for DNS timeouts would hit the wrong one.
  curl_easy_setopt(s.handle, CURLOPT_NOSIGNAL, 1L);
  // Loopback is never proxied, whatever *_proxy the environment exports (see proxy_policy.hpp).
  curl_easy_setopt(s.handle, CURLOPT_NOPROXY, no_proxy_list().c_str());
}

void Easy::set_proxy(const std::optional<std::string>& proxy) {
  state_->proxy = proxy;
  if (proxy) curl_easy_setopt(state_->handle, CURLOPT_PROXY, proxy->c_str());
}

void Easy::set_headers(const std::vector<std::string>& headers) {
  curl_slist* list = make_list(headers);
  curl_slist_free_all(state_->headers);
  state_->headers = list;
  curl_easy_setopt(state_->handle, CURLOPT_HTTPHEADER, list);
}

void Easy::set_resolve(const std::vector<std::string>& entries) {
  curl_slist* list = make_list(entries);
  curl_slist_free_all(state_->resolve);
  state_->resolve = list;
  curl_easy_setopt(state_->handle, CURLOPT_RESOLVE, list);
}

void Easy::set_abort_check(std::function<bool()> should_abort) {
  state_->should_abort = std::move(should_abort);
}

Response Easy::perform() {
  state_->body.clear();
  state_->error[0] = '\0';
  return collect(curl_easy_perform(state_->handle));
}

namespace {

// The header fields of the final response (not of redirects or 1xx), in the order they arrived.
std::vector<HeaderField> response_headers(CURL* h) {
  std::vector<HeaderField> fields;
  for (curl_header* field = curl_easy_nextheader(h, CURLH_HEADER, -1, nullptr); field != nullptr;
       field = curl_easy_nextheader(h, CURLH_HEADER, -1, field)) {
    fields.push_back({field->name, field->value});
  }
  return fields;
}

}  // namespace

Response Easy::collect(int curl_code) {
  State& s = *state_;
  CURL* h = s.handle;
  Response r;
  r.curl_code = curl_code;
  if (curl_code != CURLE_OK) {
    r.error = s.error[0] != '\0' ? std::string(s.error)
                                 : std::string(curl_easy_strerror(static_cast<CURLcode>(curl_code)));
    // A failure through a proxy names it: the user may not know one is in the environment.
    if (const auto proxy = proxy_for(info_string(h, CURLINFO_EFFECTIVE_URL), s.proxy)) {
      r.error += " (through the proxy " + proxy->url + " from " + proxy->source + ")";
    }
  }
  r.http_code = info_long(h, CURLINFO_RESPONSE_CODE);
  r.body = std::move(s.body);
  s.body.clear();
  r.content_type = info_string(h, CURLINFO_CONTENT_TYPE);
  r.http_version = version_name(info_long(h, CURLINFO_HTTP_VERSION));
  r.scheme = ascii_lower(info_string(h, CURLINFO_SCHEME));
  r.remote_ip = info_string(h, CURLINFO_PRIMARY_IP);
  r.remote_port = info_long(h, CURLINFO_PRIMARY_PORT);
  r.local_ip = info_string(h, CURLINFO_LOCAL_IP);
  r.local_port = info_long(h, CURLINFO_LOCAL_PORT);
  r.size_download = info_off(h, CURLINFO_SIZE_DOWNLOAD_T);
  r.size_upload = info_off(h, CURLINFO_SIZE_UPLOAD_T);
  r.size_header = info_long(h, CURLINFO_HEADER_SIZE);
  r.size_request = info_long(h, CURLINFO_REQUEST_SIZE);
  r.speed_download = static_cast<double>(info_off(h, CURLINFO_SPEED_DOWNLOAD_T));
  r.speed_upload = static_cast<double>(info_off(h, CURLINFO_SPEED_UPLOAD_T));
  r.times = read_times(h);
  r.headers = response_headers(h);
  return r;
}

}  // namespace tgperf::http
