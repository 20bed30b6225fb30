# imps/local.mk: impsc, the command-line IMPS client (included by Makefile.am).
# Not part of the pure library: it links libcurl. SHA-1 for the four-way
# login comes from nettle (nettle-dev; configure has no check for it yet).
bin_PROGRAMS += imps/impsc
imps_impsc_SOURCES = imps/impsc.c imps/impsc.h imps/impsc_cmd.c imps/impsc_session.c \
	imps/impsc_print.c imps/impsc_util.c
imps_impsc_CFLAGS = $(AM_CFLAGS) $(CURL_CFLAGS)
imps_impsc_LDADD = $(PURE_LIBS) $(CURL_LIBS) -lnettle
EXTRA_DIST += imps/IMPSC.md
