# imps/local.mk: impsc, the command-line IMPS client (included by Makefile.am).
# Not part of the pure library: it links libcurl. SHA-1 for the four-way
# login comes from nettle (nettle-dev; checked by configure).
bin_PROGRAMS += imps/impsc
imps_impsc_SOURCES = imps/impsc.c imps/impsc.h imps/impsc_cmd.c imps/impsc_session.c \
	imps/impsc_print.c imps/impsc_util.c
imps_impsc_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
imps_impsc_LDADD = $(PURE_LIBS) $(CURL_LIBS) $(NETTLE_LIBS)
EXTRA_DIST += imps/IMPSC.md

# impsc against a scripted responder (python3; skipped without it).
TESTS += tests/impsc_scripted.sh
EXTRA_DIST += tests/impsc_scripted.sh tests/impsc_responder.py

check_PROGRAMS += tests/test_impsc
TESTS += tests/test_impsc
tests_test_impsc_SOURCES = tests/test_impsc.c imps/impsc_util.c imps/impsc_print.c \
	imps/impsc_cmd.c imps/impsc_session.c
tests_test_impsc_CFLAGS = $(CHECK_PURE_CFLAGS) $(CURL_CFLAGS)
tests_test_impsc_LDADD = $(CHECK_PURE_LIBS) $(CURL_LIBS) $(NETTLE_LIBS)
