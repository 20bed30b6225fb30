# iwf/presence.mk: part of the CSP server (included by Makefile.am after iwf/local.mk)
# Presence among local users, authorization, block/grant lists (gw_presence*.c) and contact
# lists (gw_lists.c), helper "presence"; their tests.
libiwfgw_a_SOURCES += \
	iwf/gw_presence.h iwf/gw_presence_int.h \
	iwf/gw_presence.c iwf/gw_presence_notify.c iwf/gw_presence_auth.c \
	iwf/gw_lists.c

check_PROGRAMS += tests/test_gw_presence
TESTS += tests/test_gw_presence
tests_test_gw_presence_SOURCES = tests/test_gw_presence.c
tests_test_gw_presence_CFLAGS = $(GW_CHECK_CFLAGS)
tests_test_gw_presence_LDADD = $(GW_CHECK_LIBS)

# Integration: iwfd with impsc clients side by side (needs iwf/iwfd, iwf/iwfctl, imps/impsc).
TESTS += tests/iwfd_presence.sh
EXTRA_DIST += tests/iwfd_presence.sh
