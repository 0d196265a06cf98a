# SPDX-License-Identifier: GPL-2.0
# Top-level build: `make` builds trace.ko for KDIR and the TypeScript frontend.
KDIR ?= $(firstword $(wildcard /lib/modules/$(shell uname -r)/build) \
	$(lastword $(sort $(wildcard /usr/src/linux-headers-*-amd64))))
PROGS := $(patsubst test/progs/%.c,build/progs/%,$(wildcard test/progs/*.c)) \
	$(patsubst test/progs/%.cc,build/progs/%,$(wildcard test/progs/*.cc))

.PHONY: all module frontend progs blkin clean checkpatch install dkms-install dkms-uninstall

all: module frontend

module:
	@test -n "$(KDIR)" || { echo "no kernel headers: install linux-headers-$$(uname -r) or set KDIR" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) W=1 modules

frontend:
	npm run build:ts

# Static test programs with known syscalls, run inside the VM.
progs: $(PROGS)

# libktrace-blkin: BlkKin's annotation API over USDT probes (lib/blkin/zipkin_c.h).
BLKIN_LIB := build/lib/libktrace-blkin.a
blkin: $(BLKIN_LIB)

$(BLKIN_LIB): lib/blkin/blkin.c lib/blkin/zipkin_c.h
	@mkdir -p build/lib
	$(CC) -O2 -Wall -Wextra -fPIC -Ilib/blkin -c -o build/lib/blkin.o $<
	$(AR) rcs $@ build/lib/blkin.o

# Programs using it (the shorter stem makes this rule win over the one below).
build/progs/blkin_%: test/progs/blkin_%.c $(BLKIN_LIB)
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Wextra -Ilib/blkin -o $@ $< $(BLKIN_LIB)

build/progs/%: test/progs/%.c $(wildcard test/progs/*.h)
	@mkdir -p $(dir $@)
	$(CC) -static -O2 -Wall -Wextra -Ikmod -o $@ $<

# C++ (static libstdc++ carries its throw/catch USDT probes along).
build/progs/%: test/progs/%.cc
	@mkdir -p $(dir $@)
	$(CXX) -static -O2 -Wall -Wextra -o $@ $<

checkpatch:
	scripts/checkpatch

# --- installing trace.ko on a real host (README: "Install on a real host") ---
# The release KDIR's headers are for (not necessarily the running kernel).
KREL ?= $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"/\1/p' $(KDIR)/include/generated/utsrelease.h 2>/dev/null)
# Staging root for packagers and tests; empty installs into /lib/modules.
INSTALL_MOD_PATH ?=
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)
DKMS ?= dkms
# Where DKMS keeps the sources it rebuilds on every kernel upgrade.
DKMS_SOURCETREE ?= /usr/src
# Extra dkms options (a test passes --dkmstree, --installtree, --kernelsourcedir).
DKMS_FLAGS ?=
DKMS_SOURCES := Kbuild dkms.conf $(wildcard kmod/*.c kmod/*.h kmod/wrapper/*.h)

# Into $(INSTALL_MOD_PATH)/lib/modules/$(KREL)/extra, then depmod: `modprobe trace` works.
install: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(INSTALL_MOD_PATH) INSTALL_MOD_DIR=extra modules_install
	depmod $(if $(INSTALL_MOD_PATH),-b $(INSTALL_MOD_PATH)) $(KREL)

# Registers the sources with DKMS, builds and installs trace.ko for $(KREL)
# (default: the running kernel); AUTOINSTALL rebuilds it for later kernels.
dkms-install: KREL = $(shell uname -r)
dkms-install:
	@test -n "$(VERSION)" || { echo "dkms.conf has no PACKAGE_VERSION" >&2; exit 1; }
	rm -rf $(DKMS_SOURCETREE)/ktrace-$(VERSION)
	mkdir -p $(DKMS_SOURCETREE)/ktrace-$(VERSION)/kmod
	cp Kbuild dkms.conf $(DKMS_SOURCETREE)/ktrace-$(VERSION)/
	cp --parents $(filter kmod/%,$(DKMS_SOURCES)) $(DKMS_SOURCETREE)/ktrace-$(VERSION)/
	$(DKMS) add --sourcetree $(DKMS_SOURCETREE) $(DKMS_FLAGS) ktrace/$(VERSION)
	$(DKMS) build --sourcetree $(DKMS_SOURCETREE) $(DKMS_FLAGS) ktrace/$(VERSION) -k $(KREL)
	$(DKMS) install --sourcetree $(DKMS_SOURCETREE) $(DKMS_FLAGS) ktrace/$(VERSION) -k $(KREL)

# Removes trace.ko from every kernel DKMS built it for, and the sources.
dkms-uninstall:
	-$(DKMS) remove --sourcetree $(DKMS_SOURCETREE) $(DKMS_FLAGS) ktrace/$(VERSION) --all
	rm -rf $(DKMS_SOURCETREE)/ktrace-$(VERSION)

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean 2>/dev/null || true
	rm -rf dist build
