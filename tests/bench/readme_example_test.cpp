// The README's worked example of the split handler is the compiled one, word for word.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("the README's split handler is src/bench/bank_handler.cpp's transfer_split") {
  const auto source = read_file(std::string(TGPERF_SOURCE_DIR) + "/src/bench/bank_handler.cpp");
  const auto readme = read_file(std::string(TGPERF_SOURCE_DIR) + "/README.md");
  const auto begin = source.find("void transfer_split(");
  REQUIRE(begin != std::string::npos);
  const auto end = source.find("\n}\n", begin);
  REQUIRE(end != std::string::npos);
  const auto function = source.substr(begin, end + 2 - begin);
  CHECK(function.find("dispatcher.run_async(log_and_notify") != std::string::npos);
  CHECK(readme.find(function) != std::string::npos);
}
