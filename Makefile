# doorstep — a plain GNU Makefile. `make run` and `make check` do all the set-up
# on a fresh Debian 12 machine; see README.md.

PREFIX ?= /usr/local
BUILD ?= build
CC ?= cc
V ?= 0

# Debian packages the build, the tests and the programs need.
DEB_PACKAGES = gcc make pkg-config libc6-dev libsqlite3-dev libsodium-dev \
	libjansson-dev libncurses-dev libcmocka-dev libcsv-dev libzstd-dev \
	libcurl4-openssl-dev libmicrohttpd-dev gettext tmux openssl \
	clang libclang-rt-14-dev curl libicu-dev \
	libpango1.0-dev libcairo2-dev libfontconfig-dev fonts-noto-cjk poppler-utils \
	libxlsxwriter-dev unzip python3 chromium \
	postgresql-15 libpq-dev

PKGS = sqlite3 libsodium jansson ncursesw xlsxwriter libzstd libpq

# Recursive (=) so that pkg-config runs only when a recipe needs it, after
# `make deps` has installed it.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv
CMOCKA_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)
NET_LIBS = $(shell pkg-config --libs libcurl libmicrohttpd 2>/dev/null)
NET_CFLAGS = $(shell pkg-config --cflags libcurl libmicrohttpd 2>/dev/null)
# ICU (collation and Han-Latin transliteration) for tui/ only: make lint
# keeps its headers out of core/, store/ and sync/.
ICU_LIBS = $(shell pkg-config --libs icu-uc icu-i18n 2>/dev/null)
ICU_CFLAGS = $(shell pkg-config --cflags icu-uc icu-i18n 2>/dev/null)
# Pango and Cairo (the PDF letter) for tui/ only, like ICU.
PANGO_LIBS = $(shell pkg-config --libs pangocairo fontconfig 2>/dev/null)
PANGO_CFLAGS = $(shell pkg-config --cflags pangocairo fontconfig 2>/dev/null)

WARN = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wformat=2 -Wno-format-nonliteral
OPT ?= -O2 -g
SAN ?=
CPPFLAGS_ALL = -D_GNU_SOURCE -D_XOPEN_SOURCE_EXTENDED -I. \
	-DDOORSTEP_VERSION='"$(VERSION)"' $(CPPFLAGS)
CFLAGS_ALL = -std=gnu11 $(OPT) $(WARN) $(SAN) -MMD -MP $(CFLAGS)
LDFLAGS_ALL = $(SAN) $(LDFLAGS)
VERSION = 0.1.0

ifeq ($(V),0)
Q = @
say = @printf '  %-6s %s\n' $(1) $(2);
else
Q =
say =
endif

