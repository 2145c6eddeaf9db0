#pragma once
// One of a webhook's connections, as Telegram's WebhookActor::Connection: one delivery on it at a
// time, and every delivery on it goes out on the same keep-alive connection to the bot.
//
// libcurl alone cannot be told which connection a transfer takes: a Multi keeps one pool, and each
// transfer gets the first idle connection of it in the order they were opened. Telegram instead
// hands the next update to the connection that has been ready the longest. So each
// WebhookConnection gives its Easy handle a connection cache of its own (a libcurl share of
// CURL_LOCK_DATA_CONNECT, which a Multi honours instead of its pool): the handle is the
// connection, and the sender chooses it. libcurl reopens it when the bot closed it.
// Not thread-safe; the delivery loop's.
#include <memory>

#include "tgperf/http/easy.hpp"

namespace tgperf::emulator {

class WebhookConnection {
 public:
  WebhookConnection();  // throws std::runtime_error when libcurl cannot allocate
  ~WebhookConnection();
  WebhookConnection(const WebhookConnection&) = delete;
  WebhookConnection& operator=(const WebhookConnection&) = delete;

  // The handle to configure (after reset()) and add to the Multi for the next delivery.
  http::Easy& easy() { return *easy_; }

 private:
  struct Share;
  std::unique_ptr<Share> share_;      // first: outlives the handle that uses it
  std::unique_ptr<http::Easy> easy_;  // heap: libcurl keeps pointers into it
};

}  // namespace tgperf::emulator
