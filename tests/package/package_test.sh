#!/usr/bin/env bash
# The package tests (ctest label `package`), one mode per ctest test:
#
#   package_test.sh docs SOURCE_DIR BUILD_DIR TGPERF VERSION
#       the man page renders without warnings; the completions parse and complete; every subcommand
#       and every option `tgperf <command> --help` prints is in the man page and in both completions,
#       and the completions offer no option the binary does not have.
#   package_test.sh tgz  SOURCE_DIR BUILD_DIR TGPERF VERSION
#       cpack -G TGZ from BUILD_DIR; the tarball's layout; its tgperf runs.
#   package_test.sh deb  SOURCE_DIR BUILD_DIR TGPERF VERSION
#       cpack -G DEB from BUILD_DIR; control fields (Depends covers every linked library); contents;
#       its tgperf runs and looks for formats under /usr; its man page renders.
#
# Exit 0 pass, 1 fail, 77 skip (cpack or dpkg-deb missing; for deb also: BUILD_DIR was not configured
# with CMAKE_INSTALL_PREFIX=/usr, from which cpack refuses to make a .deb).
set -uo pipefail

mode=$1 source_dir=$2 build_dir=$3 tgperf=$4 version=$5
subcommands=()
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
pass() { echo "ok: $*"; }
skip() { echo "SKIP: $*" >&2; exit 77; }
# expect DESCRIPTION COMMAND...: the command must succeed.
expect() {
  local what=$1; shift
  if "$@"; then pass "$what"; else fail "$what"; fi
}
# has_word TEXT WORD: WORD occurs in TEXT, not as part of a longer option (--json is not in
# --json-lines). In bash, without a process per call: these run a few hundred times.
has_word() {
  local word=${2//./[.]}
  [[ $'\n'"$1"$'\n' =~ [^-A-Za-z0-9_.]${word}([^-A-Za-z0-9_.]|[.][^A-Za-z0-9]) ]]
}

scratch=$(mktemp -d "${TMPDIR:-/tmp}/tgperf-package-test.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

# ---- what the binary says it has -------------------------------------------------------------------
read_subcommands() {
  local help
  help=$("$tgperf" --help) || { fail "tgperf --help exits 0"; return; }
  mapfile -t subcommands < <(sed -n '/^Subcommands:/,/^$/{/^  [a-z]/s/^  \([a-z][a-z0-9-]*\).*/\1/p}' <<<"$help")
  [[ ${#subcommands[@]} -ge 5 ]] || fail "tgperf --help lists at least 5 subcommands (got: ${subcommands[*]:-none})"
}
# Options (short and long) that `tgperf COMMAND --help` lists, one per line: every group (CLI11 puts
# an option under "Options:" or under its group's heading), each line indented by exactly two spaces.
options_of() {
  "$1" "$2" --help | grep -E '^  -' | awk '{print $1}' | tr ',' '\n' | grep -E '^-'
}

# ---- docs ------------------------------------------------------------------------------------------
run_docs() {
  local man_page=$source_dir/packaging/man/tgperf.1 bash_completion=$source_dir/packaging/completions/tgperf.bash
  local zsh_completion=$source_dir/packaging/completions/_tgperf rendered warnings

  # The man page: no groff warnings, renders with man, states the project version.
  warnings=$(LC_ALL=C.UTF-8 groff -ww -z -man "$man_page" 2>&1)
  [[ -z "$warnings" ]] && pass "groff -ww -man: no warnings" || fail "groff -ww -man warns: $warnings"
  rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$man_page" 2>"$scratch/man.err")
  [[ $? -eq 0 && ! -s "$scratch/man.err" ]] && pass "man -l renders without messages" ||
    fail "man -l: $(cat "$scratch/man.err")"
  grep -q "^\.TH TGPERF 1 .*\"tgperf $version\"" "$man_page" && pass "man page .TH says tgperf $version" ||
    fail "man page .TH does not say tgperf $version (project version)"
  for section in NAME SYNOPSIS DESCRIPTION "EXIT STATUS" ENVIRONMENT FILES "SEE ALSO"; do
    grep -qx "$section" <<<"$rendered" || fail "man page has no $section section"
  done
  for word in TGPERF_TOKEN NO_COLOR https_proxy /usr/share/tgperf/formats/ "curl(1)" "ping(8)"; do
    grep -qF -- "$word" <<<"$rendered" || fail "man page does not mention $word"
  done

  # The completions parse; zsh's registers itself for tgperf.
  expect "bash -n tgperf.bash" bash -n "$bash_completion"
  expect "zsh -n _tgperf" zsh -n "$zsh_completion"
  local compdef
  compdef=$(cd "$scratch" && HOME=$scratch zsh -f -c "fpath=(${zsh_completion%/*} \$fpath)
    autoload -U compinit && compinit -u -D -d $scratch/zcompdump && print -r -- \$_comps[tgperf]" 2>&1)
  [[ "$compdef" == _tgperf ]] && pass "zsh compinit binds tgperf to _tgperf" ||
    fail "zsh compinit binds tgperf to '$compdef', not _tgperf"

  # Every subcommand and option the binary has is documented and completed.
  read_subcommands
  local command option options_var bash_options zsh_text
  zsh_text=$(<"$zsh_completion")
  for command in "${subcommands[@]}"; do
    grep -qx "TGPERF ${command^^}" <<<"$rendered" && pass "man: section TGPERF ${command^^}" ||
      fail "man page has no section TGPERF ${command^^}"
    grep -qE "^_tgperf_subcommands=\".*\\b$command\\b" "$bash_completion" ||
      fail "bash completion does not offer subcommand $command"
    grep -qE "^ +'$command:" "$zsh_completion" || fail "zsh completion does not offer subcommand $command"
    # The man page's section of this command: from its heading to the next heading.
    local section_text
    section_text=$(awk -v h="TGPERF ${command^^}" '$0 == h {on = 1; next} /^[A-Z]/ {on = 0} on' <<<"$rendered")
    local examples
    examples=$(sed -n '/^ *Examples:/,$p' <<<"$section_text" | grep -cE "^ +([A-Z_]+=[^ ]+ )?tgperf $command( |$)")
    [[ $examples -ge 2 ]] && pass "man: $examples examples of tgperf $command" ||
      fail "man section TGPERF ${command^^} shows $examples examples of tgperf $command (want 2 or more)"
    bash_options=$(bash --norc -c "source '$bash_completion'; v=_tgperf_options_${command//-/_}; echo \${!v}")
    local zsh_function
    zsh_function=$(awk -v f="_tgperf_${command//-/_}() {" '$0 == f {on = 1} on {print} on && /^}/ {exit}' \
                   "$zsh_completion")
    [[ -n "$zsh_function" ]] || fail "zsh completion has no function _tgperf_${command//-/_}"
    local count=0
    while read -r option; do
      count=$((count + 1))
      # -h/--help is documented once, under GLOBAL OPTIONS.
      [[ "$option" == -h || "$option" == --help ]] ||
        has_word "$section_text" "$option" || fail "man section TGPERF ${command^^} does not document $option"
      has_word "$bash_options" "$option" || fail "bash completion of $command does not offer $option"
      has_word "$zsh_function" "$option" || fail "zsh completion of $command does not offer $option"
    done < <(options_of "$tgperf" "$command")
    [[ $count -gt 1 ]] || fail "tgperf $command --help lists options"
    # The bash completion knows which options take a value (CLI11 prints its type: TEXT, INT, ...).
    local valued_help valued_bash
    valued_help=$("$tgperf" "$command" --help | awk '/^  -/ && $2 ~ /^[A-Z][A-Z0-9_]*([:=].*)?$/ {print $1}' |
                  tr ',' '\n' | grep -E '^-' | sort | tr '\n' ' ')
    valued_bash=$(bash --norc -c "source '$bash_completion'; v=_tgperf_valued_${command//-/_}; echo \${!v}" |
                  tr -s ' \n' '\n' | grep -E '^-' | sort | tr '\n' ' ')
    [[ "$valued_help" == "$valued_bash" ]] && pass "bash: $command options with a value" ||
      fail "bash completion of $command: options taking a value are '$valued_bash', tgperf --help says '$valued_help'"
    # And no completion offers an option that is not there (a renamed or removed flag).
    local known
    known=$(options_of "$tgperf" "$command")
    for option in $bash_options; do
      grep -qxF -- "$option" <<<"$known" || fail "bash completion of $command offers $option, which tgperf lacks"
    done
    for option in $(grep -oE -- "(^|[{,'(])--?[A-Za-z0-9][A-Za-z0-9.-]*" <<<"$zsh_function" |
                    sed -E 's/^[{,'"'"'(]//' | sort -u); do
      grep -qxF -- "$option" <<<"$known" || fail "zsh completion of $command offers $option, which tgperf lacks"
    done
    pass "$command: $count options in the man page and both completions"
  done
  # tgperf's own options (before the subcommand).
  local global_text bash_global zsh_global global_count=0
  global_text=$(sed -n '/^GLOBAL OPTIONS/,/^TGPERF/p' <<<"$rendered")
  bash_global=$(bash --norc -c "source '$bash_completion'; echo \$_tgperf_options")
  zsh_global=$(awk '$0 == "_tgperf() {" {on = 1} on {print} on && /^}/ {exit}' "$zsh_completion")
  while read -r option; do
    global_count=$((global_count + 1))
    has_word "$global_text" "$option" || fail "man page GLOBAL OPTIONS lacks $option"
    has_word "$bash_global" "$option" || fail "bash completion does not offer tgperf $option"
    has_word "$zsh_global" "$option" || fail "zsh completion does not offer tgperf $option"
  done < <("$tgperf" --help | grep -E '^  -' | awk '{print $1}' | tr ',' '\n' | grep -E '^-')
  [[ $global_count -ge 4 ]] && pass "tgperf: $global_count global options in the man page and both completions" ||
    fail "tgperf --help lists $global_count options (expected -h --help -V --version at least)"

  # The bash completion completes (without bash-completion loaded, as in a plain shell).
  touch "$scratch/ca-bundle.pem"
  complete_bash() {  # complete_bash WORD... : COMPREPLY for the command line WORDS, last one being completed
    bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
      COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _tgperf; printf "%s\n" "${COMPREPLY[@]}"' \
      bash "$bash_completion" "$@" | sort | tr '\n' ' ' | sed 's/ $//'
  }
  expect_completion() {  # expect_completion EXPECTED WORD...
    local expected=$1 got; shift
    got=$(complete_bash "$@")
    [[ "$got" == "$expected" ]] && pass "bash: '$*<TAB>' -> $got" ||
      fail "bash: '$*<TAB>' offers '$got', expected '$expected'"
  }
  expect_completion "curl-timing" tgperf cu
  expect_completion "echo-bench echo-bot" tgperf ec
  expect_completion "--json" tgperf ping --js
  expect_completion "--local --local-latency" tgperf curl-timing --loc
  expect_completion "threaded" tgperf echo-bench --modes thr
  expect_completion "sync,async" tgperf echo-bench --modes sync,a
  expect_completion "async" tgperf echo-bot --mode a
  expect_completion "$scratch/ca-bundle.pem" tgperf curl-timing --cacert "$scratch/ca-"
  expect_completion "$scratch/ca-bundle.pem" tgperf serve --cert "$scratch/ca-b"
  expect_completion "--version" tgperf --v
  expect_completion "--no-color" tgperf --no
  expect_completion "ping" tgperf --no-color pi
  expect_completion "--json" tgperf --no-color ping --js
  expect_completion "" tgperf ping --count 1
  expect_completion "json openmetrics prometheus text" tgperf curl-timing --format ""
  expect_completion "openmetrics" tgperf curl-timing --format o
  expect_completion "csv" tgperf ping --format c

  # The zsh completion completes, in an interactive zsh in a pseudo-terminal.
  local zsh_results expected line
  zsh_results=$(timeout 60 zsh -f "$source_dir/tests/package/zsh_complete.zsh" "${zsh_completion%/*}" "$scratch" \
    'tgperf cu' 'tgperf ping --js' 'tgperf ping --format openm' 'tgperf echo-bot --mode as' \
    "tgperf curl-timing --cacert $scratch/ca-b" 'tgperf echo-bench --or' 'tgperf --no-color pi' 2>&1)
  for expected in 'tgperf cu => [tgperf curl-timing ]' \
                  'tgperf ping --js => [tgperf ping --json ]' \
                  'tgperf ping --format openm => [tgperf ping --format openmetrics ]' \
                  'tgperf echo-bot --mode as => [tgperf echo-bot --mode async ]' \
                  "tgperf curl-timing --cacert $scratch/ca-b => [tgperf curl-timing --cacert $scratch/ca-bundle.pem ]" \
                  'tgperf echo-bench --or => [tgperf echo-bench --ordered ]' \
                  'tgperf --no-color pi => [tgperf --no-color ping ]'; do
    grep -qxF -- "$expected" <<<"$zsh_results" && pass "zsh: $expected" || fail "zsh: expected '$expected'"
  done
  grep -q ' => ' <<<"$zsh_results" || fail "zsh completion run: $zsh_results"
}

# ---- packages --------------------------------------------------------------------------------------
need_packaging_tools() {
  command -v cpack >/dev/null || skip "cpack is not installed"
  command -v dpkg-deb >/dev/null || skip "dpkg-deb is not installed (apt-get install dpkg-dev)"
  [[ -x "$tgperf" ]] || { fail "the tgperf binary $tgperf is not built"; exit 1; }
  [[ -f "$build_dir/CPackConfig.cmake" ]] || { fail "$build_dir has no CPackConfig.cmake"; exit 1; }
}
# cpack GENERATOR: packs BUILD_DIR into $scratch/out; prints cpack's output on failure.
run_cpack() {
  mkdir -p "$scratch/out"
  if ! (cd "$build_dir" && cpack -G "$1" -B "$scratch/out") >"$scratch/cpack-$1.log" 2>&1; then
    cat "$scratch/cpack-$1.log" >&2
    return 1
  fi
}
install_prefix() { sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$build_dir/CMakeCache.txt"; }

# The files every package ships, relative to the prefix.
expected_files() {
  echo bin/tgperf
  local format
  for format in "$source_dir"/formats/*; do echo "share/tgperf/formats/${format##*/}"; done
  echo share/man/man1/tgperf.1.gz
  echo share/bash-completion/completions/tgperf
  local exporter_file  # tgperf exporter's monitoring files and its systemd unit
  for exporter_file in tgperf-exporter.json prometheus.yml tgperf-alerts.yml tgperf-dashboard.json; do
    echo "share/tgperf/exporter/$exporter_file"
  done
  echo lib/systemd/system/tgperf-exporter.service
}

check_tree() {  # check_tree ROOT PREFIX_DIR ZSH_DIR: an unpacked package
  local root=$1 prefix=$2 zsh_dir=$3 file
  while read -r file; do
    [[ -f "$root/$prefix/$file" ]] || fail "package lacks $prefix/$file"
  done < <(expected_files)
  [[ -f "$root/$prefix/$zsh_dir/_tgperf" ]] || fail "package lacks $prefix/$zsh_dir/_tgperf"
  cmp -s "$root/$prefix/share/bash-completion/completions/tgperf" "$source_dir/packaging/completions/tgperf.bash" ||
    fail "packaged bash completion differs from packaging/completions/tgperf.bash"
  cmp -s "$root/$prefix/$zsh_dir/_tgperf" "$source_dir/packaging/completions/_tgperf" ||
    fail "packaged zsh completion differs from packaging/completions/_tgperf"
  cmp -s <(gzip -dc "$root/$prefix/share/man/man1/tgperf.1.gz") "$source_dir/packaging/man/tgperf.1" ||
    fail "packaged man page differs from packaging/man/tgperf.1 (stale build? cmake --build first)"
  local got
  got=$("$root/$prefix/bin/tgperf" --version 2>&1)
  [[ "$got" == "tgperf $version" ]] && pass "packaged tgperf --version: $got" ||
    fail "packaged tgperf --version says '$got', expected 'tgperf $version'"
  local rendered
  rendered=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/$prefix/share/man/man1/tgperf.1.gz" 2>&1)
  grep -qx "TGPERF CURL-TIMING" <<<"$rendered" && pass "packaged man page renders (man -l)" ||
    fail "packaged man page does not render: $(head -3 <<<"$rendered")"
}

run_tgz() {
  need_packaging_tools
  run_cpack TGZ || { fail "cpack -G TGZ"; exit 1; }
  local tarball top
  tarball=$(ls "$scratch"/out/tgperf-"$version"-linux-*.tar.gz 2>/dev/null)
  [[ -f "$tarball" ]] || { fail "no tgperf-$version-linux-*.tar.gz in $(ls "$scratch/out")"; exit 1; }
  pass "cpack -G TGZ made ${tarball##*/} ($(stat -c %s "$tarball") bytes)"
  top=${tarball##*/}; top=${top%.tar.gz}
  local outside
  outside=$(tar -tzf "$tarball" | grep -v "^$top/" || true)
  [[ -z "$outside" ]] && pass "every entry is under $top/" || fail "entries outside $top/: $outside"
  mkdir -p "$scratch/tgz" && tar -xzf "$tarball" -C "$scratch/tgz"
  local zsh_dir=share/zsh/site-functions
  [[ "$(install_prefix)" == /usr ]] && zsh_dir=share/zsh/vendor-completions
  check_tree "$scratch/tgz" "$top" "$zsh_dir"

  # cpack must refuse a .deb from a tree whose binary would look for formats outside /usr.
  if [[ "$(install_prefix)" != /usr ]]; then
    if run_cpack DEB 2>/dev/null; then
      fail "cpack made a .deb from a tree configured with prefix $(install_prefix)"
    elif grep -q "build-packages.sh" "$scratch/cpack-DEB.log"; then
      pass "cpack refuses a .deb from a tree with prefix $(install_prefix)"
    else
      fail "cpack -G DEB failed for another reason: $(cat "$scratch/cpack-DEB.log")"
    fi
  fi
}

run_deb() {
  need_packaging_tools
  [[ "$(install_prefix)" == /usr ]] ||
    skip "$build_dir was configured with CMAKE_INSTALL_PREFIX=$(install_prefix): cpack makes a .deb only from a tree configured with -DCMAKE_INSTALL_PREFIX=/usr (packaging/build-packages.sh)"
  run_cpack DEB || { fail "cpack -G DEB"; exit 1; }
  local deb arch
  arch=$(dpkg --print-architecture)
  deb=$scratch/out/tgperf_${version}-1_${arch}.deb
  [[ -f "$deb" ]] || { fail "no ${deb##*/} in: $(ls "$scratch/out")"; exit 1; }
  pass "cpack -G DEB made ${deb##*/} ($(stat -c %s "$deb") bytes)"

  # Control fields.
  local field value
  for field in Package Version Architecture Section Maintainer Depends Description; do
    value=$(dpkg-deb -f "$deb" "$field")
    echo "   $field: $(head -1 <<<"$value")"
  done
  [[ "$(dpkg-deb -f "$deb" Package)" == tgperf ]] || fail "Package is not tgperf"
  [[ "$(dpkg-deb -f "$deb" Version)" == "$version-1" ]] || fail "Version is not $version-1"
  [[ "$(dpkg-deb -f "$deb" Architecture)" == "$arch" ]] || fail "Architecture is not $arch"
  [[ "$(dpkg-deb -f "$deb" Section)" == net ]] || fail "Section is not net"
  [[ "$(dpkg-deb -f "$deb" Maintainer)" == *@* ]] || fail "Maintainer has no address"
  [[ -n "$(dpkg-deb -f "$deb" Description | sed -n 2p)" ]] || fail "Description has no long description"
  [[ "$(dpkg-deb -f "$deb" Description)" != *\;* ]] || fail "Description is mangled (a CMake list?)"
  [[ -z "$(dpkg-deb -f "$deb" Description | awk 'length > 80')" ]] || fail "Description has lines over 80 columns"
  local depends
  depends=$(dpkg-deb -f "$deb" Depends)
  [[ "$depends" == *libcurl4* ]] && pass "Depends names libcurl4" || fail "Depends lacks libcurl4: $depends"

  # Contents: everything under ./usr, the expected files among them.
  local listing
  listing=$(dpkg-deb -c "$deb" | awk '{print $6}')
  local outside
  outside=$(grep -vE '^\./(usr/)?$|^\./usr/' <<<"$listing" || true)
  [[ -z "$outside" ]] && pass "every file is under /usr" || fail "files outside /usr: $outside"
  grep -q '^\./usr/local/' <<<"$listing" && fail "the .deb installs into /usr/local"
  for file in $(expected_files) share/zsh/vendor-completions/_tgperf; do
    grep -qxF "./usr/$file" <<<"$listing" || fail "dpkg-deb -c lacks ./usr/$file"
  done
  pass "dpkg-deb -c lists the binary, formats, man page and both completions"

  mkdir -p "$scratch/deb" && dpkg-deb -x "$deb" "$scratch/deb"
  check_tree "$scratch/deb" usr share/zsh/vendor-completions
  local binary=$scratch/deb/usr/bin/tgperf
  readelf -S "$binary" | grep -q '\.debug_info' && fail "the packaged binary is not stripped"
  readelf -S "$binary" | grep -q '\.symtab' && fail "the packaged binary still has a symbol table"

  # Depends covers every shared library the binary links directly (dpkg-shlibdeps did its job).
  local library path owner missing=0 needed
  needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
  [[ -n "$needed" ]] || fail "readelf finds no NEEDED libraries in the packaged tgperf"
  for library in $needed; do
    path=$(ldd "$binary" | awk -v lib="$library" '$1 == lib && $2 == "=>" {print $3}')
    owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$(realpath "$path")" 2>/dev/null ||
            dpkg -S "/usr$path" 2>/dev/null || true)
    owner=${owner%%:*}
    if [[ -z "$owner" ]]; then
      fail "no Debian package owns $library (${path:-not found by ldd})"; missing=1
    elif [[ ", $depends," != *", $owner "* && ", $depends," != *", $owner,"* ]]; then
      fail "Depends lacks $owner (for $library)"; missing=1
    fi
  done
  [[ $missing -eq 0 ]] && pass "Depends names the package of each of: $(echo $needed)"

  # The binary looks for -w @formats/NAME where the package puts them: ask it for a format that does
  # not exist (it gives up before sending anything; --local would keep it on loopback anyway).
  local lookup
  lookup=$(cd "$scratch" && timeout 30 "$binary" curl-timing --local -n 1 -w @formats/no-such-format.txt 2>&1)
  [[ "$lookup" == *"/usr/share/tgperf/formats/no-such-format.txt"* ]] &&
    pass "packaged tgperf looks for -w @formats/NAME in /usr/share/tgperf/formats" ||
    fail "packaged tgperf does not look in /usr/share/tgperf/formats: $lookup"
}

case "$mode" in
  docs) run_docs ;;
  tgz) run_tgz ;;
  deb) run_deb ;;
  *) echo "usage: $0 docs|tgz|deb SOURCE_DIR BUILD_DIR TGPERF VERSION" >&2; exit 2 ;;
esac
if [[ $failures -gt 0 ]]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "all $mode checks passed"
