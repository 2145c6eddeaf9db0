// Linked into every executable of a -DTGPERF_SANITIZE=...undefined... tree (see CMakeLists.txt).
//
// Why: with GCC, -fsanitize=address,undefined loads two runtimes, libasan.so and libubsan.so, each
// with its own copy of the sanitizers' common code. libubsan, started as ASan's plug-in, never
// applies log_path, so its reports go to stderr even when UBSAN_OPTIONS names a log file. For a
// tgperf child whose stderr a test captures and does not print, that report would be lost.
// packaging/check.sh sweeps the log directory after ctest, so here we hand libubsan's own copy of
// __sanitizer_set_report_path (looked up in libubsan itself, not the one libasan interposes) the
// log_path of UBSAN_OPTIONS, as libubsan does on its own when it runs without ASan.
#include <dlfcn.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace {

std::string option_value(const char* options, const char* name) {
  const std::string text = options == nullptr ? "" : options;
  const std::string key = std::string(name) + "=";
  std::size_t at = 0;
  while ((at = text.find(key, at)) != std::string::npos) {
    if (at == 0 || std::strchr(": ,\t", text[at - 1]) != nullptr) {
      const std::size_t start = at + key.size();
      return text.substr(start, text.find_first_of(": ,\t", start) - start);
    }
    at += key.size();
  }
  return {};
}

__attribute__((constructor)) void route_ubsan_reports_to_log_path() {
  const std::string path = option_value(std::getenv("UBSAN_OPTIONS"), "log_path");
  if (path.empty() || path == "stderr" || path == "stdout") return;
  void* ubsan = dlopen("libubsan.so.1", RTLD_NOW | RTLD_NOLOAD);
  if (ubsan == nullptr) return;  // UBSan linked statically or not at all: it honours log_path itself
  void* symbol = dlsym(ubsan, "__sanitizer_set_report_path");
  if (symbol != nullptr) {
    void (*set_report_path)(const char*) = nullptr;
    std::memcpy(&set_report_path, &symbol, sizeof symbol);  // object -> function pointer, portably
    set_report_path(path.c_str());
  }
  // The handle stays open: the runtime is loaded for the life of the process anyway.
}

}  // namespace
