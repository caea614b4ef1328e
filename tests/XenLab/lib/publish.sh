#!/usr/bin/env bash
# Publishes the .NET programs the given scenarios run in dom0, for linux-x64, and prints their
# directories (one a line) for build-images.sh. Build output goes to $XENLAB_WORK/publish.
# Both are NativeAOT: one native file each that needs only libc, starts at once under TCG, and
# avoids CoreCLR's JIT, which crashes in this PV dom0 under TCG (README, "Known rough edges").
# The host's own blkt (to read the traces back) is the ordinary Release build of src/BlkTrace.Cli.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
W=${XENLAB_WORK:?}
need_lab= need_blkt=
for s in "$@"; do case $s in lab-*) need_lab=1 ;; blkt-*|front-*) need_blkt=1 ;; esac; done
aot() { # project output-dir
  rm -rf "$2"
  timeout 1200 dotnet publish "$1" -c Release -r linux-x64 -o "$2" -nologo -clp:NoSummary >&2
  rm -f "$2"/*.dbg "$2"/*.pdb
  echo "$2"
}
[ -z "$need_lab" ] || aot "$here/XenLabBackend/XenLabBackend.csproj" "$W/publish/XenLabBackend"
if [ -n "$need_blkt" ]; then
  aot "$repo/src/BlkTrace.Dom0/BlkTrace.Dom0.csproj" "$W/publish/blkt-dom0"
  timeout 1200 dotnet build "$repo/src/BlkTrace.Cli/BlkTrace.Cli.csproj" -c Release -nologo -clp:NoSummary -v q >&2
fi
