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
# loa's ratios to Hugo. Everything is written under /dev/shm when it exists.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)
cargo build --release --quiet --manifest-path "$repo/Cargo.toml"
loa="$repo/target/release/loa"
if [ -d /dev/shm ] && [ -w /dev/shm ]; then work=$(mktemp -d -p /dev/shm); else work=$(mktemp -d); fi
trap 'rm -rf "$work"' EXIT

# measure NAME COMMAND...: runs the command, prints "seconds kib".
measure() {
  local started ended
  started=$(date +%s.%N)
  /usr/bin/time -f "%M" -o "$work/time" "$@" >"$work/log" 2>&1 || { cat "$work/log"; exit 1; }
  ended=$(date +%s.%N)
  echo "$(echo "$ended - $started" | bc -l) $(tail -n 1 "$work/time")"
}

printf '%s\n' "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); output on $(df --output=fstype "$work" | tail -n 1)"
printf '%-7s %-5s %9s %10s %9s %12s\n' items tool "cold s" "pages/s" "peak MiB" "no-change s"
for n in "${sizes[@]}"; do
  site="$work/site-$n"
  "$loa" generate-corpus --pages "$n" --out "$site" --theme "$repo/themes/default" >/dev/null
  read -r cold kib < <(measure "$loa" build --root "$site" --output "$work/loa-$n" --now 2026-11-25)
  read -r again _ < <(measure "$loa" build --root "$site" --output "$work/loa-$n" --now 2026-11-25)
  printf '%-7s %-5s %9.2f %10.0f %9.0f %12.2f\n' "$n" loa "$cold" "$(echo "$n / $cold" | bc -l)" "$(echo "$kib / 1024" | bc -l)" "$again"
  if command -v hugo >/dev/null 2>&1; then
    hugo_site="$work/hugo-$n"
    mkdir -p "$hugo_site"
    cp -r "$repo/scripts/bench/hugo/." "$hugo_site/"
    ln -s "$site/content" "$hugo_site/content"
    read -r hcold hkib < <(measure hugo --source "$hugo_site" --destination "$work/hugo-out-$n" --quiet)
    read -r hagain _ < <(measure hugo --source "$hugo_site" --destination "$work/hugo-out-$n" --quiet)
    printf '%-7s %-5s %9.2f %10.0f %9.0f %12.2f\n' "$n" hugo "$hcold" "$(echo "$n / $hcold" | bc -l)" "$(echo "$hkib / 1024" | bc -l)" "$hagain"
    printf '%-7s %-5s time %.2f× Hugo, memory %.2f× Hugo\n' "$n" loa "$(echo "$cold / $hcold" | bc -l)" "$(echo "$kib / $hkib" | bc -l)"
  else
    echo "(hugo is not installed: apt-get install hugo to compare)"
  fi
done