CORE_SRC = $(wildcard core/*.c)
STORE_SRC = $(wildcard store/*.c)
SYNC_SRC = $(wildcard sync/*.c)
COUNTY_SRC = $(wildcard sync/county/*.c)
PROVINCE_SRC = $(wildcard sync/province/*.c)
PROVINCE_SQL = $(sort $(wildcard sync/province/schema/*.sql))
TUI_SRC = $(wildcard tui/*.c)
UNIT_CORE_SRC = $(wildcard tests/unit/core/test_*.c)
UNIT_STORE_SRC = $(wildcard tests/unit/store/test_*.c)
UNIT_SYNC_SRC = $(wildcard tests/unit/sync/test_*.c)
UNIT_TUI_SRC = $(wildcard tests/unit/tui/test_*.c)
TOOL_SRC = $(wildcard tests/tools/*.c)
BENCH_SRC = $(wildcard tests/bench/*.c)
FUZZ_SRC = $(wildcard tests/fuzz/fuzz_*.c)

CORE_OBJ = $(CORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/regions.o
STORE_OBJ = $(STORE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/policy_default.o
SYNC_OBJ = $(SYNC_SRC:%.c=$(BUILD)/%.o)
COUNTY_OBJ = $(COUNTY_SRC:%.c=$(BUILD)/%.o)
# Everything of the county server but main(), for tests and benchmarks.
COUNTY_LIB_OBJ = $(filter-out $(BUILD)/sync/county/main.o,$(COUNTY_OBJ))
PROVINCE_OBJ = $(PROVINCE_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/province_schema.o
TUI_OBJ = $(TUI_SRC:%.c=$(BUILD)/%.o)
# Everything of tui/ but main(), so tests can link the command line.
TUI_LIB_OBJ = $(filter-out $(BUILD)/tui/main.o,$(TUI_OBJ))

UNIT_BIN = $(UNIT_CORE_SRC:tests/unit/%.c=$(BUILD)/tests/%) \
	$(UNIT_STORE_SRC:tests/unit/%.c=$(BUILD)/tests/%) \
	$(UNIT_SYNC_SRC:tests/unit/%.c=$(BUILD)/tests/%) \
	$(UNIT_TUI_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TOOL_BIN = $(TOOL_SRC:tests/tools/%.c=$(BUILD)/tests/tools/%)
BENCH_BIN = $(BENCH_SRC:tests/bench/%.c=$(BUILD)/bench/%)
FUZZ_BIN = $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

DOORSTEP = $(BUILD)/doorstep
COUNTY = $(BUILD)/doorstep-county
PROVINCE = $(BUILD)/doorstep-province
LINGUAS = zh_CN
MO = $(LINGUAS:%=$(BUILD)/locale/%/LC_MESSAGES/doorstep.mo)

.PHONY: all deps build run check test unit unit-core e2e sanitize bench lint \
	install uninstall pot update-po clean demo-store fuzz fuzz-run \
	fuzz-check bench-smoke

all: build

build: $(DOORSTEP) $(COUNTY) $(PROVINCE) $(MO)

# ---- dependencies ---------------------------------------------------------

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "installing:$$missing"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "doorstep needs these Debian packages:$$missing"; \
	  echo "run:  sudo apt-get install -y$$missing"; \
	  exit 1; \
	fi

# ---- compiling ------------------------------------------------------------

$(BUILD)/tui/%.o: PKG_CFLAGS += $(ICU_CFLAGS) $(PANGO_CFLAGS)
$(BUILD)/%.o: %.c
	@mkdir -p $(@D)
	$(call say,CC,$<)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) $(NET_CFLAGS) -c $< -o $@

# The default policy, built into the program as bytes.
$(BUILD)/gen/policy_default.c: store/policy-default.json
	@mkdir -p $(@D)
	$(call say,GEN,$@){ echo '/* generated from store/policy-default.json: do not edit */'; \
	  echo '#include <stddef.h>'; \
	  echo 'extern const unsigned char store_policy_default[];'; \
	  echo 'extern const size_t store_policy_default_len;'; \
	  echo 'const unsigned char store_policy_default[] = {'; \
	  od -An -v -tx1 $< | sed 's/\([0-9a-f][0-9a-f]\)/0x\1,/g'; \
	  echo '0x00};'; \
	  echo 'const size_t store_policy_default_len = sizeof(store_policy_default) - 1;'; \
	} > $@.tmp && mv $@.tmp $@

# The GB/T 2260 name table, built in as rows; a malformed line stops the
# build.
$(BUILD)/gen/regions.c: core/regions.tsv
	@mkdir -p $(@D)
	$(call say,GEN,$@)awk -F '\t' 'BEGIN { print "/* generated from core/regions.tsv: do not edit */"; \
	  print "#include \"core/region.h\""; print "const core_region_row core_regions[] = {" } \
	  /^#/ { next } \
	  NF != 3 || $$1 !~ /^[0-9][0-9][0-9][0-9][0-9][0-9]$$/ || /["\\]/ { print "core/regions.tsv:" NR ": malformed" > "/dev/stderr"; bad = 1; exit 1 } \
	  { printf "\t{\"%s\", \"%s\", \"%s\"},\n", $$1, $$2, $$3; n++ } \
	  END { if (bad) exit 1; print "};"; printf "const size_t core_n_regions = %d;\n", n }' $< > $@.tmp && mv $@.tmp $@

# The province's schema migrations (sync/province/schema/NNN_what.sql),
# built in as strings in their order, so `doorstep-province init` needs no
# files beside it.
$(BUILD)/gen/province_schema.c: $(PROVINCE_SQL) Makefile
	@mkdir -p $(@D)
	$(call say,GEN,$@){ echo '/* generated from the SQL files of sync/province/schema: do not edit */'; \
	  echo '#include "sync/province/schema.h"'; \
	  echo 'const province_migration province_migrations[] = {'; \
	  for f in $(PROVINCE_SQL); do b=$$(basename $$f .sql); \
	    printf '\t{%d, "%s", \n' "$$(echo $$b | sed 's/_.*//; s/^0*//')" "$$b"; \
	    od -An -v -tx1 $$f | sed 's/ \([0-9a-f][0-9a-f]\)/\\x\1/g; s/^/\t "/; s/$$/"/'; \
	    echo '\t},'; done; \
	  echo '};'; \
	  echo 'const size_t province_n_migrations = sizeof(province_migrations) / sizeof(province_migrations[0]);'; \
	} > $@.tmp && mv $@.tmp $@

