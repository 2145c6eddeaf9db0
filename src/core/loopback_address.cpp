#include "tgperf/core/loopback_address.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>

namespace tgperf {

bool is_loopback_address(const std::string& numeric_address) {
  in_addr v4{};
  if (inet_pton(AF_INET, numeric_address.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  if (inet_pton(AF_INET6, numeric_address.c_str(), &v6) != 1) return false;
  if (IN6_IS_ADDR_LOOPBACK(&v6)) return true;
  return IN6_IS_ADDR_V4MAPPED(&v6) && v6.s6_addr[12] == 127;
}

}  // namespace tgperf
