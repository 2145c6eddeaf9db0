// HTTPS with a certificate generated at start: clients verify it with the printed PEM file.
#include <catch2/catch.hpp>

#include <filesystem>

#include "test_client.hpp"
#include "tgperf/emulator/emulator.hpp"

using namespace tgperf;
using test::TestClient;

TEST_CASE("TLS serves HTTPS verified against the generated certificate, with keep-alive") {
  emulator::EmulatorOptions options;
  options.tls = true;
  std::string cert;
  {
    emulator::Emulator emu(options);
    CHECK(emu.base_url().starts_with("https://127.0.0.1:"));
    cert = emu.certificate_file();
    REQUIRE(std::filesystem::exists(cert));
    TestClient client(emu.base_url(), cert);
    const auto first = client.call("getMe");
    REQUIRE(first.code == CURLE_OK);
    CHECK(first.status == 200);
    CHECK(first.json()["result"]["is_bot"] == true);
    CHECK(client.call("getMe").new_connections == 0);

    TestClient unverified(emu.base_url());  // the system CAs do not know it
    CHECK(unverified.call("getMe").code != CURLE_OK);
  }
  CHECK_FALSE(std::filesystem::exists(cert));  // the throwaway identity is removed with the server
}

TEST_CASE("an address that cannot be bound is an error, not a silent server") {
  emulator::Emulator first(emulator::EmulatorOptions{});
  emulator::EmulatorOptions same;
  same.port = first.port();
  CHECK_THROWS_WITH(emulator::Emulator(same), Catch::Contains("cannot listen on 127.0.0.1:"));
  emulator::EmulatorOptions bad_host;
  bad_host.host = "not-an-address";
  CHECK_THROWS(emulator::Emulator(bad_host));
}
