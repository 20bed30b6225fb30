# tests/local.mk: shared test infrastructure (fuzz replay main, integration helpers).
EXTRA_DIST += tests/fuzz/corpus tests/data

# iwfctl parse/translate from the command line.
TESTS += tests/iwfctl_codec.sh
EXTRA_DIST += tests/iwfctl_codec.sh
