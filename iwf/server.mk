# iwf/server.mk: part of the CSP server (included by Makefile.am after iwf/local.mk)
# Sessions, login, CIR, the CSP dispatcher (helper "core"), and their tests.

check_PROGRAMS += tests/test_gw_session
TESTS += tests/test_gw_session
tests_test_gw_session_SOURCES = tests/test_gw_session.c
tests_test_gw_session_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_session_LDADD = $(GW_CHECK_LIBS)
