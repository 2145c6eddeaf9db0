#!/usr/bin/env bash
# Installs what tgperf needs to build and test, from Debian 12's archive only.
# Idempotent and quiet: prints nothing and touches nothing when every package is already there.
set -euo pipefail

build_packages=(
  g++ cmake make pkg-config
  libcurl4-openssl-dev libcli11-dev nlohmann-json3-dev libfmt-dev
  libboost-dev libssl-dev
)
test_packages=(
  catch2
  python3 python3-python-telegram-bot   # a real Bot API client for the emulator's tests
  curl openssl iproute2                  # reference measurements and the network lab
  dpkg-dev                               # cpack's .deb: dpkg-shlibdeps finds the runtime Depends
  prometheus                             # promtool checks the OpenMetrics output; tgperf exporter runs under a real Prometheus
  zsh man-db                             # the package test checks the completions and the man page
  clang libclang-rt-14-dev               # libFuzzer targets (tests/fuzz)
  golang-go golang-gopkg-telebot.v3-dev  # Go telebot v3, a real client (tests/conformance)
  lld                                    # check.sh links its trees with it: GNU ld takes 2-3x longer
)

missing=()
for package in "${build_packages[@]}" "${test_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing ${missing[*]}; run as root (or with sudo) to install them" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
