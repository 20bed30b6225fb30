# bench/local.mk: benchmarks, run on demand with `make bench` (never under make check).
noinst_PROGRAMS += bench/translate
bench_translate_SOURCES = bench/translate.c
bench_translate_LDADD = $(PURE_LIBS)
EXTRA_DIST += bench/run-translate.sh

.PHONY: bench bench-translate
bench: bench-translate
bench-translate: bench/translate
	$(SHELL) $(srcdir)/bench/run-translate.sh $(builddir)/bench/translate $(srcdir)
