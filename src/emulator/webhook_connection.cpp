#include "webhook_connection.hpp"

#include <curl/curl.h>

#include <stdexcept>

#include "tgperf/http/curl_global.hpp"

namespace tgperf::emulator {

// The connection cache the handle uses instead of its Multi's pool. One thread uses it, so it needs
// no lock callbacks.
struct WebhookConnection::Share {
  Share() {
    http::ensure_curl_global_init();
    handle = curl_share_init();
    if (handle == nullptr) throw std::runtime_error("libcurl could not create a share handle");
    if (curl_share_setopt(handle, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT) != CURLSHE_OK) {
      curl_share_cleanup(handle);
      throw std::runtime_error("libcurl cannot give a handle a connection cache of its own");
    }
  }
  ~Share() { curl_share_cleanup(handle); }  // closes the connection
  Share(const Share&) = delete;
  Share& operator=(const Share&) = delete;

  CURLSH* handle = nullptr;
};

WebhookConnection::WebhookConnection()
    : share_(std::make_unique<Share>()), easy_(std::make_unique<http::Easy>()) {
  // curl_easy_reset (Easy::reset) keeps the share, so this holds for every delivery.
  curl_easy_setopt(easy_->get(), CURLOPT_SHARE, share_->handle);
}

WebhookConnection::~WebhookConnection() {
  easy_.reset();  // detaches from the share, which libcurl refuses to clean up while in use
}

}  // namespace tgperf::emulator
