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

# resolve_kernel FLAVOR [build]
# FLAVOR is 6.1, 6.12 or debug. Sets:
#   KREL     kernel release (uname -r in the guest)
#   KIMAGE   the bzImage to boot
#   KBUILD   tree for `make -C $KBUILD M=dir modules`
#   KMODDIR  /lib/modules/$KREL if the kernel has installed modules, else ""
# With "build", runs scripts/debug-kernel when the debug kernel is missing.
resolve_kernel() {
	local flavor=$1 ensure=${2:-}
	KMODDIR=
	case $flavor in
	6.1 | 6.12)
		local re
		if [[ $flavor == 6.1 ]]; then
			re='^6\.1\.[0-9]+-[0-9]+-amd64$'
		else
			re='^6\.12\.[0-9]+\+deb[0-9]+-amd64$'
		fi
		KREL=$(_newest_release "$re")
		[[ -n $KREL ]] || die "no $flavor kernel with headers installed (run scripts/install-deps)"
		KIMAGE=/boot/vmlinuz-$KREL
		KBUILD=/usr/src/linux-headers-$KREL
		[[ -f /lib/modules/$KREL/modules.dep ]] && KMODDIR=/lib/modules/$KREL
		;;
	debug)
		local cur=$KTRACE_CACHE/debug-kernel/current
		if [[ ! -f $cur/bzImage || ! -f $cur/kernelrelease || ! -d $cur/build ]]; then
			[[ $ensure == build ]] || die "debug kernel not built (run scripts/debug-kernel)"
			[[ -x $KTRACE_REPO/scripts/debug-kernel ]] || die "scripts/debug-kernel is missing"
			echo "${0##*/}: building the debug kernel (scripts/debug-kernel)..." >&2
			"$KTRACE_REPO/scripts/debug-kernel" >&2 || die "scripts/debug-kernel failed"
			[[ -f $cur/bzImage ]] || die "scripts/debug-kernel did not produce $cur/bzImage"
		fi
		KREL=$(<"$cur/kernelrelease")
		KREL=${KREL//[[:space:]]/}
		KIMAGE=$(readlink -f "$cur/bzImage")
		KBUILD=$(readlink -f "$cur/build")
		# 9p, virtio and devtmpfs are built in: the guest needs no modules.
		;;
	*)
		die "unknown kernel '$flavor' (expected 6.1, 6.12 or debug)"
		;;
	esac
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
	if [[ -s $out ]]; then
		echo "$out"
		return 0
	fi
	mkdir -p "$dir"
	(
		flock 9
		[[ -s $out ]] && exit 0
		# x86 boot protocol: setup_sects at 0x1f1; payload_offset and
		# payload_length at 0x248/0x24c, relative to the protected-mode code
		# that follows the (setup_sects + 1) * 512 bytes of setup. The
		# payload ends with its uncompressed size (4 bytes).
		u() { od -An -t "u$2" -j "$1" -N "$2" "$bz" | tr -d ' '; }
		[[ $(od -An -c -j $((0x202)) -N 4 "$bz" | tr -d ' ') == HdrS ]] || exit 1
		local sects off len magic
		sects=$(u $((0x1f1)) 1)
		off=$(((sects + 1) * 512 + $(u $((0x248)) 4)))
		len=$(($(u $((0x24c)) 4) - 4))
		magic=$(od -An -t x1 -j "$off" -N 4 "$bz" | tr -d ' ')
		local unpack
		case $magic in
		fd377a58) unpack=(xz -dc) ;;
		28b52ffd) unpack=(zstd -qdc) ;;
		1f8b*) unpack=(gzip -dc) ;;
		*) exit 1 ;; # not worth supporting: boot the bzImage
		esac
		dd if="$bz" bs=4M iflag=skip_bytes,count_bytes skip="$off" count="$len" status=none |
			"${unpack[@]}" >"$out.tmp" || exit 1
		# PVH entry: ELF note "Xen", type 18 (XEN_ELFNOTE_PHYS32_ENTRY)
		readelf -n "$out.tmp" 2>/dev/null | grep -qE 'Xen.*(\(0x00000012\)|PHYS32_ENTRY)' || exit 1
		mv "$out.tmp" "$out"
		local f
		for f in "$dir/$krel"-*; do [[ $f == "$out" ]] || rm -f "$f"; done
	) 9>"$dir/$krel.lock" || true
	rm -f "$out.tmp"
	if [[ -s $out ]]; then echo "$out"; else echo "$bz"; fi
}
