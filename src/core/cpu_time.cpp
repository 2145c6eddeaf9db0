#include "tgperf/core/cpu_time.hpp"

#include <sys/resource.h>

#include <chrono>

namespace tgperf {

namespace {

Duration from_timeval(const timeval& tv) {
  return std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec);
}

}  // namespace

CpuTime process_cpu_time() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);  // cannot fail for RUSAGE_SELF with a valid pointer
  return CpuTime{from_timeval(usage.ru_utime), from_timeval(usage.ru_stime)};
}

}  // namespace tgperf
