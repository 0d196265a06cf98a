#!/bin/sh
# In the guest of scripts/ab-read: modules $1 (A) and $2 (B) in turn, a raw
# reader draining a held getppid_loop $3 under each.
cd "$KTRACE_REPO" || exit 1
a=$1 b=$2 n=$3
# The reader's CPU ticks once they stop rising (its start-up, or the drain, is over).
settled() {
	prev=-1
	while :; do
		sleep 2
		t=$(awk '{print $14 + $15}' "/proc/$1/stat")
		[ "$t" = "$prev" ] && break
		prev=$t
	done
	echo "$t"
}
one() { # module, label
	rmmod trace 2>/dev/null
	insmod "$1" || exit 1
	rm -f /tmp/ab-gate
	mkfifo /tmp/ab-gate
	sh -c "read x < /tmp/ab-gate; exec build/progs/getppid_loop $n" &
	w=$!
	node dist/bench/src/raw-reader.js "$w" > /tmp/ab-raw.json &
	r=$!
	t0=$(settled "$r")
	echo go > /tmp/ab-gate
	wait "$w"
	t1=$(settled "$r")
	kill -INT "$r"
	wait "$r"
	echo "$2 ticks=$((t1 - t0)) $(cat /tmp/ab-raw.json)"
}
for i in 1 2 3 4; do
	one "$a" A
	one "$b" B
done
