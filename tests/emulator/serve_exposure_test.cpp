// `serve --listen` beyond loopback: allowed, but with a warning, and the printed URL is one a client
// can dial (never http://0.0.0.0:PORT).
#include <catch2/catch.hpp>

#include <csignal>

#include "support/child_process.hpp"
#include "test_client.hpp"

using tgperf::test::TgperfProcess;
using tgperf::test::TestClient;

TEST_CASE("serve on 0.0.0.0 warns that the emulator is reachable from the network and prints a loopback URL") {
  TgperfProcess serve({"serve", "--listen", "0.0.0.0:0"});
  const auto warning = serve.wait_for_line("reachable from the network", true);
  REQUIRE(warning.has_value());
  CHECK(warning->find("tgperf: warning: listening on 0.0.0.0 (every interface)") != std::string::npos);
  CHECK(warning->find("any well-formed token") != std::string::npos);
  const auto banner = serve.wait_for_line("point your bot's base URL here", false);
  REQUIRE(banner.has_value());
  CHECK(banner->find("0.0.0.0") == std::string::npos);
  const auto at = banner->find("http://127.0.0.1:");
  REQUIRE(at != std::string::npos);
  TestClient client(banner->substr(at, banner->find(' ', at) - at));
  CHECK(client.call("getMe").status == 200);  // the printed URL works
  serve.signal(SIGINT);
  CHECK(serve.wait() == 0);
}

TEST_CASE("serve on loopback prints no warning, --token limits what the warning says is accepted") {
  TgperfProcess local({"serve", "--listen", "127.0.0.1:0", "--duration", "100ms"});
  REQUIRE(local.wait() == 0);
  CHECK(local.err().find("warning") == std::string::npos);

  TgperfProcess limited({"serve", "--listen", "0.0.0.0:0", "--token", tgperf::test::kToken,
                                       "--duration", "100ms"});
  REQUIRE(limited.wait() == 0);
  CHECK(limited.err().find("reachable from the network") != std::string::npos);
  CHECK(limited.err().find("any well-formed token") == std::string::npos);
}
