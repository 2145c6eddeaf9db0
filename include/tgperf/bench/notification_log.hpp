#pragma once
// What the customers saw: every notification the Bot API acknowledged, per chat, in the order the
// acknowledgements came back. A chat's notifications are in order when they follow its updates
// (update id) and, within one transaction, the wiki's stages ("Preparing...", "Transferring
// money...", "Done!"). Thread-safe; the bench waits on it for the last "Done!".
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string_view>
#include <utility>
#include <vector>

namespace tgperf::bench {

enum class NotificationStage { preparing, transferring, done };

// "Preparing...", "Transferring money...", "Done!" (the wiki's texts).
std::string_view notification_text(NotificationStage stage);

class NotificationLog {
 public:
  using Clock = std::chrono::steady_clock;

  // A notification of transaction `update_id` in chat `chat_id` was acknowledged (ok) or failed for
  // good (!ok) at `at`. A "Done!" either way finishes the transaction.
  void record(std::int64_t chat_id, std::uint64_t update_id, NotificationStage stage, bool ok,
              Clock::time_point at = Clock::now());

  // Notifications acknowledged after one that belongs later in the same chat.
  std::size_t out_of_order() const;
  std::size_t failed() const;
  // Transactions whose "Done!" was sent (or failed), with the moment.
  std::vector<std::pair<std::uint64_t, Clock::time_point>> finished() const;
  std::size_t finished_count() const;
  // Notifications recorded so far (acknowledged or failed).
  std::size_t recorded() const;
  // Waits until `count` notifications were recorded or the deadline passed; true when they were.
  // (The last "Done!" is not the end: with async notifications an earlier stage may come later.)
  bool wait_recorded(std::size_t count, Clock::time_point deadline) const;

 private:
  using Position = std::pair<std::uint64_t, NotificationStage>;  // (update id, stage): the intended order

  mutable std::mutex mutex_;  // guards everything below
  mutable std::condition_variable recorded_changed_;
  std::map<std::int64_t, Position> latest_;  // per chat, the furthest notification acknowledged so far
  std::size_t out_of_order_ = 0;
  std::size_t failed_ = 0;
  std::size_t recorded_ = 0;
  std::vector<std::pair<std::uint64_t, Clock::time_point>> finished_;
};

}  // namespace tgperf::bench
