# imps/csp.mk: WV-CSP element tree, XML parse and canonical build.
libiwfpure_a_SOURCES += imps/csp.h imps/csp_tree.c \
	imps/csp_xml.c imps/csp_build.c imps/csp_order.h imps/csp_order.c
EXTRA_DIST += scripts/gen-csp-order.py

check_PROGRAMS += tests/test_csp_xml
TESTS += tests/test_csp_xml
tests_test_csp_xml_SOURCES = tests/test_csp_xml.c
tests_test_csp_xml_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_csp_xml_LDADD = $(CHECK_PURE_LIBS)

# Prints the canonical XML of a file; used by tests/csp_dtd.sh.
check_PROGRAMS += tests/csp_canon
tests_csp_canon_SOURCES = tests/csp_canon.c
tests_csp_canon_LDADD = $(PURE_LIBS)

# Canonical 1.1 output validated against the 1.1 DTD (xmllint).
TESTS += tests/csp_dtd.sh
EXTRA_DIST += tests/csp_dtd.sh

# Fuzz target: replayed over its corpus under make check.
check_PROGRAMS += tests/fuzz/replay_csp_xml
TESTS += tests/fuzz/replay_csp_xml
tests_fuzz_replay_csp_xml_SOURCES = tests/fuzz/fuzz_csp_xml.c $(FUZZ_REPLAY_SRC)
tests_fuzz_replay_csp_xml_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORPUS_DIR=\"$(abs_top_srcdir)/tests/fuzz/corpus/csp_xml\"
tests_fuzz_replay_csp_xml_LDADD = $(PURE_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_csp_xml
tests_fuzz_fuzz_csp_xml_SOURCES = tests/fuzz/fuzz_csp_xml.c
tests_fuzz_fuzz_csp_xml_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_csp_xml_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_csp_xml_LDADD = $(PURE_LIBS)
endif
