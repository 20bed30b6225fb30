# imps/ part of the build (included by Makefile.am)
