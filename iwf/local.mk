# iwf/ part of the build (included by Makefile.am): the daemon substrate (libiwfgw.a, NOT pure),
# iwfd, iwfctl and their tests. Nothing here goes into libiwfpure.a.
noinst_LIBRARIES += libiwfgw.a
libiwfgw_a_SOURCES = \
	iwf/gw_log.h iwf/gw_log.c \
	iwf/gw_net.h iwf/gw_net.c \
	iwf/gw_config.h iwf/gw_config.c
GW_CFLAGS = $(AM_CFLAGS) $(MHD_CFLAGS) $(SQLITE_CFLAGS) $(CURL_CFLAGS)
libiwfgw_a_CFLAGS = $(GW_CFLAGS)
GW_LIBS = libiwfgw.a $(PURE_LIBS) $(MHD_LIBS) $(SQLITE_LIBS) $(CURL_LIBS) $(SOFIA_LIBS)
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
