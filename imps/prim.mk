# imps/prim.mk: typed WV-CSP primitives and presence attributes over the csp_node tree.
libiwfpure_a_SOURCES += imps/imps_pres.h imps/imps_pres.c

check_PROGRAMS += tests/test_imps_pres
TESTS += tests/test_imps_pres
tests_test_imps_pres_SOURCES = tests/test_imps_pres.c
tests_test_imps_pres_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_imps_pres_LDADD = $(CHECK_PURE_LIBS)
