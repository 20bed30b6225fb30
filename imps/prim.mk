# imps/prim.mk: typed WV-CSP primitives and presence attributes over the csp_node tree.
libiwfpure_a_SOURCES += imps/imps_pres.h imps/imps_pres.c

check_PROGRAMS += tests/test_imps_pres
TESTS += tests/test_imps_pres
tests_test_imps_pres_SOURCES = tests/test_imps_pres.c
tests_test_imps_pres_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_imps_pres_LDADD = $(CHECK_PURE_LIBS)

libiwfpure_a_SOURCES += imps/csp_prim.h imps/csp_prim_int.h imps/csp_prim_core.c \
	imps/csp_prim_common.c imps/csp_prim_session.c imps/csp_prim_presence.c \
	imps/csp_prim_lists.c imps/csp_prim_im.c

check_PROGRAMS += tests/test_csp_prim
TESTS += tests/test_csp_prim
tests_test_csp_prim_SOURCES = tests/test_csp_prim.c
tests_test_csp_prim_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_csp_prim_LDADD = $(CHECK_PURE_LIBS)

check_PROGRAMS += tests/fuzz/replay_csp_prim
TESTS += tests/fuzz/replay_csp_prim
tests_fuzz_replay_csp_prim_SOURCES = tests/fuzz/fuzz_csp_prim.c $(FUZZ_REPLAY_SRC)
tests_fuzz_replay_csp_prim_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORPUS_DIR=\"$(abs_top_srcdir)/tests/fuzz/corpus/csp_prim\"
tests_fuzz_replay_csp_prim_LDADD = $(PURE_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_csp_prim
tests_fuzz_fuzz_csp_prim_SOURCES = tests/fuzz/fuzz_csp_prim.c
tests_fuzz_fuzz_csp_prim_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_csp_prim_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_csp_prim_LDADD = $(PURE_LIBS)
endif
