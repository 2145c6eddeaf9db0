# bash completion for tgperf                                              -*- shell-script -*-
# Installed as share/bash-completion/completions/tgperf (loaded on demand by bash-completion); also
# works without bash-completion when sourced from ~/.bashrc.
# Keep in step with `tgperf <command> --help`: tests/package checks that every subcommand and every
# long option the binary prints appears here.

_tgperf_subcommands="ping curl-timing echo-bench serve echo-bot race-bench exporter doctor"
# Options of tgperf itself, before the subcommand (none takes a value).
_tgperf_options="-h --help -V --version --no-color"

# Options of each subcommand, and the ones among them that take a value.
_tgperf_options_ping="-h --help -p --port -c --count -i --interval -W --timeout -w --deadline
  -q --quiet --format --json --csv --no-color -4 -6 -I --interface --source --local
  --all-addresses --resolve-every --histogram --flood"
_tgperf_valued_ping="-p --port -c --count -i --interval -W --timeout -w --deadline --format
  -I --interface --source --resolve-every"
_tgperf_options_curl_timing="-h --help --token --token-file --api-url --local --local-latency
  --chat-id --text --post-json -n --count -i --interval --fresh -4 --ipv4 -6 --ipv6 --http1.1
  --http2 --cacert -k --insecure -x --proxy --resolve --connect-timeout -m --max-time
  -w --write-out --format --json --no-color"
_tgperf_valued_curl_timing="--token --token-file --api-url --local-latency --chat-id --text
  -n --count -i --interval --cacert -x --proxy --resolve --connect-timeout -m --max-time
  -w --write-out --format"
_tgperf_options_echo_bench="-h --help --modes --workers --inflight --delivery --max-connections --rate --updates --chats --latency
  --jitter --run-timeout --request-timeout --ordered --json --fault --outage --stall-for
  --retry-after --seed"
_tgperf_valued_echo_bench="--modes --workers --inflight --delivery --max-connections --rate --updates --chats --latency --jitter
  --run-timeout --request-timeout --fault --outage --stall-for --retry-after --seed"
_tgperf_options_serve="-h --help --listen --tls --cert --key --token --chats --messages --backlog
  --rate --latency --jitter --fail-rate --flood --duration --exit-when-done --json --threads
  --fault --outage --stall-for --retry-after --seed --webhook-timeout --webhook-cacert
  --webhook --pending-at-start"
_tgperf_valued_serve="--listen --cert --key --token --chats --messages --rate --latency --jitter
  --fail-rate --duration --threads --fault --outage --stall-for --retry-after --seed --webhook-timeout
  --webhook-cacert --webhook"
_tgperf_options_echo_bot="-h --help --token --token-file --api-url --mode --workers --inflight --ordered
  --max-updates --poll-timeout -q --quiet --webhook --webhook-url --secret-token --max-connections
  --webhook-reply"
_tgperf_valued_echo_bot="--token --token-file --api-url --mode --workers --inflight --max-updates
  --poll-timeout --webhook --webhook-url --secret-token --max-connections"
_tgperf_options_race_bench="-h --help --variants --workers --accounts --transactions --latency
  --db-latency --seed --json"
_tgperf_valued_race_bench="--variants --workers --accounts --transactions --latency --db-latency --seed"
_tgperf_options_exporter="-h --help --listen --config --max-concurrent-probes --allow-any-target
  --scrape-timeout -q --quiet"
_tgperf_valued_exporter="--listen --config --max-concurrent-probes --scrape-timeout"
_tgperf_options_doctor="-h --help --token --token-file --api-url --cacert --local --json --no-color"
_tgperf_valued_doctor="--token --token-file --api-url --cacert"

# Directory of the shipped write-out formats, for `-w @formats/NAME`.
_tgperf_formats_dir() {
  local exe dir
  exe=$(command -v tgperf 2>/dev/null) || exe=
  for dir in "${exe%/bin/*}/share/tgperf/formats" /usr/share/tgperf/formats \
             /usr/local/share/tgperf/formats; do
    [[ -n "$dir" && -d "$dir" ]] && { printf '%s\n' "$dir"; return 0; }
  done
  return 1
}

# Completes files (compopt only works while bash runs a completion; harmless otherwise).
_tgperf_files() {
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=($(compgen -f -- "$1"))
}

# Completes the last element of a comma-separated list of WORDS.
_tgperf_comma_list() {
  local cur=$1 words=$2 prefix=
  [[ "$cur" == *,* ]] && prefix=${cur%,*},
  COMPREPLY=($(compgen -P "$prefix" -W "$words" -- "${cur##*,}"))
  compopt -o nospace 2>/dev/null
}

