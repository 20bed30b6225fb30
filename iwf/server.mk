# iwf/server.mk: part of the CSP server (included by Makefile.am after iwf/local.mk)
# Sessions, login, CIR and the CSP dispatcher (helper "core"), and their tests.
libiwfgw_a_SOURCES += \
	iwf/gw_server.h iwf/gw_session.h \
	iwf/gw_dispatch.c iwf/gw_session.c iwf/gw_login.c iwf/gw_cir.c

# Stand-ins for parts not written yet: weak symbols in a library linked AFTER libiwfgw.a, so
# that a part present in libiwfgw.a always wins (see iwf/gw_parts_weak.c).
noinst_LIBRARIES += libiwfweak.a
libiwfweak_a_SOURCES = iwf/gw_parts_weak.c
libiwfweak_a_CFLAGS = $(GW_CFLAGS)
GW_LIBS += libiwfweak.a

check_PROGRAMS += tests/test_gw_session
TESTS += tests/test_gw_session
tests_test_gw_session_SOURCES = tests/test_gw_session.c
tests_test_gw_session_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_session_LDADD = $(GW_CHECK_LIBS)

# Integration: iwfd over HTTP with curl (and impsc when built); need iwf/iwfd, iwf/iwfctl.
TESTS += tests/iwfd_session.sh tests/iwfd_replay.sh tests/iwfd_badinput.sh
EXTRA_DIST += tests/iwfd_csp_lib.sh tests/iwfd_session.sh tests/iwfd_replay.sh \
	tests/iwfd_badinput.sh

# Fuzz target: whole messages through gw_csp_handle (links the daemon libraries).
check_PROGRAMS += tests/fuzz/replay_gw_csp
TESTS += tests/fuzz/replay_gw_csp
tests_fuzz_replay_gw_csp_SOURCES = tests/fuzz/fuzz_gw_csp.c $(FUZZ_REPLAY_SRC)
tests_fuzz_replay_gw_csp_CFLAGS = $(GW_CFLAGS)
tests_fuzz_replay_gw_csp_CPPFLAGS = $(AM_CPPFLAGS) \
	-DCORPUS_DIR=\"$(abs_top_srcdir)/tests/fuzz/corpus/gw_csp\"
tests_fuzz_replay_gw_csp_LDADD = $(GW_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_gw_csp
tests_fuzz_fuzz_gw_csp_SOURCES = tests/fuzz/fuzz_gw_csp.c
tests_fuzz_fuzz_gw_csp_CFLAGS = $(GW_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_gw_csp_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_gw_csp_LDADD = $(GW_LIBS)
endif
