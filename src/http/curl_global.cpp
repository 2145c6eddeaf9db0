#include "tgperf/http/curl_global.hpp"

#include <curl/curl.h>

#include <mutex>
#include <stdexcept>

namespace tgperf::http {

void ensure_curl_global_init() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
      throw std::runtime_error("libcurl initialisation failed");
    }
  });
}

}  // namespace tgperf::http
