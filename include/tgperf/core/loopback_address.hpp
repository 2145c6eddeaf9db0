#pragma once
// Whether a numeric address is this machine's own loopback, which no other machine can reach.
#include <string>

namespace tgperf {

// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback (::ffff:127.x.y.z); false for anything else,
// names included (a name's addresses are the resolver's to say).
bool is_loopback_address(const std::string& numeric_address);

}  // namespace tgperf
