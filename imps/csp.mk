# imps/csp.mk: WV-CSP element tree, XML parse and canonical build.
libiwfpure_a_SOURCES += imps/csp.h imps/csp_tree.c
