#!/usr/bin/env bash
# The BlkTrace Xen lab: a real Xen 4.17 with a Linux 6.1 dom0 and a Linux 6.1 PV guest, booted under
# QEMU from pinned Debian packages. The guest's xen-blkfront talks to a backend in dom0 (ours, the
# kernel's blkback or QEMU's qdisk); results come back through a 9p share, and our published
# programs go in through another (read-only).
#
#   bash tests/XenLab/run.sh <scenario>... | a | b | c | all
#
# Scenarios (f: our userspace frontend inside the guest, no xen-blkfront: front-blkback, front-qdisk,
# front-linux, front-qemu — conformance suite and a replay under every strategy against each backend).
# Scenarios: blkt-linux (a: the real backend as NativeAOT blkt-dom0, profile linux, file store, Parquet
# tap on; fails without a FLUSH_DISKCACHE or WRITE_BARRIER in the trace), blkback and qdisk (b),
# blkt-barrier, blkt-flush, blkt-none, blkt-both (c: the linux profile advertising barrier only, flush
# only, neither, both), blkt-flush-error, blkt-flush-eopnotsupp (flush advertised and answered ERROR
# by linux-2.6.18, EOPNOTSUPP by tapdisk, as those profiles answer), lab-* (the phase-1 lab backend,
# the Xen transport's own smoke test: lab-flush, lab-barrier, lab-none, lab-both, lab-nopersist,
# lab-flush-error, lab-flush-eopnotsupp; group: lab).
# Results: $XENLAB_OUT/<scenario>/ (boot.log, verdict.txt, xenstore dumps, consoles, trace/, inspect.txt,
# summary.txt, requests.csv of the lab backend).
# Env: XENLAB_CACHE (package cache, default ~/.cache/blkt-xenlab), XENLAB_OUT (default out/xenlab),
#      XENLAB_BOOT_TIMEOUT (hard limit per boot, default 900 s), XENLAB_ACCEL (tcg|kvm, default tcg),
#      XENLAB_NO_BUILD=1 (reuse the images and programs of the previous run), XENLAB_CPU (QEMU -cpu
#      model under TCG, default max).
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
      a) echo blkt-linux ;;
      b) echo blkback; echo qdisk ;;
      c) echo blkt-barrier; echo blkt-flush; echo blkt-none; echo blkt-both; echo blkt-flush-error; echo blkt-flush-eopnotsupp ;;
      lab) echo lab-flush; echo lab-barrier; echo lab-none; echo lab-both; echo lab-nopersist; echo lab-flush-error; echo lab-flush-eopnotsupp ;;
      f) echo front-blkback; echo front-qdisk; echo front-linux; echo front-qemu ;;
      all) expand a b c f ;;
      blkt-linux|blkt-barrier|blkt-flush|blkt-none|blkt-both|blkt-flush-error|blkt-flush-eopnotsupp|blkback|qdisk|lab-flush|lab-barrier|lab-none|lab-both|lab-nopersist|lab-flush-error|lab-flush-eopnotsupp|front-blkback|front-qdisk|front-linux|front-qemu) echo "$s" ;;
      *) echo "xenlab: unknown scenario '$s' (a, b, c, all, lab, or one of blkt-linux blkback qdisk blkt-barrier blkt-flush blkt-none blkt-both blkt-flush-error blkt-flush-eopnotsupp lab-flush lab-barrier lab-none lab-both lab-nopersist lab-flush-error lab-flush-eopnotsupp)" >&2; return 2 ;;
    esac
  done
}
[ $# -gt 0 ] || { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
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
blkt_dll=$repo/src/BlkTrace.Cli/bin/Release/net10.0/blkt.dll
if grep -Eq '^(blkt|front)-' <<<"$scenarios"; then
  [ -x "$XENLAB_WORK/publish/blkt-dom0/blkt-dom0" ] && [ -f "$blkt_dll" ] || { note "blkt-dom0 or the host's blkt is not built (run without XENLAB_NO_BUILD)"; exit 1; }
  t=$(stamp); bash "$here/lib/host-smoke.sh" "$XENLAB_WORK/publish/blkt-dom0/blkt-dom0" "$blkt_dll" "$out/host-smoke" || exit 1
  echo "host-smoke $(since "$t") s" | tee -a "$timings"
fi
if grep -q '^front-' <<<"$scenarios"; then
  # The same binary as the guest's frontend, on the host: conformance and two replays over a vbd directory.
  t=$(stamp); bash "$here/lib/host-smoke-front.sh" "$XENLAB_WORK/publish/blkt-dom0/blkt-dom0" \
    "$here/captures/blkt-linux/trace/trace.00000.parquet" "$out/host-smoke-front" || exit 1
  echo "host-smoke-front $(since "$t") s" | tee -a "$timings"
fi

# Boots once; prints the verdict word (PASS, FAIL, TIMEOUT).
boot() {
  local sc=$1 res=$2 extra=""
  case $sc in
    blkt-linux)   extra="lab.profile=linux lab.features=profile" ;;
    blkt-barrier) extra="lab.profile=linux lab.features=barrier" ;;
    blkt-flush)   extra="lab.profile=linux lab.features=flush" ;;
    blkt-none)    extra="lab.profile=linux lab.features=none" ;;
    blkt-both)    extra="lab.profile=linux lab.features=both" ;;
    blkt-flush-error)      extra="lab.profile=linux-2.6.18 lab.features=flush" ;;
    blkt-flush-eopnotsupp) extra="lab.profile=tapdisk lab.features=flush" ;;
  esac
  local accel="-accel tcg,tb-size=256 -cpu ${XENLAB_CPU:-max}"
  [ "${XENLAB_ACCEL:-tcg}" = kvm ] && accel="-enable-kvm -cpu host,-arch-capabilities"
  # A retry keeps what the first attempt brought back (a guest's console may hold results).
  rm -rf "$res.attempt1"; [ -d "$res" ] && [ "${3:-1}" = 2 ] && mv "$res" "$res.attempt1"
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

