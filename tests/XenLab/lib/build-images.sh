#!/usr/bin/env bash
# Builds the two initramfs images of the lab from the unpacked Debian packages and a few host files:
#   $XENLAB_WORK/domU.cpio.gz  the guest: static busybox, xen-blkfront.ko, GNU dd, the workload (guest/init)
#   $XENLAB_WORK/dom0.cpio.gz  dom0: busybox, bash, the Xen tools and libraries, Xen and 9p modules, QEMU
#                              (qdisk), the libraries our published programs need, the guest kernel and
#                              image, dom0/init
# One dom0 image serves every scenario: the scenario is chosen on the kernel command line.
# Env: XENLAB_CACHE, XENLAB_WORK, XENLAB_PUBLISH (directories of published .NET programs, scanned for the
#      libraries they need; the programs themselves reach dom0's /opt through 9p).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
cache=${XENLAB_CACHE:-$HOME/.cache/blkt-xenlab}
X=$cache/x
W=${XENLAB_WORK:?}
KV=$(cd "$X/lib/modules" && ls | head -1)
M=$X/lib/modules/$KV/kernel
R0=$W/root-dom0 RU=$W/root-domU
rm -rf "$R0" "$RU"
mkdir -p "$W"

# Copies each host ELF given and every library it needs (ldd), into root $1, keeping /usr/lib paths.
copy_elf_deps() {
  local root=$1; shift
  for f in "$@"; do
    LD_LIBRARY_PATH=$X/usr/lib/x86_64-linux-gnu ldd "$f" 2>/dev/null | awk '/=> \//{print $3} /^\t\/lib64/{print $1}'
  done | sort -u | while read -r lib; do
    case $lib in "$X"/*) continue ;; esac
    cp -nL "$lib" "$root/usr/lib/x86_64-linux-gnu/"
  done
  mkdir -p "$root/lib64"; cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
}

base_root() {
  local root=$1
  mkdir -p "$root"/{bin,sbin,proc,sys,dev,run,tmp,root,etc,mnt,lib/modules,usr/bin,usr/sbin,usr/lib/x86_64-linux-gnu}
  ln -s ../usr/lib/x86_64-linux-gnu "$root/lib/x86_64-linux-gnu"
  cp /bin/busybox "$root/bin/busybox"
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$root/bin/$a"; done
  echo 'root:x:0:0:root:/root:/bin/sh' > "$root/etc/passwd"
}

# ---------------- domU ----------------
base_root "$RU"
cp "$M/drivers/block/xen-blkfront.ko" "$RU/lib/modules/"
# GNU dd as gnu-dd: busybox dd has no oflag=dsync, which is how the workload asks for FUA writes
# (and busybox sh prefers its own applet to /usr/bin/dd, hence the name).
cp /bin/dd "$RU/usr/bin/gnu-dd"; copy_elf_deps "$RU" /bin/dd
cp "$here/guest/init" "$RU/init"; chmod +x "$RU/init"
# The pattern is made here, so that dom0 can check the disk against a checksum it did not get from the guest.
# Seeded (AES-CTR over zeros), so every build writes the same bytes and captures compare across runs.
head -c 1048576 /dev/zero | openssl enc -aes-128-ctr -K 000102030405060708090a0b0c0d0e0f -iv 00000000000000000000000000000000 -nosalt > "$RU/pattern"; md5sum < "$RU/pattern" | cut -d' ' -f1 > "$W/pattern.md5"
cp "$W/pattern.md5" "$RU/pattern.md5"
(cd "$RU" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$W/domU.cpio.gz"

# ---------------- domF: the frontend guest ----------------
# No xen-blkfront: our userspace frontend (blkt-dom0 conformance --xen) plays its part, through
# xen-gntalloc, xen-evtchn and /dev/xen/xenbus (libxenstore; the transport also loads libxengnttab
# and libxenevtchn when it starts, so they come too).
dom0_bin=
for p in ${XENLAB_PUBLISH:-}; do [ -x "$p/blkt-dom0" ] && dom0_bin=$p/blkt-dom0; done
if [ -n "$dom0_bin" ]; then
  RF=$W/root-domF; rm -rf "$RF"
  base_root "$RF"
  cp "$M/drivers/xen/xen-evtchn.ko" "$M/drivers/xen/xen-gntalloc.ko" "$RF/lib/modules/"
  cp "$dom0_bin" "$RF/bin/blkt-dom0"
  cp -a "$X"/usr/lib/x86_64-linux-gnu/libxen{store,gnttab,evtchn,toolcore,toollog}.so* "$RF/usr/lib/x86_64-linux-gnu/"
  copy_elf_deps "$RF" "$dom0_bin" "$X"/usr/lib/x86_64-linux-gnu/libxen{store,gnttab,evtchn}.so.?
  # glibc loads it when a thread exits or is cancelled (the .NET runtime's threads do): without it, abort.
  cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$RF/usr/lib/x86_64-linux-gnu/"
  cp "$here/guest/init-front" "$RF/init"; chmod +x "$RF/init"
  # The trace the guest replays: Linux 6.1 blkfront's own requests, captured by our tap (scenario a).
  mkdir -p "$RF/lab"; cp "$here/captures/blkt-linux/trace/trace.00000.parquet" "$RF/lab/trace.parquet"
  (cd "$RF" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$W/domF.cpio.gz"
fi

# ---------------- dom0 ----------------
base_root "$R0"
mkdir -p "$R0"/{lab,opt,var/lib/xen,var/log/xen,var/lib/xenstored,usr/libexec,usr/share/qemu}
ln -s ../run "$R0/var/run"
for m in drivers/xen/xen-evtchn drivers/xen/xen-gntdev drivers/xen/xen-gntalloc drivers/xen/xen-privcmd \
         drivers/xen/xenfs/xenfs drivers/block/xen-blkback/xen-blkback drivers/block/loop \
         fs/netfs/netfs fs/fscache/fscache net/9p/9pnet drivers/virtio/virtio_ring drivers/virtio/virtio \
         drivers/virtio/virtio_pci_modern_dev drivers/virtio/virtio_pci_legacy_dev drivers/virtio/virtio_pci \
         net/9p/9pnet_virtio fs/9p/9p; do
  cp "$M/$m.ko" "$R0/lib/modules/"
done
mkdir -p "$R0/usr/lib/xen-4.17" "$R0/usr/lib/xen-common"
cp -a "$X/usr/lib/xen-4.17/bin" "$R0/usr/lib/xen-4.17/"
cp -a "$X/usr/lib/xen-common/bin" "$R0/usr/lib/xen-common/"
cp -a "$X"/usr/lib/x86_64-linux-gnu/libxen*.so* "$X"/usr/lib/x86_64-linux-gnu/libxlutil*.so* \
      "$X"/usr/lib/x86_64-linux-gnu/libyajl*.so* "$R0/usr/lib/x86_64-linux-gnu/"
cp -a "$X"/usr/bin/xenstore* "$R0/usr/bin/"
cp -a "$X/etc/xen" "$R0/etc/"
printf 'autoballoon="off"\n' > "$R0/etc/xen/xl.conf"
cp /bin/bash "$R0/bin/bash"; cp /usr/bin/flock "$R0/usr/bin/"
# qdisk: QEMU's Xen device model, from the host's qemu-system-xen (the same Debian 12 ABI as dom0).
qemu_xen=/usr/libexec/xen-qemu-system-i386
[ -x $qemu_xen ] && { cp $qemu_xen "$R0/usr/libexec/"; cp -a /usr/share/qemu/keymaps "$R0/usr/share/qemu/"; }
elves=()
for f in "$X"/usr/lib/xen-4.17/bin/* /bin/bash /usr/bin/flock $( [ -x $qemu_xen ] && echo $qemu_xen ); do
  file -L "$f" | grep -q ELF && elves+=("$f")
done
copy_elf_deps "$R0" "${elves[@]}"
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$R0/usr/lib/x86_64-linux-gnu/"   # xl dlopens it (pthread_cancel)
# .NET programs published for linux-x64 (NativeAOT or self-contained) reach dom0 through a second,
# read-only 9p share (run.sh), so the image stays small whatever they weigh; only the host
# libraries they need go into the image. They are built invariant-culture: no ICU.
for p in ${XENLAB_PUBLISH:-}; do
  mapfile -t bins < <(find "$p" -type f \( -name '*.so' -o -perm -u+x \) -exec sh -c 'file -L "$1" | grep -q ELF && echo "$1"' _ {} \;)
  [ "${#bins[@]}" -gt 0 ] && copy_elf_deps "$R0" "${bins[@]}"
done
cp "$here/dom0/init" "$R0/init"; chmod +x "$R0/init"
cp "$here/dom0/"*.cfg "$R0/lab/"; cp "$here/dom0/block-fast" "$R0/lab/"
cp "$X/boot/vmlinuz-$KV" "$R0/lab/vmlinuz"
cp "$W/domU.cpio.gz" "$W/pattern.md5" "$RU/pattern" "$R0/lab/"
[ -z "$dom0_bin" ] || cp "$W/domF.cpio.gz" "$R0/lab/"
(cd "$R0" && find . | cpio -o -H newc 2>/dev/null | gzip -1) > "$W/dom0.cpio.gz"
zcat "$X/boot/xen-4.17-amd64.gz" > "$W/xen.elf"
cp "$X/boot/vmlinuz-$KV" "$W/vmlinuz"
echo "images: dom0 $(du -h "$W/dom0.cpio.gz" | cut -f1), domU $(du -h "$W/domU.cpio.gz" | cut -f1)${dom0_bin:+, domF $(du -h "$W/domF.cpio.gz" | cut -f1)}"
