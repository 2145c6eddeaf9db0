#include "tgperf/http/multi.hpp"

#include <curl/curl.h>

#include <stdexcept>
#include <string>

#include "tgperf/http/curl_global.hpp"

namespace tgperf::http {
namespace {

void check(CURLMcode code, const char* what) {
  if (code != CURLM_OK) {
    throw std::runtime_error(std::string("libcurl multi ") + what + ": " + curl_multi_strerror(code));
  }
}

}  // namespace

Multi::Multi() {
  ensure_curl_global_init();
  handle_ = curl_multi_init();
  if (handle_ == nullptr) throw std::runtime_error("libcurl could not create a multi handle");
}

Multi::~Multi() { curl_multi_cleanup(handle_); }

void Multi::add(Easy& easy) { check(curl_multi_add_handle(handle_, easy.get()), "add"); }

void Multi::remove(Easy& easy) { check(curl_multi_remove_handle(handle_, easy.get()), "remove"); }

void Multi::set_max_host_connections(long n) {
  check(curl_multi_setopt(handle_, CURLMOPT_MAX_HOST_CONNECTIONS, n), "max host connections");
}

void Multi::set_max_total_connections(long n) {
  check(curl_multi_setopt(handle_, CURLMOPT_MAX_TOTAL_CONNECTIONS, n), "max total connections");
}

void Multi::set_max_cached_connections(long n) {
  check(curl_multi_setopt(handle_, CURLMOPT_MAXCONNECTS, n), "max cached connections");
}

int Multi::perform() {
  int running = 0;
  check(curl_multi_perform(handle_, &running), "perform");
  return running;
}

void Multi::poll(std::chrono::milliseconds timeout, int extra_fd) {
  curl_waitfd extra{};
  unsigned extra_count = 0;
  if (extra_fd >= 0) {
    extra.fd = extra_fd;
    extra.events = CURL_WAIT_POLLIN;
    extra_count = 1;
  }
  check(curl_multi_poll(handle_, extra_count != 0 ? &extra : nullptr, extra_count,
                        static_cast<int>(timeout.count()), nullptr),
        "poll");
}

void Multi::wakeup() { check(curl_multi_wakeup(handle_), "wakeup"); }

std::vector<Multi::Done> Multi::take_done() {
  std::vector<Done> done;
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(handle_, &left)) {
    if (msg->msg == CURLMSG_DONE) done.push_back({msg->easy_handle, static_cast<int>(msg->data.result)});
  }
  return done;
}

}  // namespace tgperf::http
