#pragma once
// An owned libcurl easy handle: one transfer at a time, and the connection cache, DNS cache and
// TLS session cache that make the next transfer on the same handle warm.
//
// Easy also owns what libcurl only borrows during a transfer (the response buffer, the error
// buffer, header and --resolve lists), so a configured handle is self-contained and can be run
// either synchronously (perform) or by a Multi event loop (add it, then collect() when done).
// Move-only; one thread at a time.
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tgperf/http/response.hpp"

typedef void CURL;  // as <curl/curl.h> declares it; keeps curl.h out of our headers

namespace tgperf::http {

class Easy {
 public:
  Easy();  // throws std::runtime_error if libcurl cannot allocate a handle
  ~Easy();
  Easy(Easy&&) noexcept;
  Easy& operator=(Easy&&) noexcept;
  Easy(const Easy&) = delete;
  Easy& operator=(const Easy&) = delete;

  // The raw handle, for curl_easy_setopt calls this class does not wrap.
  CURL* get() const;

  // Forgets every option of the previous request (curl_easy_reset) but keeps the caches that make
  // the next request warm, then installs the response capture. Call before configuring a request.
  void reset();

  // Request headers ("Name: value") and --resolve entries; the lists live as long as the handle.
  void set_headers(const std::vector<std::string>& headers);
  void set_resolve(const std::vector<std::string>& entries);

  // --proxy: this proxy for the next transfer (empty string: none, the environment's ignored).
  // Not called: the *_proxy environment variables apply. Loopback is never proxied either way.
  void set_proxy(const std::optional<std::string>& proxy);

  // Called about once a second and on every progress step; returning true aborts the transfer
  // (curl_code CURLE_ABORTED_BY_CALLBACK). For cancelling a long poll. Empty: never aborts.
  void set_abort_check(std::function<bool()> should_abort);

  // Runs the configured transfer on this thread and returns its outcome.
  Response perform();

  // The outcome of a transfer run elsewhere (by a Multi), given the CURLcode it finished with.
  Response collect(int curl_code);

 private:
  struct State;
  std::unique_ptr<State> state_;  // heap-allocated: libcurl keeps pointers into it
};

}  // namespace tgperf::http