$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	$(call say,CC,$<)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -c $< -o $@

$(BUILD)/libcore.a: $(CORE_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/libstore.a: $(STORE_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/libsync.a: $(SYNC_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/libcounty.a: $(COUNTY_LIB_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

$(BUILD)/libtui.a: $(TUI_LIB_OBJ)
	$(call say,AR,$@)rm -f $@ && ar rcs $@ $^

# The layers, top first, as the linker wants them.
LIBS_ALL = $(BUILD)/libtui.a $(BUILD)/libsync.a $(BUILD)/libstore.a $(BUILD)/libcore.a

$(DOORSTEP): $(BUILD)/tui/main.o $(LIBS_ALL)
	$(call say,LINK,$@)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS)

# The county server is a front end like tui/: it reads passphrases and
# speaks the user's language with tui/'s code.
$(COUNTY): $(BUILD)/sync/county/main.o $(BUILD)/libcounty.a $(LIBS_ALL)
	$(call say,LINK,$@)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS)

# The province's program is a front end too.
$(PROVINCE): $(PROVINCE_OBJ) $(LIBS_ALL)
	$(call say,LINK,$@)$(CC) $(LDFLAGS_ALL) -o $@ $^ $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS)

# Unit tests link only their own layer and the layers below it.
$(BUILD)/tests/core/%: tests/unit/core/%.c $(BUILD)/libcore.a
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) -o $@ $(filter %.c %.a,$^) \
	  $(LDFLAGS_ALL) $(CMOCKA_LIBS)

$(BUILD)/tests/store/%: tests/unit/store/%.c $(BUILD)/libstore.a $(BUILD)/libcore.a
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) -o $@ $(filter %.c %.a,$^) \
	  $(LDFLAGS_ALL) $(PKG_LIBS) $(CMOCKA_LIBS)

# The county server (libcounty) is a front end like tui/, and uses its
# translations and words: its tests link tui/ too.
$(BUILD)/tests/sync/%: tests/unit/sync/%.c $(BUILD)/libcounty.a $(LIBS_ALL)
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) -o $@ $(filter %.c %.a,$^) \
	  $(LDFLAGS_ALL) $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/tui/%: tests/unit/tui/%.c $(LIBS_ALL)
	@mkdir -p $(@D)
	$(call say,TEST,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) $(ICU_CFLAGS) -o $@ $(filter %.c %.a,$^) \
	  $(LDFLAGS_ALL) $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS) $(CMOCKA_LIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c $(BUILD)/libcounty.a $(LIBS_ALL)
	@mkdir -p $(@D)
	$(call say,TOOL,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) -o $@ $(filter %.c %.a,$^) \
	  $(LDFLAGS_ALL) $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS)

$(BUILD)/bench/%: tests/bench/%.c $(BUILD)/libcounty.a $(LIBS_ALL)
	@mkdir -p $(@D)
	$(call say,BENCH,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) $(ICU_CFLAGS) -o $@ $(filter %.c %.a,$^) \
	  $(LDFLAGS_ALL) $(PKG_LIBS) $(NET_LIBS) $(ICU_LIBS) $(PANGO_LIBS)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(BUILD)/libsync.a $(BUILD)/libstore.a $(BUILD)/libcore.a
	@mkdir -p $(@D)
	$(call say,FUZZ,$@)$(CC) $(CPPFLAGS_ALL) $(CFLAGS_ALL) $(PKG_CFLAGS) -fsanitize=fuzzer \
	  -o $@ $(filter %.c %.a,$^) $(LDFLAGS_ALL) $(PKG_LIBS) $(NET_LIBS)

$(BUILD)/locale/%/LC_MESSAGES/doorstep.mo: locale/%.po
	@mkdir -p $(@D)
	$(call say,MSGFMT,$<)msgfmt --check -o $@ $<

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)

# ---- running --------------------------------------------------------------

# The demo store lives in the build tree, so `make run` never touches a real
# store. Its passphrase is printed; it protects synthetic data only.
DEMO_STORE = $(BUILD)/demo-store
DEMO_PASS = $(BUILD)/demo-passphrase

