# tests/local.mk: shared test infrastructure (fuzz replay main, integration helpers).
EXTRA_DIST += tests/fuzz/corpus tests/data
