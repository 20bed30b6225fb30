# imps/prim.mk: part of the build (included by Makefile.am)