run: deps
	@$(MAKE) --no-print-directory build
	@$(MAKE) --no-print-directory demo-store
	@echo "demo store: $(DEMO_STORE)   user: demo   passphrase: $$(cat $(DEMO_PASS))"
	@if [ -t 0 ] && [ -t 1 ]; then \
	  DOORSTEP_STORE=$(DEMO_STORE) $(DOORSTEP); \
	else \
	  DOORSTEP_STORE=$(DEMO_STORE) DOORSTEP_PASSPHRASE_FILE=$(DEMO_PASS) \
	    $(DOORSTEP) household list; \
	fi

demo-store: $(DOORSTEP)
	@if [ ! -f $(DEMO_STORE)/store.db ]; then \
	  rm -rf $(DEMO_STORE); \
	  (umask 077; printf 'demo-%s\n' "$$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')" > $(DEMO_PASS)); \
	  chmod 600 $(DEMO_PASS); \
	  DOORSTEP_STORE=$(DEMO_STORE) DOORSTEP_PASSPHRASE_FILE=$(DEMO_PASS) \
	    $(DOORSTEP) init --user demo --role assistant --region 440106 && \
	  DOORSTEP_STORE=$(DEMO_STORE) DOORSTEP_PASSPHRASE_FILE=$(DEMO_PASS) \
	    $(DOORSTEP) demo --households 300 --seed 1; \
	fi

# ---- tests ----------------------------------------------------------------

check: deps
	@$(MAKE) --no-print-directory test
	@$(MAKE) --no-print-directory fuzz-check

test: build $(UNIT_BIN) $(TOOL_BIN) $(BENCH_BIN)
	@$(MAKE) --no-print-directory unit e2e bench-smoke

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
	  echo "== $$t"; TMPDIR=$${TMPDIR:-/tmp} $$t || fail=1; \
	done; exit $$fail

# Only the core tests: what a change to core/ alone needs.
unit-core: $(UNIT_CORE_SRC:tests/unit/%.c=$(BUILD)/tests/%)
	@fail=0; for t in $^; do echo "== $$t"; $$t || fail=1; done; exit $$fail

e2e: build $(TOOL_BIN)
	@BUILD=$(BUILD) sh tests/e2e/run.sh

sanitize: deps
	@$(MAKE) --no-print-directory BUILD=build-san OPT='-O1 -g' \
	  SAN='-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined' \
	  test

# Every benchmark at each of BENCH_SIZES households (the caseload a
# supervisor or a county holds), then the targets they state, met or not.
BENCH_SIZES = 20000 100000
bench: deps
	@$(MAKE) --no-print-directory build $(BENCH_BIN) $(TOOL_BIN)
	@rm -f $(BUILD)/bench.failed; for n in $(BENCH_SIZES); do \
	  for b in $(BENCH_BIN); do echo "== $$b at $$n households"; \
	  BUILD=$(BUILD) BENCH_HOUSEHOLDS=$$n $$b || \
	  { touch $(BUILD)/bench.failed; exit 1; }; \
	done; done 2>&1 | tee $(BUILD)/bench.log; test ! -e $(BUILD)/bench.failed
	@echo "== t_serve_load with 200 laptops"; BUILD=$(BUILD) SERVE_LOAD_LAPTOPS=200 SERVE_LOAD_BROWSERS=20 SERVE_LOAD_SLOW=500 sh tests/e2e/t_serve_load.sh
	@echo "== the targets"; grep '^\[target\]' $(BUILD)/bench.log | sed 's/^\[target\] /  /'

# Every benchmark on a few households, so that one that no longer runs
# fails `make check`; its figures mean nothing at this size.
bench-smoke: build $(BENCH_BIN) $(TOOL_BIN)
	@for b in $(BENCH_BIN); do \
	  BUILD=$(BUILD) BENCH_HOUSEHOLDS=200 $$b > $(BUILD)/bench-smoke.log 2>&1 || \
	  { cat $(BUILD)/bench-smoke.log; echo "bench-smoke: $$b failed"; exit 1; }; \
	done; echo "bench-smoke: $(words $(BENCH_BIN)) benchmarks ran on 200 households"

