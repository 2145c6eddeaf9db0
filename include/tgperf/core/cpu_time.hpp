#pragma once
// CPU time consumed by this process (all threads, user + system), from getrusage(RUSAGE_SELF).
// Take two readings and subtract them to charge a stretch of work.
#include "tgperf/core/duration.hpp"

namespace tgperf {

struct CpuTime {
  Duration user{0};
  Duration system{0};
  Duration total() const { return user + system; }
};

CpuTime process_cpu_time();

inline CpuTime operator-(const CpuTime& a, const CpuTime& b) {
  return CpuTime{a.user - b.user, a.system - b.system};
}

}  // namespace tgperf
