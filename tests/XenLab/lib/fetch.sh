#!/usr/bin/env bash
# Fetches the pinned Debian packages of packages.lock into the cache (once) and unpacks them into
# one tree ($XENLAB_CACHE/x). A second run with a warm cache touches no network.
# Env: XENLAB_CACHE (default ~/.cache/blkt-xenlab), XENLAB_UNPINNED=1 to take apt's candidate when
# a pinned version has left the archive (the versions used are printed and written to x/VERSIONS).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${XENLAB_CACHE:-$HOME/.cache/blkt-xenlab}
debs=$cache/debs x=$cache/x
mkdir -p "$debs"
stamp=$(sha256sum "$here/packages.lock" | cut -c1-16)
if [ -f "$x/.stamp" ] && [ "$(cat "$x/.stamp")" = "$stamp${XENLAB_UNPINNED:+-unpinned}" ]; then
  echo "fetch: cached ($x)"; exit 0
fi
mapfile -t wanted < <(grep -v '^\s*#' "$here/packages.lock" | sed '/^\s*$/d')
need=()
for pv in "${wanted[@]}"; do
  name=${pv%%=*} ver=${pv#*=}
  ls "$debs/${name}_${ver//:/%3a}_"*.deb >/dev/null 2>&1 || need+=("$pv")
done
if [ "${#need[@]}" -gt 0 ]; then
  echo "fetch: downloading ${#need[@]} packages into $debs"
  if ! (cd "$debs" && timeout 600 apt-get download -q "${need[@]}"); then
    if [ -n "${XENLAB_UNPINNED:-}" ]; then
      echo "fetch: pinned versions missing; XENLAB_UNPINNED=1, taking apt's candidates" >&2
      (cd "$debs" && timeout 600 apt-get download -q "${need[@]%%=*}")
    else
      echo "fetch: a pinned package version is not in the archive (run 'apt-get update', or set XENLAB_UNPINNED=1, or bump packages.lock)" >&2
      exit 1
    fi
  fi
fi
rm -rf "$x.tmp" && mkdir -p "$x.tmp"
: > "$x.tmp/VERSIONS"
for pv in "${wanted[@]}"; do
  name=${pv%%=*} ver=${pv#*=}
  f=$(ls "$debs/${name}_${ver//:/%3a}_"*.deb 2>/dev/null | head -1 || true)
  [ -n "$f" ] || f=$(ls -t "$debs/${name}_"*.deb | head -1)
  dpkg -x "$f" "$x.tmp"
  echo "$(basename "$f")" >> "$x.tmp/VERSIONS"
done
echo "$stamp${XENLAB_UNPINNED:+-unpinned}" > "$x.tmp/.stamp"
rm -rf "$x" && mv "$x.tmp" "$x"
echo "fetch: unpacked $(wc -l < "$x/VERSIONS") packages into $x ($(du -sh "$debs" | cut -f1) of debs)"
