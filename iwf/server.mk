# iwf/server.mk: part of the CSP server (included by Makefile.am after iwf/local.mk)
