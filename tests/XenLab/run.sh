#!/usr/bin/env bash
# The BlkTrace Xen lab: a real Xen 4.17 with a Linux 6.1 dom0 and a Linux 6.1 PV guest, booted under
# QEMU from pinned Debian packages. The guest's xen-blkfront talks to a backend in dom0 (ours, the
# kernel's blkback or QEMU's qdisk); results come back through a 9p share, and our published
# programs go in through another (read-only).
#
#   bash tests/XenLab/run.sh <scenario>... | a | b | c | all
#
# Scenarios: blkt-linux (a: our backend, profile linux, file store, tap on), blkback and qdisk (b),
# blkt-barrier, blkt-flush, blkt-none (c: our backend advertising barrier only, flush only, neither),
# lab-flush, lab-barrier, lab-none, lab-both, lab-nopersist (the lab's own minimal C# backend on the
# Xen transport; nopersist: flush without persistent grants, every grant unmapped per request),
# lab-flush-error, lab-flush-eopnotsupp (flush advertised, then answered ERROR / EOPNOTSUPP).
# Results: $XENLAB_OUT/<scenario>/ (boot.log, verdict.txt, xenstore dumps, consoles, trace/requests).
# Env: XENLAB_CACHE (package cache, default ~/.cache/blkt-xenlab), XENLAB_OUT (default out/xenlab),
#      XENLAB_BOOT_TIMEOUT (hard limit per boot, default 900 s), XENLAB_ACCEL (tcg|kvm, default tcg),
#      XENLAB_NO_BUILD=1 (reuse the images of the previous run), XENLAB_DOTNET_ENV (K=V,K=V: CoreCLR
#      settings for blkt in dom0, e.g. DOTNET_EnableWriteXorExecute=0).
# Exit status: 0 when every scenario printed "LAB: verdict PASS"; each boot that times out is retried once.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
export XENLAB_CACHE=${XENLAB_CACHE:-$HOME/.cache/blkt-xenlab}
out=${XENLAB_OUT:-$repo/out/xenlab}
export XENLAB_WORK=$out/work
boot_timeout=${XENLAB_BOOT_TIMEOUT:-900}
mkdir -p "$out"
timings=$out/timings.txt

note() { echo "xenlab: $*"; }
stamp() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(stamp)" 'BEGIN{printf "%.1f", b-a}'; }

