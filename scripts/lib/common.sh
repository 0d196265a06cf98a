# Shared helpers for scripts/vm, scripts/build-module and scripts/lib/*.
# Sourced, not executed.

KTRACE_REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
KTRACE_CACHE=${KTRACE_CACHE:-/var/cache/ktrace}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

# Newest kernel release under /boot whose version matches the extended
# regex $1 and whose headers are installed.
_newest_release() {
	local re=$1 f rel
	for f in /boot/vmlinuz-*; do
		rel=${f#/boot/vmlinuz-}
		[[ $rel =~ $re ]] || continue
		[[ -d /usr/src/linux-headers-$rel ]] || continue
		echo "$rel"
	done | sort -V | tail -n 1
}

# Every kernel the harness knows, for usage messages.
KTRACE_FLAVORS='6.1, 6.12, 6.12-rt, 7.3, debug or 6.12-rt-debug'

# resolve_kernel FLAVOR [build]
# FLAVOR is one of $KTRACE_FLAVORS:
#   6.1, 6.12, 6.12-rt  Debian bookworm's packaged kernels (image + headers)
#   7.3                 Debian's packaged 7.3 (trixie-backports), prepared by
#                       scripts/packaged-kernel (module tree from linux-source-7.3)
#   debug               6.1 with KASAN, lockdep, ... built by scripts/debug-kernel
#   6.12-rt-debug       6.12 PREEMPT_RT with lockdep, built by scripts/debug-kernel 6.12-rt
# Sets:
#   KREL     kernel release (uname -r in the guest)
#   KIMAGE   the bzImage to boot
#   KBUILD   tree for `make -C $KBUILD M=dir modules`
#   KMODDIR  /lib/modules/$KREL if the kernel has installed modules, else ""
# With "build", prepares a missing cached kernel (debug, 6.12-rt-debug, 7.3).
resolve_kernel() {
	local flavor=$1 ensure=${2:-}
	KMODDIR=
	case $flavor in
	6.1 | 6.12 | 6.12-rt)
		local re
		case $flavor in
		6.1) re='^6\.1\.[0-9]+-[0-9]+-amd64$' ;;
		6.12) re='^6\.12\.[0-9]+\+deb[0-9]+-amd64$' ;;
		6.12-rt) re='^6\.12\.[0-9]+\+deb[0-9]+-rt-amd64$' ;;
		esac
		KREL=$(_newest_release "$re")
		[[ -n $KREL ]] || die "no $flavor kernel with headers installed (run scripts/install-deps)"
		KIMAGE=/boot/vmlinuz-$KREL
		KBUILD=/usr/src/linux-headers-$KREL
		[[ -f /lib/modules/$KREL/modules.dep ]] && KMODDIR=/lib/modules/$KREL
		;;
	debug | 6.12-rt-debug)
		local variant=6.1 dir=debug-kernel
		[[ $flavor == debug ]] || variant=6.12-rt dir=debug-kernel-6.12-rt
		local cur=$KTRACE_CACHE/$dir/current
		if [[ ! -f $cur/bzImage || ! -f $cur/kernelrelease || ! -d $cur/build ]]; then
			[[ $ensure == build ]] || die "$flavor kernel not built (run scripts/debug-kernel $variant)"
			[[ -x $KTRACE_REPO/scripts/debug-kernel ]] || die "scripts/debug-kernel is missing"
			echo "${0##*/}: building the $flavor kernel (scripts/debug-kernel $variant)..." >&2
			"$KTRACE_REPO/scripts/debug-kernel" "$variant" >&2 || die "scripts/debug-kernel $variant failed"
			[[ -f $cur/bzImage ]] || die "scripts/debug-kernel $variant did not produce $cur/bzImage"
		fi
		KREL=$(<"$cur/kernelrelease")
		KREL=${KREL//[[:space:]]/}
		KIMAGE=$(readlink -f "$cur/bzImage")
		KBUILD=$(readlink -f "$cur/build")
		# 9p, virtio and devtmpfs are built in: the guest needs no modules.
		;;
	7.3)
		_resolve_packaged_kernel "$flavor" "$ensure"
		;;
	*)
		die "unknown kernel '$flavor' (expected $KTRACE_FLAVORS)"
		;;
	esac
}