# libFuzzer targets for the parsers, built with clang under ASan and UBSan
# in build-fuzz, each run on a copy of its committed corpus
# (tests/fuzz/corpus/NAME): `make fuzz` for FUZZ_SECONDS each, on a copy
# kept between runs (build-fuzz/corpus) so it goes on where it stopped;
# `make check` for FUZZ_CHECK_SECONDS each, on a fresh copy
# (build-fuzz/corpus-check; 0 skips it). A crash, a leak or undefined
# behaviour fails the run; the report is in build-fuzz/fuzz/NAME.log, the
# input that did it next to it. Their temporary files go to build-fuzz/tmp,
# where a crash leaves them.
FUZZ_SECONDS ?= 60
FUZZ_CHECK_SECONDS ?= 10
FUZZ_MAKE = $(MAKE) --no-print-directory BUILD=build-fuzz CC=clang OPT='-O1 -g' \
	SAN='-fsanitize=address,undefined -fsanitize=fuzzer-no-link \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer'

fuzz: deps
	@$(FUZZ_MAKE) fuzz-run

fuzz-check: deps
	@if [ "$(FUZZ_CHECK_SECONDS)" = 0 ]; then echo "fuzz: skipped (FUZZ_CHECK_SECONDS=0)"; \
	else $(FUZZ_MAKE) FUZZ_SECONDS=$(FUZZ_CHECK_SECONDS) FUZZ_FRESH=1 fuzz-run; fi

# Quiet: one line a target, the end of its log when it fails.
fuzz-run: $(FUZZ_BIN)
	@fail=""; for f in $(FUZZ_BIN); do \
	  name=$$(basename $$f | sed 's/^fuzz_//'); log=$(BUILD)/fuzz/$$name.log; \
	  work=$(BUILD)/$(if $(FUZZ_FRESH),corpus-check,corpus)/$$name; \
	  $(if $(FUZZ_FRESH),rm -rf $$work;) \
	  mkdir -p $$work $(BUILD)/tmp && cp tests/fuzz/corpus/$$name/* $$work/ || exit 1; \
	  printf '== %-16s %4s s: ' $$name $(FUZZ_SECONDS); \
	  if TMPDIR=$(CURDIR)/$(BUILD)/tmp $$f -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	      -artifact_prefix=$(BUILD)/fuzz/$$name- $$work >$$log 2>&1; then \
	    sed -n 's/^#\([0-9]*\)[[:space:]]*DONE[[:space:]]*cov: \([0-9]*\).*corp: \([0-9]*\).*exec\/s: \([0-9]*\).*/ok, \1 runs (\4 a second), coverage \2, corpus \3/p' $$log; \
	    if [ "$(V)" != 0 ]; then cat $$log; fi; \
	  else \
	    echo "FAILED"; fail="$$fail $$name"; \
	    first=$$(grep -n -m1 'ERROR: \|runtime error: ' $$log | cut -d: -f1); \
	    if [ -n "$$first" ]; then tail -n +$$first $$log | head -n 40; \
	    else tail -n 40 $$log; fi | sed 's/^/   /'; \
	    sed -n 's/.*Test unit written to \(.*\)/   input: \1/p' $$log; \
	  fi; \
	done; \
	if [ -n "$$fail" ]; then \
	  echo "fuzz: failed:$$fail (logs in $(BUILD)/fuzz/NAME.log;" \
	    "replay an input with $(BUILD)/fuzz/fuzz_NAME INPUT)"; exit 1; \
	fi

# ---- layering -------------------------------------------------------------

