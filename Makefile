# The two commands: `make demo` and `make test` (see README.md).
# Both install any missing Debian packages first (scripts/install-deps).
BUILD       ?= build
BUILD_SAN   ?= build-sanitize
BUILD_FUZZ  ?= build-fuzz
JOBS        ?= $(shell nproc)
FUZZ_SECONDS ?= 60
CMAKE_GEN   := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all deps configure build demo test test-fast test-sanitize bench fuzz clean

all: build

deps:
	@scripts/install-deps

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release

configure: deps $(BUILD)/CMakeCache.txt

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# The project's main job on its built-in default: build a small Pd@Pt
# particle, simulate its tilt series at the paper's acquisition, run the
# pipeline on the series alone and score the atoms against the truth.
demo: build
	$(BUILD)/bin/aetbench demo --out demo-run

# ctest runs two test programs at once, each with OpenMP threads: passive
# waiting keeps oversubscribed OpenMP from spinning (30x slower seen).
TEST_ENV := OMP_WAIT_POLICY=PASSIVE

test: build
	cd $(BUILD) && $(TEST_ENV) ctest --output-on-failure -j $(JOBS)

test-fast: build
	cd $(BUILD) && $(TEST_ENV) ctest --output-on-failure -j $(JOBS) -L fast

# The suite once more under AddressSanitizer + UndefinedBehaviorSanitizer:
# the tests labelled fast (every unit and CLI test); the full-label
# end-to-end runs are numerical (minutes under ASan) and run in `make test`.
# -g1 (line tables, enough for the sanitizers' stack traces) rather than
# -g: the sanitized build is the longest step of CI, and full debug info
# took a third of its compile time (tracing/atom_tracing.cpp: 71 s -> 49 s).
SANITIZE_LABELS ?= fast
test-sanitize: deps
	cmake -S . -B $(BUILD_SAN) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O2 -g1 -DNDEBUG" \
	  -DAET_SANITIZE=address,undefined -DAET_BUILD_BENCH=OFF
	cmake --build $(BUILD_SAN) -j $(JOBS)
	cd $(BUILD_SAN) && $(TEST_ENV) ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j $(JOBS) -L $(SANITIZE_LABELS)

bench: build
	@for b in $(BUILD)/bin/bench_*; do [ -x "$$b" ] && "$$b"; done

# libFuzzer harnesses for the MRC, TLT, XYZ and HDF5 (EMD) readers and the
# --config and study-file readers (clang), FUZZ_SECONDS each (or FUZZ_RUNS executions each).
# HDF5 itself leaks on some corrupt files: the EMD harness runs without leak
# detection and checks instead that the reader closes every id it opened.
FUZZERS := mrc tlt xyz emd config study
FUZZ_LIMIT = $(if $(FUZZ_RUNS),-runs=$(FUZZ_RUNS),-max_total_time=$(FUZZ_SECONDS))
fuzz:
	@AETBENCH_FUZZ=1 scripts/install-deps
	CC=clang CXX=clang++ cmake -S . -B $(BUILD_FUZZ) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DAET_FUZZ=ON -DAET_BUILD_TESTS=OFF -DAET_BUILD_BENCH=OFF
	cmake --build $(BUILD_FUZZ) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZERS))
	@for f in $(FUZZERS); do \
	  mkdir -p $(BUILD_FUZZ)/corpus_$$f tests/fuzz/seeds/$$f; \
	  leaks=1; [ $$f = emd ] && leaks=0; \
	  AET_FUZZ_EMD_SEEDS=$(BUILD_FUZZ)/corpus_emd ASAN_OPTIONS=detect_leaks=$$leaks \
	  $(BUILD_FUZZ)/bin/fuzz_$$f $(FUZZ_LIMIT) -detect_leaks=$$leaks -print_final_stats=1 \
	    $(BUILD_FUZZ)/corpus_$$f tests/fuzz/seeds/$$f 2>&1 | tee $(BUILD_FUZZ)/fuzz-$$f.log | tail -4; \
	done

clean:
	rm -rf $(BUILD) $(BUILD_SAN) $(BUILD_FUZZ)
