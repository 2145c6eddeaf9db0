#pragma once
// What every lab test stands on: the check that the lab can run here, network namespaces the test
// creates and removes, sockets inside them and commands run in them. The lab's addresses live only
// inside its namespaces: no traffic leaves them.
#include <sys/socket.h>

#include <cstdint>
#include <string>

namespace tgperf::test::lab {

// What a lab test needs of the machine besides root: /dev/net/tun for the delay line's devices.
enum class Needs { namespaces, namespaces_and_tun };

// Ends the test process as skipped (ctest SKIP_RETURN_CODE) with the reason on stderr unless the
// machine has what `needs` says. Call it first in a test case, before anything is set up.
void skip_unless_lab(Needs needs);

// Runs a shell command; throws std::runtime_error naming it when it fails.
void run(const std::string& command);

// The stdout of a shell command.
std::string capture(const std::string& command);

// A network namespace with its loopback up, named tgplab-<pid>-<role>; deleted in the destructor.
// Namespaces left by a lab process that was killed (its pid gone) are deleted first.
class NetworkNamespace {
public:
  explicit NetworkNamespace(const std::string& role);
  ~NetworkNamespace();
  NetworkNamespace(const NetworkNamespace&) = delete;
  NetworkNamespace& operator=(const NetworkNamespace&) = delete;

  [[nodiscard]] const std::string& name() const { return name_; }

  // A socket created inside the namespace (a socket stays in the namespace it was created in).
  [[nodiscard]] int socket(int family, int type = SOCK_STREAM) const;

  // A listener on `address`:`port` (0: any; set to the port taken) inside the namespace; -1 when
  // the address cannot be bound there (IPv6 disabled, an address the namespace does not have).
  [[nodiscard]] int listen_on(const std::string& address, std::uint16_t& port) const;

  // `ip netns exec NAME COMMAND`, killed after `seconds`: its stdout (stderr is dropped).
  [[nodiscard]] std::string exec(const std::string& command, int seconds = 30) const;

private:
  std::string name_;
};

// `tgperf ping ARGS` run inside `ns`: its stdout.
std::string tgperf_ping_in(const NetworkNamespace& ns, const std::string& args);

}  // namespace tgperf::test::lab