lint:
	@bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](sqlite3|sodium|sodium/[^>"]*|curses|ncurses|ncursesw/[^>"]*|libintl|jansson|csv|curl/[^>"]*|microhttpd)\.h[>"]' core/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: core/ must stay pure (libc only): $$bad"; exit 1; fi; \
	bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](curses|ncurses|ncursesw/[^>"]*|libintl|curl/[^>"]*|microhttpd)\.h[>"]' store/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: store/ must not use curses or gettext: $$bad"; exit 1; fi; \
	bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](curses|ncurses|ncursesw/[^>"]*|libintl)\.h[>"]' sync/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: sync/ must not use curses or gettext: $$bad"; exit 1; fi; \
	bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(\.\./)?sync/' core/*.[ch] store/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: core/ and store/ must not include sync/: $$bad"; exit 1; fi; \
	bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"(\.\./)?tui/' core/*.[ch] store/*.[ch] sync/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: lower layers must not include tui/: $$bad"; exit 1; fi; \
	bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"]unicode/' core/*.[ch] store/*.[ch] sync/*.[ch] sync/county/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: ICU (unicode/*.h) is for tui/ only: $$bad"; exit 1; fi; \
	bad=$$(grep -lE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"](pango/|cairo)' core/*.[ch] store/*.[ch] sync/*.[ch] sync/county/*.[ch] 2>/dev/null); \
	if [ -n "$$bad" ]; then echo "lint: Pango and Cairo (the PDF letter) are for tui/ only: $$bad"; exit 1; fi; \
	bad=$$(grep -nE '\b(printf|fprintf|puts|perror)[[:space:]]*\(' core/*.c store/*.c sync/*.c 2>/dev/null | grep -v 'snprintf'); \
	if [ -n "$$bad" ]; then echo "lint: nothing below tui/ prints: $$bad"; exit 1; fi; \
	echo "lint: layers are clean"

# ---- translations ---------------------------------------------------------

pot:
	xgettext --from-code=UTF-8 -k_ -kN_ -kngettext:1,2 --add-comments=L10N: \
	  --package-name=doorstep --package-version=$(VERSION) \
	  --msgid-bugs-address='doorstep developers' -o locale/doorstep.pot \
	  $(sort $(CORE_SRC) $(wildcard core/*.h) $(STORE_SRC) $(wildcard store/*.h) $(SYNC_SRC) $(wildcard sync/*.h) $(COUNTY_SRC) $(wildcard sync/county/*.h) $(PROVINCE_SRC) $(wildcard sync/province/*.h) $(TUI_SRC) $(wildcard tui/*.h))

update-po: pot
	@for l in $(LINGUAS); do msgmerge -q --update --backup=none locale/$$l.po locale/doorstep.pot && msgattrib --no-obsolete -o locale/$$l.po locale/$$l.po; done

# ---- installing -----------------------------------------------------------

# Where `make install` puts things, under $(DESTDIR)$(PREFIX). The unit's
# paths are written from these at install time (sync/county/*.service.in).
BINDIR = $(PREFIX)/bin
MANDIR = $(PREFIX)/share/man
LOCALEDIR = $(PREFIX)/share/locale
BASHCOMPDIR = $(PREFIX)/share/bash-completion/completions
SYSTEMDUNITDIR = $(PREFIX)/lib/systemd/system
SYSUSERSDIR = $(PREFIX)/lib/sysusers.d
# Every installed file but the translations, as path=source pairs.
INSTALL_DATA = $(MANDIR)/man1/doorstep.1=tui/doorstep.1 \
	$(MANDIR)/man8/doorstep-county.8=sync/county/doorstep-county.8 \
	$(MANDIR)/man8/doorstep-province.8=sync/province/doorstep-province.8 \
	$(BASHCOMPDIR)/doorstep=tui/doorstep.bash \
	$(BASHCOMPDIR)/doorstep-county=sync/county/doorstep-county.bash \
	$(SYSUSERSDIR)/doorstep-county.conf=sync/county/doorstep-county.sysusers

install: build
	install -d $(DESTDIR)$(BINDIR)
	install -m 755 $(DOORSTEP) $(DESTDIR)$(BINDIR)/doorstep
	install -m 755 $(COUNTY) $(DESTDIR)$(BINDIR)/doorstep-county
	install -m 755 $(PROVINCE) $(DESTDIR)$(BINDIR)/doorstep-province
	@for l in $(LINGUAS); do \
	  install -d $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES; \
	  install -m 644 $(BUILD)/locale/$$l/LC_MESSAGES/doorstep.mo \
	    $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/doorstep.mo; \
	done
	@for f in $(INSTALL_DATA); do \
	  to=$(DESTDIR)$${f%%=*}; install -d "$${to%/*}" && \
	  install -m 644 "$${f#*=}" "$$to" || exit 1; \
	done
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@BINDIR@|$(BINDIR)|g' sync/county/doorstep-county.service.in \
	  > $(DESTDIR)$(SYSTEMDUNITDIR)/doorstep-county.service
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/doorstep-county.service

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/doorstep $(DESTDIR)$(BINDIR)/doorstep-county $(DESTDIR)$(BINDIR)/doorstep-province
	rm -f $(DESTDIR)$(SYSTEMDUNITDIR)/doorstep-county.service
	@for f in $(INSTALL_DATA); do rm -f "$(DESTDIR)$${f%%=*}"; done
	@for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/doorstep.mo; done

clean:
	rm -rf build build-san build-fuzz