# Reads a blkt-* scenario's trace back; prints the verdict (PASS, or FAIL when the trace is unreadable
# or, for (a), has no FLUSH_DISKCACHE/WRITE_BARRIER request).
check_trace() {
  local sc=$1 res=$2
  if ! timeout 300 dotnet "$blkt_dll" inspect "$res/trace" --rows 20 > "$res/inspect.txt" 2>&1; then
    note "$sc: blkt inspect could not read $res/trace: $(tail -n 1 "$res/inspect.txt")" >&2; echo FAIL; return
  fi
  bash "$here/lib/summarize-trace.sh" "$blkt_dll" "$res/trace" "$res/trace.csv" > "$res/summary.txt" 2>&1
  note "$sc: trace: $(head -n 1 "$res/summary.txt")" >&2
  sed -n 2p "$res/summary.txt" | sed 's/^/  /' >&2
  if timeout 10 dotnet "$blkt_dll" --help 2>/dev/null | grep -qw analyze; then
    timeout 300 dotnet "$blkt_dll" analyze "$res/trace" > "$res/analyze.txt" 2>&1
    note "$sc: blkt analyze exit $? -> $res/analyze.txt" >&2; head -n 30 "$res/analyze.txt" | sed 's/^/  /' >&2
  fi
  if [ "$sc" = blkt-linux ] && ! grep -Eq ' (FLUSH_DISKCACHE|WRITE_BARRIER)=[1-9]' "$res/summary.txt"; then
    note "$sc: the trace has no FLUSH_DISKCACHE or WRITE_BARRIER request" >&2; echo FAIL; return
  fi
  echo PASS
}

fails=0
for sc in $scenarios; do
  res=$out/$sc
  for attempt in 1 2; do
    t=$(stamp); v=$(boot "$sc" "$res" "$attempt"); d=$(since "$t")
    note "$sc attempt $attempt: $v in $d s (boot to verdict); results in $res"
    grep -E '^LAB: (verdict|guest readback|dom0 disk|domU: xvda|backend state|backend exit|backend: blkt backend: (gntdev|trace))' "$res/boot.log" | sed 's/^/  /'
    echo "$sc attempt=$attempt verdict=$v boot_to_verdict=${d}s" >> "$timings"
    # The real backend's Parquet capture, read back on the host by blkt (inspect, the README's
    # summary, analyze once blkt has it). Scenario (a) fails without a flush or barrier on the wire.
    if [ "$v" = PASS ] && [[ $sc == blkt-* ]]; then
      v=$(check_trace "$sc" "$res")
    fi
    # The frontend scenarios: our userspace frontend's answers, as the guest printed them.
    if [[ $sc == front-* ]]; then
      bash "$here/lib/front-results.sh" "$res" | sed 's/^/  /'
      grep -hE '^(CONF-(DONE|FEATURES)|REPLAY(-DONE)?):' "$res/conformance.txt" "$res/replay.txt" 2>/dev/null | cut -c1-200 | sed 's/^/  /'
    fi
    [ "$v" = TIMEOUT ] && [ $attempt -eq 1 ] && { note "$sc: boot timed out, retrying once"; continue; }
    break
  done
  [ "$v" = PASS ] || fails=$((fails + 1))
done
# The frontend scenarios' tables (conformance and the replay matrix), for the README.
if grep -q '^front-' <<<"$scenarios"; then
  bash "$here/lib/front-tables.sh" "$blkt_dll" "$out" > "$out/front-tables.md" 2>&1 && note "tables: $out/front-tables.md"
fi
note "timings:"; sed 's/^/  /' "$timings"
[ $fails -eq 0 ] && note "all scenarios passed" || note "$fails scenario(s) failed"
[ $fails -eq 0 ]
