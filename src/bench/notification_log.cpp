#include "tgperf/bench/notification_log.hpp"

namespace tgperf::bench {

std::string_view notification_text(NotificationStage stage) {
  switch (stage) {
    case NotificationStage::preparing: return "Preparing...";
    case NotificationStage::transferring: return "Transferring money...";
    case NotificationStage::done: return "Done!";
  }
  return "?";
}

void NotificationLog::record(std::int64_t chat_id, std::uint64_t update_id, NotificationStage stage, bool ok,
                             Clock::time_point at) {
  {
    std::lock_guard lock(mutex_);
    ++recorded_;
    if (!ok) {
      ++failed_;
    } else {
      const Position position{update_id, stage};
      auto [it, first] = latest_.try_emplace(chat_id, position);
      if (!first) {
        if (position < it->second) {
          ++out_of_order_;
        } else {
          it->second = position;
        }
      }
    }
    if (stage == NotificationStage::done) finished_.emplace_back(update_id, at);
  }
  recorded_changed_.notify_all();
}

std::size_t NotificationLog::out_of_order() const {
  std::lock_guard lock(mutex_);
  return out_of_order_;
}

std::size_t NotificationLog::failed() const {
  std::lock_guard lock(mutex_);
  return failed_;
}

std::vector<std::pair<std::uint64_t, NotificationLog::Clock::time_point>> NotificationLog::finished() const {
  std::lock_guard lock(mutex_);
  return finished_;
}

std::size_t NotificationLog::finished_count() const {
  std::lock_guard lock(mutex_);
  return finished_.size();
}

std::size_t NotificationLog::recorded() const {
  std::lock_guard lock(mutex_);
  return recorded_;
}

bool NotificationLog::wait_recorded(std::size_t count, Clock::time_point deadline) const {
  std::unique_lock lock(mutex_);
  return recorded_changed_.wait_until(lock, deadline, [&] { return recorded_ >= count; });
}

}  // namespace tgperf::bench
