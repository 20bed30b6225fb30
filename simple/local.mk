# simple/ part of the build (included by Makefile.am)
# Wire codecs (pure): PIDF + extensions, OMA pres-content, watcherinfo, resource-lists.
libiwfpure_a_SOURCES += simple/pidf.h simple/pidf_xml.h simple/pidf_xml.c \
	simple/pidf_model.c simple/pidf_parse.c simple/pidf_build.c \
	simple/winfo.h simple/winfo.c simple/rlist.h simple/rlist.c

check_PROGRAMS += tests/test_pidf
TESTS += tests/test_pidf
tests_test_pidf_SOURCES = tests/test_pidf.c tests/pidf_gen.c tests/pidf_gen.h
tests_test_pidf_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_pidf_LDADD = $(CHECK_PURE_LIBS)

# Writes built documents for tests/pidf_xsd.sh (schema validation with xmllint).
check_PROGRAMS += tests/pidf_emit
tests_pidf_emit_SOURCES = tests/pidf_emit.c tests/pidf_gen.c tests/pidf_gen.h
tests_pidf_emit_CFLAGS = $(AM_CFLAGS) -DSRCDIR=\"$(abs_top_srcdir)\"
tests_pidf_emit_LDADD = $(PURE_LIBS)
TESTS += tests/pidf_xsd.sh
EXTRA_DIST += tests/pidf_xsd.sh

# Fuzz target: the four parsers, rebuild and round trip of whatever parses.
check_PROGRAMS += tests/fuzz/replay_pidf
TESTS += tests/fuzz/replay_pidf
tests_fuzz_replay_pidf_SOURCES = tests/fuzz/fuzz_pidf.c $(FUZZ_REPLAY_SRC)
tests_fuzz_replay_pidf_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS_DIR=\"$(abs_top_srcdir)/tests/fuzz/corpus/pidf\" \
	-DSCHEMA_DIR=\"$(abs_top_srcdir)/tests/data/schemas\"
tests_fuzz_replay_pidf_LDADD = $(PURE_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_pidf
tests_fuzz_fuzz_pidf_SOURCES = tests/fuzz/fuzz_pidf.c
tests_fuzz_fuzz_pidf_CPPFLAGS = $(AM_CPPFLAGS) -DSCHEMA_DIR=\"$(abs_top_srcdir)/tests/data/schemas\"
tests_fuzz_fuzz_pidf_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_pidf_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_pidf_LDADD = $(PURE_LIBS)
endif
