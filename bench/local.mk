# bench/local.mk: benchmarks, run on demand with `make bench` (never under make check).
noinst_PROGRAMS += bench/translate
bench_translate_SOURCES = bench/translate.c
bench_translate_LDADD = $(PURE_LIBS)
EXTRA_DIST += bench/run-translate.sh bench/profile-translate.sh

.PHONY: bench bench-translate
bench: bench-translate
bench-translate: bench/translate
	$(SHELL) $(srcdir)/bench/run-translate.sh $(builddir)/bench/translate $(srcdir)
# Load-independent figures (valgrind): sh bench/profile-translate.sh build/DIR/bench/translate

# IMPS load benchmark against a running iwfd (bench/run-imps.sh starts one).
noinst_PROGRAMS += bench/imps
bench_imps_SOURCES = bench/imps.c
bench_imps_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
bench_imps_LDADD = $(PURE_LIBS) $(CURL_LIBS)
EXTRA_DIST += bench/run-imps.sh
.PHONY: bench-imps
bench: bench-imps
bench-imps: bench/imps iwf/iwfd iwf/iwfctl
	$(SHELL) $(srcdir)/bench/run-imps.sh $(builddir) $(srcdir)
