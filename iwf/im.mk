# iwf/im.mk: part of the CSP server (included by Makefile.am after iwf/local.mk)
# IM among local users (helper "im"): SendMessage, push and notify/get delivery, offline store,
# delivery reports, expiry; its unit test and integration tests.
libiwfgw_a_SOURCES += iwf/gw_im.h iwf/gw_im.c iwf/gw_im_store.c

check_PROGRAMS += tests/test_gw_im
TESTS += tests/test_gw_im
tests_test_gw_im_SOURCES = tests/test_gw_im.c
tests_test_gw_im_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_im_LDADD = $(GW_CHECK_LIBS)

# Integration: iwfd and impsc as processes (need iwf/iwfd, iwf/iwfctl and imps/impsc).
TESTS += tests/iwfd_im.sh tests/iwfd_restart.sh
EXTRA_DIST += tests/iwfd_im.sh tests/iwfd_restart.sh
