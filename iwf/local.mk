# iwf/ part of the build (included by Makefile.am): the daemon substrate (libiwfgw.a, NOT pure),
# iwfd, iwfctl and their tests. Nothing here goes into libiwfpure.a.
noinst_LIBRARIES += libiwfgw.a
libiwfgw_a_SOURCES = \
	iwf/gw_log.h iwf/gw_log.c \
	iwf/gw_net.h iwf/gw_net.c \
	iwf/gw_config.h iwf/gw_config.c \
	iwf/gw_cred.h iwf/gw_cred.c \
	iwf/gw_store.h iwf/gw_store_sqlite.h iwf/gw_store_sqlite.c \
	iwf/gw_loop.h iwf/gw_loop.c \
	iwf/gw_http.h iwf/gw_http.c \
	iwf/gw_curl.h iwf/gw_curl.c \
	iwf/gw_util.h iwf/gw_util.c \
	iwf/gw_ctl.h iwf/gw_ctl.c \
	iwf/gw_csp.h iwf/gw_csp.c \
	iwf/gw_daemon.h iwf/gw_daemon.c
GW_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(CURL_CFLAGS)
libiwfgw_a_CFLAGS = $(GW_CFLAGS)
# nettle (SHA-1 of the CSP digest login) and libcrypt (crypt: credentials) are Debian's
# nettle-dev and libcrypt-dev; linked plainly until configure.ac checks for them.
GW_LIBS = libiwfgw.a $(PURE_LIBS) $(MHD_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) $(SOFIA_LIBS) \
	$(NETTLE_LIBS) $(LIBCRYPT_LIBS)
sbin_PROGRAMS += iwf/iwfd
iwf_iwfd_SOURCES = iwf/iwfd.c
iwf_iwfd_CFLAGS = $(GW_CFLAGS)
iwf_iwfd_LDADD = $(GW_LIBS)

# iwfctl: the codec commands (iwf/ctl_codec.c: ctl_parse, ctl_translate) join
# iwf_iwfctl_SOURCES here and two rows of the command table in iwf/iwfctl.c.
bin_PROGRAMS += iwf/iwfctl
iwf_iwfctl_SOURCES = iwf/iwfctl.c iwf/ctl_codec.h iwf/ctl_codec.c
iwf_iwfctl_CFLAGS = $(GW_CFLAGS)
iwf_iwfctl_LDADD = $(GW_LIBS)

GW_CHECK_CFLAGS = $(GW_CFLAGS) $(CHECK_CFLAGS) -DSRCDIR=\"$(abs_top_srcdir)\"
GW_CHECK_LIBS = $(GW_LIBS) $(CHECK_LIBS)

check_PROGRAMS += tests/test_gw_log
TESTS += tests/test_gw_log
tests_test_gw_log_SOURCES = tests/test_gw_log.c
tests_test_gw_log_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_log_LDADD = $(GW_CHECK_LIBS)

check_PROGRAMS += tests/test_gw_config
TESTS += tests/test_gw_config
tests_test_gw_config_SOURCES = tests/test_gw_config.c
tests_test_gw_config_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_config_LDADD = $(GW_CHECK_LIBS)

check_PROGRAMS += tests/test_gw_net
TESTS += tests/test_gw_net
tests_test_gw_net_SOURCES = tests/test_gw_net.c
tests_test_gw_net_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_net_LDADD = $(GW_CHECK_LIBS)

check_PROGRAMS += tests/test_gw_cred
TESTS += tests/test_gw_cred
tests_test_gw_cred_SOURCES = tests/test_gw_cred.c
tests_test_gw_cred_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_cred_LDADD = $(GW_CHECK_LIBS)

check_PROGRAMS += tests/test_gw_store
TESTS += tests/test_gw_store
tests_test_gw_store_SOURCES = tests/test_gw_store.c
tests_test_gw_store_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_store_LDADD = $(GW_CHECK_LIBS)

check_PROGRAMS += tests/test_gw_loop
TESTS += tests/test_gw_loop
tests_test_gw_loop_SOURCES = tests/test_gw_loop.c
tests_test_gw_loop_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_loop_LDADD = $(GW_CHECK_LIBS)

check_PROGRAMS += tests/test_gw_http
TESTS += tests/test_gw_http
tests_test_gw_http_SOURCES = tests/test_gw_http.c
tests_test_gw_http_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_http_LDADD = $(GW_CHECK_LIBS) -lpthread

check_PROGRAMS += tests/test_gw_ctl
TESTS += tests/test_gw_ctl
tests_test_gw_ctl_SOURCES = tests/test_gw_ctl.c
tests_test_gw_ctl_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_ctl_LDADD = $(GW_CHECK_LIBS) -lpthread

# Integration: iwfd and iwfctl as processes (need iwf/iwfd and iwf/iwfctl from `all`).
TESTS += tests/iwfd_smoke.sh
EXTRA_DIST += tests/iwfd_smoke.sh
TESTS += tests/iwfd_ctl.sh
EXTRA_DIST += tests/iwfd_ctl.sh