expand() {
  for s in "$@"; do
    case $s in
      # (a) runs the real backend (blkt backend --xen) once the CLI has its Xen mode; until then the
      # lab's own backend on the same Xen transport carries it.
      a) if grep -rqs --include='*.cs' XenBackendTransport "$repo/src/BlkTrace.Cli"; then echo blkt-linux; else echo lab-flush; fi ;;
      b) echo blkback; echo qdisk ;;
      c) echo blkt-barrier; echo blkt-flush; echo blkt-none ;;
      lab) echo lab-flush; echo lab-barrier; echo lab-none; echo lab-both; echo lab-nopersist; echo lab-flush-error; echo lab-flush-eopnotsupp ;;
      all) expand a b c ;;
      blkt-linux|blkt-barrier|blkt-flush|blkt-none|blkback|qdisk|lab-flush|lab-barrier|lab-none|lab-both|lab-nopersist|lab-flush-error|lab-flush-eopnotsupp) echo "$s" ;;
      *) echo "xenlab: unknown scenario '$s' (a, b, c, all, lab, or one of blkt-linux blkback qdisk blkt-barrier blkt-flush blkt-none lab-flush lab-barrier lab-none lab-both lab-nopersist lab-flush-error lab-flush-eopnotsupp)" >&2; return 2 ;;
    esac
  done
}
[ $# -gt 0 ] || { sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
scenarios=$(expand "$@") || exit 2

for tool in qemu-system-x86_64 cpio gzip file openssl apt-get dpkg; do
  command -v $tool >/dev/null || { note "missing $tool: run 'bash .ci/xenlab-deps' first"; exit 2; }
done
[ -x /bin/busybox ] && /bin/busybox --list | grep -qx poweroff || { note "missing static busybox (busybox-static): run 'bash .ci/xenlab-deps'"; exit 2; }

: > "$timings"
if [ -z "${XENLAB_NO_BUILD:-}" ]; then
  t=$(stamp); bash "$here/lib/fetch.sh" || exit 1; echo "fetch $(since "$t") s" | tee -a "$timings"
  t=$(stamp); pub=$(bash "$here/lib/publish.sh" $scenarios) || exit 1; echo "publish $(since "$t") s" | tee -a "$timings"
  t=$(stamp); XENLAB_PUBLISH="$pub" bash "$here/lib/build-images.sh" || exit 1; echo "images $(since "$t") s" | tee -a "$timings"
fi

# Boots once; prints the verdict word (PASS, FAIL, TIMEOUT).
boot() {
  local sc=$1 res=$2 extra=""
  case $sc in
    blkt-linux)   extra="lab.profile=linux" ;;
    blkt-barrier) extra="lab.profile=linux lab.features=barrier" ;;
    blkt-flush)   extra="lab.profile=linux lab.features=flush" ;;
    blkt-none)    extra="lab.profile=linux lab.features=none" ;;
  esac
  case $sc in
    blkt-*)
      local help has=""
      help=$("$XENLAB_WORK/publish/blkt/blkt" backend --help 2>&1)
      grep -q -- --trace <<<"$help" && has=trace
      grep -q -- --features <<<"$help" && has=$has,features
      extra="$extra lab.blkt=$has${XENLAB_DOTNET_ENV:+ lab.dotnetenv=$XENLAB_DOTNET_ENV}" ;;
  esac
  local accel="-accel tcg,tb-size=256 -cpu max"
  [ "${XENLAB_ACCEL:-tcg}" = kvm ] && accel="-enable-kvm -cpu host,-arch-capabilities"
  rm -rf "$res" && mkdir -p "$res" "$XENLAB_WORK/publish"
  # lab.limit: dom0's own watchdog fires well before the host's hard timeout.
  timeout --kill-after=10 "$boot_timeout" qemu-system-x86_64 $accel -m 2048 -smp 2 -nographic -no-reboot \
    -serial mon:stdio -display none \
    -kernel "$XENLAB_WORK/xen.elf" \
    -append "smap=0 smep=0 bootscrub=0 console=com1 com1=115200,8n1 dom0_mem=768M,max:768M dom0_max_vcpus=2" \
    -initrd "$XENLAB_WORK/vmlinuz console=hvc0 earlyprintk=xen lab.scenario=$sc lab.limit=$((boot_timeout - 60)) $extra,$XENLAB_WORK/dom0.cpio.gz" \
    -virtfs "local,path=$res,mount_tag=results,security_model=none,id=results" \
    -virtfs "local,path=$XENLAB_WORK/publish,mount_tag=opt,security_model=none,id=opt,readonly=on" \
    </dev/null > "$res/boot.log" 2>&1
  local rc=$?
  if grep -q '^LAB: verdict PASS' "$res/boot.log"; then echo PASS
  elif [ $rc -eq 124 ] || [ $rc -eq 137 ] || grep -q 'LAB: verdict FAIL.*watchdog' "$res/boot.log" || ! grep -q '^LAB: dom0 init' "$res/boot.log"; then echo TIMEOUT
  else echo FAIL
  fi
}

fails=0
for sc in $scenarios; do
  res=$out/$sc
  for attempt in 1 2; do
    t=$(stamp); v=$(boot "$sc" "$res"); d=$(since "$t")
    note "$sc attempt $attempt: $v in $d s (boot to verdict); results in $res"
    grep -E '^LAB: (verdict|guest readback|dom0 disk|domU: xvda|backend state)' "$res/boot.log" | sed 's/^/  /'
    echo "$sc attempt=$attempt verdict=$v boot_to_verdict=${d}s" >> "$timings"
    # The real backend's Parquet capture, read back on the host by the same blkt build.
    if ls "$res"/*.parquet >/dev/null 2>&1 && [ -x "$XENLAB_WORK/publish/blkt/blkt" ]; then
      timeout 300 "$XENLAB_WORK/publish/blkt/blkt" analyze "$res" > "$res/analyze.txt" 2>&1
      note "$sc: blkt analyze exit $? -> $res/analyze.txt"; head -n 40 "$res/analyze.txt" | sed 's/^/  /'
    fi
    [ "$v" = TIMEOUT ] && [ $attempt -eq 1 ] && { note "$sc: boot timed out, retrying once"; continue; }
    break
  done
  [ "$v" = PASS ] || fails=$((fails + 1))
done
note "timings:"; sed 's/^/  /' "$timings"
[ $fails -eq 0 ] && note "all scenarios passed" || note "$fails scenario(s) failed"
[ $fails -eq 0 ]
