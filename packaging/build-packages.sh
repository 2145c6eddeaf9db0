#!/usr/bin/env bash
# Builds the tgperf packages: a .deb (installs under /usr) and a .tar.gz (the same files under one
# directory, bin/ and share/, to unpack into /usr).
#
#   packaging/build-packages.sh [BUILD_DIR [OUTPUT_DIR]]
#
# BUILD_DIR (default build-package) is configured with CMAKE_INSTALL_PREFIX=/usr, because the binary
# looks for its write-out formats in <prefix>/share/tgperf/formats, a path fixed at compile time. The
# build type is RelWithDebInfo (-O2), the one packaging/check.sh tests; cpack strips the binary.
# (Release's -O3 makes GCC 12 report a false -Wrestrict in std::string code, fatal with -Werror.)
# Only tgperf and the man page are built (no tests). OUTPUT_DIR defaults to BUILD_DIR/packages.
# Prints the paths of the packages it made.
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${1:-build-package}
output_dir=${2:-$build_dir/packages}

for tool in cmake cpack dpkg-deb dpkg-shlibdeps; do
  command -v "$tool" >/dev/null || {
    echo "build-packages: $tool is missing (packaging/install-deps.sh installs it)" >&2
    exit 1
  }
done

cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/usr \
  -DTGPERF_BUILD_TESTS=OFF >/dev/null
cmake --build "$build_dir" -j"$(nproc)" --target tgperf tgperf_man
mkdir -p "$output_dir"
output_dir=$(cd "$output_dir" && pwd)
(cd "$build_dir" && cpack -G "DEB;TGZ" -B "$output_dir" >/dev/null)
rm -rf "$output_dir/_CPack_Packages"

version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build_dir/CMakeCache.txt")
shopt -s nullglob
packages=("$output_dir"/tgperf_"$version"-*.deb "$output_dir"/tgperf-"$version"-*.tar.gz)
if [[ ${#packages[@]} -ne 2 ]]; then
  echo "build-packages: expected a .deb and a .tar.gz of version $version in $output_dir" >&2
  exit 1
fi
printf '%s\n' "${packages[@]}"