# _resolve_packaged_kernel SERIES [build]: the kernel scripts/packaged-kernel
# SERIES prepared (with "build", prepares it when missing).
_resolve_packaged_kernel() {
	local name=$1 ensure=${2:-} cur=$KTRACE_CACHE/kernel-$1/current
	if [[ ! -f $cur/.complete ]]; then
		[[ $ensure == build ]] || die "kernel $name not prepared (run scripts/packaged-kernel $name)"
		echo "${0##*/}: preparing kernel $name (scripts/packaged-kernel $name)..." >&2
		"$KTRACE_REPO/scripts/packaged-kernel" "$name" >&2 || die "scripts/packaged-kernel $name failed"
		[[ -f $cur/.complete ]] || die "scripts/packaged-kernel $name did not complete $cur"
	fi
	KREL=$(<"$cur/kernelrelease")
	KREL=${KREL//[[:space:]]/}
	KIMAGE=$(readlink -f "$cur/bzImage")
	KBUILD=$(readlink -f "$cur/build")
	KMODDIR=$(readlink -f "$cur/modules")
}

# Print a short content hash of stdin.
short_hash() {
	sha256sum | cut -c1-16
}

# pvh_image BZIMAGE KREL
# Prints the path of an uncompressed ELF vmlinux extracted from BZIMAGE if it
# can be booted directly through its PVH entry point (QEMU loads it as is,
# skipping the firmware's real-mode setup and a slow decompression under
# TCG); otherwise prints BZIMAGE. Cached in $KTRACE_CACHE/vmlinux.
pvh_image() {
	local bz=$1 krel=$2 dir=$KTRACE_CACHE/vmlinux key out
	key=$(stat -L -c '%n %s %Y' "$bz" | short_hash)
	out=$dir/$krel-$key
	if [[ ! -s $out && ! -e $out.nopvh ]]; then
		mkdir -p "$dir"
		(
			flock 9
			[[ -s $out || -e $out.nopvh ]] && exit 0
			local f
			for f in "$dir/$krel"-*; do rm -f "$f"; done
			_extract_pvh "$bz" "$out.tmp" && mv "$out.tmp" "$out" || : >"$out.nopvh"
			rm -f "$out.tmp"
		) 9>"$dir/$krel.lock" 2>/dev/null || true
	fi
	if [[ -s $out ]]; then echo "$out"; else echo "$bz"; fi
}

# _extract_pvh BZIMAGE OUT: the vmlinux in BZIMAGE, if it has a PVH entry.
_extract_pvh() {
	local bz=$1 out=$2 sects off len magic unpack
	u() { od -An -t "u$2" -j "$1" -N "$2" "$bz" | tr -d ' '; }
	# x86 boot protocol: "HdrS" at 0x202, setup_sects at 0x1f1;
	# payload_offset and payload_length at 0x248/0x24c, relative to the
	# protected-mode code after the (setup_sects + 1) * 512 bytes of setup.
	[[ $(od -An -c -j $((0x202)) -N 4 "$bz" | tr -d ' ') == HdrS ]] || return 1
	sects=$(u $((0x1f1)) 1)
	off=$(((sects + 1) * 512 + $(u $((0x248)) 4)))
	len=$(u $((0x24c)) 4)
	magic=$(od -An -t x1 -j "$off" -N 4 "$bz" | tr -d ' ')
	# xz and zstd payloads end with the uncompressed size (4 bytes)
	case $magic in
	fd377a58) unpack=(xz -dc) len=$((len - 4)) ;;
	28b52ffd) unpack=(zstd -qdc) len=$((len - 4)) ;;
	1f8b*) unpack=(gzip -dc) ;;
	*) return 1 ;; # other formats: boot the bzImage
	esac
	dd if="$bz" bs=4M iflag=skip_bytes,count_bytes skip="$off" count="$len" status=none |
		"${unpack[@]}" >"$out" || return 1
	# PVH entry point: ELF note "Xen", type 18 (XEN_ELFNOTE_PHYS32_ENTRY)
	readelf -n "$out" | grep -qE 'Xen.*(\(0x00000012\)|PHYS32_ENTRY)'
}