# Completes -w/--write-out: @FILE (files, and @formats/NAME for the shipped formats) or @-.
_tgperf_write_out() {
  local cur=$1 dir name
  if [[ "$cur" != @* ]]; then
    COMPREPLY=($(compgen -W "@- @formats/curl-format.txt @formats/csv-row.txt @formats/json-lines.txt" \
                 -- "$cur"))
    return
  fi
  compopt -o filenames 2>/dev/null
  local IFS=$'\n'
  COMPREPLY=($(compgen -P @ -f -- "${cur#@}"))
  if [[ "formats/" == "${cur#@}"* || "${cur#@}" == formats/* ]] && dir=$(_tgperf_formats_dir); then
    for name in "$dir"/*; do
      [[ "@formats/${name##*/}" == "$cur"* ]] && COMPREPLY+=("@formats/${name##*/}")
    done
  fi
}

# Completes the value of option $1 of subcommand $2; returns 1 when $1 takes no value.
_tgperf_value() {
  local option=$1 command=$2 cur=$3 valued=_tgperf_valued_${2//-/_}
  [[ " ${!valued} " =~ [[:space:]]"$option"[[:space:]] ]] || return 1
  case "$command:$option" in
    curl-timing:--token-file | curl-timing:--cacert | echo-bot:--token-file | serve:--cert | serve:--key | serve:--webhook-cacert | exporter:--config \
    | doctor:--token-file | doctor:--cacert)
      _tgperf_files "$cur" ;;
    curl-timing:-w | curl-timing:--write-out)
      _tgperf_write_out "$cur" ;;
    curl-timing:--api-url | echo-bot:--api-url | doctor:--api-url)
      COMPREPLY=($(compgen -W "https://api.telegram.org http://127.0.0.1:8081" -- "$cur")) ;;
    ping:--format)
      COMPREPLY=($(compgen -W "text json csv openmetrics prometheus" -- "$cur")) ;;
    curl-timing:--format)
      COMPREPLY=($(compgen -W "text json openmetrics prometheus" -- "$cur")) ;;
    echo-bench:--modes)
      _tgperf_comma_list "$cur" "sync threaded async" ;;
    echo-bench:--delivery)
      _tgperf_comma_list "$cur" "polling webhook" ;;
    race-bench:--variants)
      _tgperf_comma_list "$cur" "sync naive split ordered locked" ;;
    serve:--fault | echo-bench:--fault)
      COMPREPLY=($(compgen -W "5xx 500 502 503 504 reset drop stall 429" -- "$cur")) ;;
    echo-bot:--mode)
      COMPREPLY=($(compgen -W "sync threaded async" -- "$cur")) ;;
    ping:-I | ping:--interface)
      COMPREPLY=($(compgen -W "$(ls /sys/class/net 2>/dev/null)" -- "$cur")) ;;
    serve:--listen)
      COMPREPLY=($(compgen -W "127.0.0.1:8081 127.0.0.1:8443 [::1]:8081 127.0.0.1:0" -- "$cur")) ;;
    exporter:--listen)
      COMPREPLY=($(compgen -W "127.0.0.1:9115 [::1]:9115 0.0.0.0:9115" -- "$cur")) ;;
    *)
      COMPREPLY=() ;;  # a number, a duration, a token, an address: nothing to offer
  esac
  return 0
}

_tgperf() {
  COMPREPLY=()
  local cur=${COMP_WORDS[COMP_CWORD]} prev= command= i
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}

  # The subcommand is the first word after `tgperf` that is one (global options take no value).
  for ((i = 1; i < COMP_CWORD; i++)); do
    if [[ " $_tgperf_subcommands " == *" ${COMP_WORDS[i]} "* ]]; then
      command=${COMP_WORDS[i]}
      break
    fi
  done

  if [[ -z "$command" ]]; then
    if [[ "$cur" == -* ]]; then
      COMPREPLY=($(compgen -W "$_tgperf_options" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$_tgperf_subcommands" -- "$cur"))
    fi
    return 0
  fi

  # --option=value: complete the value. Bash splits the word at '=' (COMP_WORDBREAKS), so the value
  # is either part of cur (bash-completion rejoins) or the word after a lone "=".
  if [[ "$cur" == --*=* ]]; then
    _tgperf_value "${cur%%=*}" "$command" "${cur#*=}" && return 0
  elif [[ "$cur" == = ]]; then
    _tgperf_value "$prev" "$command" "" && return 0
  elif [[ "$prev" == = ]] && ((COMP_CWORD > 1)); then
    _tgperf_value "${COMP_WORDS[COMP_CWORD - 2]}" "$command" "$cur" && return 0
  fi
  # -w @FILE: '@' is in COMP_WORDBREAKS too, so bash may hand us "-w" "@" "FILE".
  if [[ "$command" == curl-timing && "$prev" == @ ]] && ((COMP_CWORD > 1)) &&
     [[ "${COMP_WORDS[COMP_CWORD - 2]}" == -w || "${COMP_WORDS[COMP_CWORD - 2]}" == --write-out ]]; then
    _tgperf_write_out "@$cur"
    COMPREPLY=("${COMPREPLY[@]#@}")
    return 0
  fi
  # The word after an option that takes a value is that value.
  if [[ "$prev" == -* ]] && _tgperf_value "$prev" "$command" "$cur"; then
    return 0
  fi

  local options=_tgperf_options_${command//-/_}
  if [[ "$cur" == -* || "$command" != ping ]]; then
    COMPREPLY=($(compgen -W "${!options}" -- "$cur"))
  fi
  # ping's positional target: nothing sensible to offer but a hint of the default.
  if [[ "$command" == ping && "$cur" != -* ]]; then
    COMPREPLY=($(compgen -W "api.telegram.org api.telegram.org:443" -- "$cur"))
  fi
  return 0
}

complete -F _tgperf tgperf
