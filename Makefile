# SPDX-License-Identifier: GPL-2.0
# Top-level build: `make` builds trace.ko for KDIR and the TypeScript frontend.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
PROGS := $(patsubst test/progs/%.c,build/progs/%,$(wildcard test/progs/*.c))

.PHONY: all module frontend progs clean checkpatch

all: module frontend

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: install linux-headers-$$(uname -r) or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

frontend:
	npm run build:ts

# Static test programs with known syscalls, run inside the VM.
progs: $(PROGS)

build/progs/%: test/progs/%.c
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Wextra -Ikmod -o $@ $<

checkpatch:
	scripts/checkpatch

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf dist build
