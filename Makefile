# jbt — the two commands a new user needs: `make demo` and `make test`.
# Both install what is missing (Debian packages, as root or through sudo), build and run.

SWIFT ?= swift
DEBS := libsqlite3-dev libical-dev libcurl4-openssl-dev python3 python3-venv openssl libreoffice-writer-nogui fonts-crosextra-carlito fonts-crosextra-caladea liblua5.4-dev coinor-libclp-dev coinor-libcbc-dev poppler-utils
SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)
JBT := .build/debug/jbt
# Independent iCalendar parsers for the invite tests (pinned, in a virtualenv).
TEST_VENV := Tests/.venv

.PHONY: all deps build demo test bench format lint clean

all: build

# Debian packages the build and the tests need; installed only when missing.
deps:
	@command -v $(SWIFT) >/dev/null || { echo "Swift 6 ontbreekt: installeer de Swift-toolchain (swift.org) en zet 'swift' in PATH."; exit 1; }
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installeren:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build --product jbt

demo: build
	$(JBT) demo

test: deps
	python3 -m unittest discover -s Benchmarks/python -p 'test_*.py'
	test -x $(TEST_VENV)/bin/python || python3 -m venv $(TEST_VENV)
	$(TEST_VENV)/bin/pip install -q --disable-pip-version-check -r Tests/tools/requirements.txt
	$(SWIFT) build --build-tests
	JBT_TEST_PYTHON=$(CURDIR)/$(TEST_VENV)/bin/python $(SWIFT) test --skip-build

bench: deps
	Benchmarks/run.sh

# Formats the Swift files given (FILES=...), or the ones changed and not yet committed, by .swift-format.
FILES ?= $(shell git status --porcelain -- '*.swift' 2>/dev/null | awk '$$1 != "D" {print $$NF}')
format:
	@[ -z "$(FILES)" ] || $(SWIFT) format --in-place $(FILES)

# Reports what swift-format would change, without changing anything.
lint:
	@[ -z "$(FILES)" ] || $(SWIFT) format lint $(FILES)

clean:
	rm -rf .build
