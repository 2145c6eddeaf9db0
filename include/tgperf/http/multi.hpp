#pragma once
// An owned libcurl multi handle: many transfers driven by one thread, for event-loop clients.
//
// Usage: configure Easy handles as for a synchronous request, add() them, then loop
// { perform(); for (auto& done : take_done()) { remove(*easy); easy.collect(done.curl_code); }
//   poll(timeout); }. The Multi does not own the Easy handles; each must stay alive (and must not
// move) until it has been removed.
#include <chrono>
#include <vector>

#include "tgperf/http/easy.hpp"

typedef void CURLM;  // as <curl/multi.h> declares it

namespace tgperf::http {

class Multi {
 public:
  Multi();
  ~Multi();  // removes nothing: remove your handles first
  Multi(const Multi&) = delete;
  Multi& operator=(const Multi&) = delete;

  CURLM* get() const { return handle_; }

  void add(Easy& easy);
  void remove(Easy& easy);

  // Caps on the connection pool shared by the transfers (0: libcurl's defaults, unlimited).
  void set_max_host_connections(long n);
  void set_max_total_connections(long n);
  // Idle connections kept for reuse (CURLMOPT_MAXCONNECTS). libcurl's default, 4 times the
  // transfers added at the moment, shrinks in a lull between bursts and closes connections the
  // next burst has to open again.
  void set_max_cached_connections(long n);

  // Does whatever work is ready without blocking; returns the number of transfers still running.
  int perform();

  // Waits until a socket is ready, `timeout` passes, or wakeup() is called (from any thread).
  // `extra_fd` (e.g. a tgperf::StopWakeFd), when >= 0, also wakes the wait when readable.
  void poll(std::chrono::milliseconds timeout, int extra_fd = -1);
  void wakeup();

  struct Done {
    CURL* handle;   // compare with Easy::get() to find the Easy
    int curl_code;  // pass to Easy::collect()
  };
  // Transfers that finished since the last call.
  std::vector<Done> take_done();

 private:
  CURLM* handle_;
};

}  // namespace tgperf::http
