#!/usr/bin/env bash
# Cold and no-change builds of generated sites, loa beside Hugo.
#
#   scripts/bench.sh [N ...]        (default: 1000 10000)
#
# For each N, writes a site of N items with `loa generate-corpus`, then
# measures a cold build (empty output folder) and a no-change rebuild with
# loa, and the same with Hugo (Debian package `hugo`, when installed) on the
# same Markdown files with the minimal equivalent templates in
# scripts/bench/hugo/. Prints wall time, pages per second, peak memory and
# loa's ratios to Hugo, each the median of RUNS runs (3 by default).
# Everything is written under /dev/shm when it exists.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
loa="$repo/target/release/loa"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then work=$(mktemp -d -p /dev/shm); else work=$(mktemp -d); fi
trap 'rm -rf "$work"' EXIT

# measure COMMAND...: runs the command, prints "seconds kib".
measure() {
  local started ended
  started=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/time" "$@" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  ended=$(date +%s.%N)
  echo "$(echo "$ended - $started" | bc -l) $(tail -n 1 "$work/time")"
}

# median FILE: the median of the first column; max FILE: of the second.
median() { sort -g "$1" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
largest() { sort -g -k2 "$1" | tail -n 1 | cut -d' ' -f2; }

# Each figure is the median of $RUNS runs (3 unless set). loa's and Hugo's
# runs alternate, so a machine that slows down for a while slows both.
runs=${RUNS:-3}
printf '%s\n' "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); output on $(df --output=fstype "$work" | tail -n 1); median of $runs runs"
printf '%-7s %-5s %9s %10s %9s %12s\n' items tool "cold s" "pages/s" "peak MiB" "no-change s"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  "$loa" generate-corpus --pages "$n" --out "$site" --theme "$repo/themes/default" >/dev/null
  # Hugo writes no search index: loa without one too, for a like-for-like
  # figure beside loa with everything on.
  cp -r "$site" "$site-bare"
  printf 'search:\n  enabled: false\n' >>"$site-bare/site-config.yaml"
  hugo_site="$work/hugo-$n"
  have_hugo=false
  if command -v hugo >/dev/null 2>&1; then
    have_hugo=true
    mkdir -p "$hugo_site"
    cp -r "$repo/scripts/bench/hugo/." "$hugo_site/"
    ln -s "$site/content" "$hugo_site/content"
  fi
  : >"$work/loa-cold"; : >"$work/loa-again"; : >"$work/bare-cold"; : >"$work/hugo-cold"; : >"$work/hugo-again"
  for _ in $(seq "$runs"); do
    rm -rf "$work/loa-$n"
    measure "$loa" build --root "$site" --output "$work/loa-$n" --now 2026-11-25 >>"$work/loa-cold"
    measure "$loa" build --root "$site" --output "$work/loa-$n" --now 2026-11-25 >>"$work/loa-again"
    rm -rf "$work/bare-$n"
    measure "$loa" build --root "$site-bare" --output "$work/bare-$n" --now 2026-11-25 >>"$work/bare-cold"
    if $have_hugo; then
      rm -rf "$work/hugo-out-$n"
      measure hugo --source "$hugo_site" --destination "$work/hugo-out-$n" --quiet >>"$work/hugo-cold"
      measure hugo --source "$hugo_site" --destination "$work/hugo-out-$n" --quiet >>"$work/hugo-again"
    fi
  done
  cold=$(median "$work/loa-cold"); kib=$(largest "$work/loa-cold"); again=$(median "$work/loa-again")
  printf '%-7s %-5s %9.2f %10.0f %9.0f %12.2f\n' "$n" loa "$cold" "$(echo "$n / $cold" | bc -l)" "$(echo "$kib / 1024" | bc -l)" "$again"
  bcold=$(median "$work/bare-cold"); bkib=$(largest "$work/bare-cold")
  printf '%-7s %-5s %9.2f %10.0f %9.0f %12s   (search off)\n' "$n" loa "$bcold" "$(echo "$n / $bcold" | bc -l)" "$(echo "$bkib / 1024" | bc -l)" -
  if $have_hugo; then
    hcold=$(median "$work/hugo-cold"); hkib=$(largest "$work/hugo-cold"); hagain=$(median "$work/hugo-again")
    printf '%-7s %-5s %9.2f %10.0f %9.0f %12.2f\n' "$n" hugo "$hcold" "$(echo "$n / $hcold" | bc -l)" "$(echo "$hkib / 1024" | bc -l)" "$hagain"
    printf '%-7s %-5s time %.2f× Hugo, memory %.2f× Hugo; search off: time %.2f× Hugo\n' "$n" loa "$(echo "$cold / $hcold" | bc -l)" "$(echo "$kib / $hkib" | bc -l)" "$(echo "$bcold / $hcold" | bc -l)"
  else
    echo "(hugo is not installed: apt-get install hugo to compare)"
  fi
done
