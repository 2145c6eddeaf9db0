#!/usr/bin/zsh -f
# zsh_complete.zsh COMPLETIONS_DIR SCRATCH_DIR LINE...
# Types each LINE and a TAB into an interactive zsh (in a pseudo-terminal, with compinit and
# COMPLETIONS_DIR first in fpath) and prints "LINE => [buffer after completion]", one per line.
zmodload zsh/zpty || exit 1
completions=$1 dir=$2
shift 2
zpty z "env -i HOME=$dir TERM=vt100 PATH=/usr/bin:/bin zsh -f -i" || exit 1
zpty -w z "fpath=($completions \$fpath); autoload -U compinit; compinit -u -D -d $dir/zcompdump"
# Ctrl-X writes the edit buffer to a file and clears it: the completion's result, without
# parsing terminal output.
zpty -w z "dump() { print -r -- \"\$BUFFER\" > $dir/buffer; BUFFER=; }; zle -N dump; bindkey '^X' dump"
for line in "$@"; do
  rm -f $dir/buffer
  zpty -n -w z "$line"$'\t\C-x'
  for i in {1..100}; do [[ -s $dir/buffer ]] && break; sleep 0.1; done
  print -r -- "$line => [$(<$dir/buffer)]"
done
zpty -d z
