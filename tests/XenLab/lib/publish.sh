#!/usr/bin/env bash
# Publishes the .NET programs the given scenarios run in dom0, for linux-x64, and prints their
# directories (one a line) for build-images.sh. Build output goes to $XENLAB_WORK/publish.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
repo=$(cd "$here/../.." && pwd)
W=${XENLAB_WORK:?}
need_lab= need_blkt=
for s in "$@"; do case $s in lab-*) need_lab=1 ;; blkt-*) need_blkt=1 ;; esac; done
if [ -n "$need_lab" ]; then
  # NativeAOT: one native file that needs only libc (see XenLabBackend.csproj).
  rm -rf "$W/publish/XenLabBackend"
  dotnet publish "$here/XenLabBackend/XenLabBackend.csproj" -c Release -r linux-x64 -o "$W/publish/XenLabBackend" >&2
  rm -f "$W/publish/XenLabBackend/"*.dbg "$W/publish/XenLabBackend/"*.pdb
  echo "$W/publish/XenLabBackend"
fi
if [ -n "$need_blkt" ]; then
  # Self-contained, not single-file (blkt finds itself through Assembly.Location) and not NativeAOT
  # (Parquet.Net's serializer and System.CommandLine use reflection).
  rm -rf "$W/publish/blkt"
  dotnet publish "$repo/src/BlkTrace.Cli/BlkTrace.Cli.csproj" -c Release -r linux-x64 --self-contained -p:InvariantGlobalization=true \
    -o "$W/publish/blkt" >&2
  echo "$W/publish/blkt"
fi
