# mapping/ part of the build (included by Makefile.am): the pure translation layer
# (addresses, status codes, subscription states, message content, presence <-> PIDF).
libiwfpure_a_SOURCES += \
	mapping/map_addr.h mapping/map_addr.c \
	mapping/map_status.h mapping/map_status.c \
	mapping/map_substate.h mapping/map_substate.c \
	mapping/map_msg.h mapping/map_msg.c \
	mapping/map_pres.h mapping/map_pres_int.h mapping/map_pres_tables.c \
	mapping/map_pres_to_pidf.c mapping/map_pidf_to_pres.c

check_PROGRAMS += tests/test_map_addr
TESTS += tests/test_map_addr
tests_test_map_addr_SOURCES = tests/test_map_addr.c
tests_test_map_addr_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_map_addr_LDADD = $(CHECK_PURE_LIBS)

check_PROGRAMS += tests/test_map_status
TESTS += tests/test_map_status
tests_test_map_status_SOURCES = tests/test_map_status.c
tests_test_map_status_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_map_status_LDADD = $(CHECK_PURE_LIBS)

check_PROGRAMS += tests/test_map_substate
TESTS += tests/test_map_substate
tests_test_map_substate_SOURCES = tests/test_map_substate.c
tests_test_map_substate_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_map_substate_LDADD = $(CHECK_PURE_LIBS)

check_PROGRAMS += tests/test_map_msg
TESTS += tests/test_map_msg
tests_test_map_msg_SOURCES = tests/test_map_msg.c
tests_test_map_msg_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_map_msg_LDADD = $(CHECK_PURE_LIBS)

check_PROGRAMS += tests/test_map_pres
TESTS += tests/test_map_pres
tests_test_map_pres_SOURCES = tests/test_map_pres.c
tests_test_map_pres_CFLAGS = $(CHECK_PURE_CFLAGS)
tests_test_map_pres_LDADD = $(CHECK_PURE_LIBS)

# Mapped PIDF validated against the schemas (xmllint); uses tests/test_map_pres --dump.
TESTS += tests/map_xsd.sh
EXTRA_DIST += tests/map_xsd.sh

check_PROGRAMS += tests/fuzz/replay_address
TESTS += tests/fuzz/replay_address
tests_fuzz_replay_address_SOURCES = tests/fuzz/fuzz_address.c $(FUZZ_REPLAY_SRC)
tests_fuzz_replay_address_CPPFLAGS = $(AM_CPPFLAGS) -DCORPUS_DIR=\"$(abs_top_srcdir)/tests/fuzz/corpus/address\"
tests_fuzz_replay_address_LDADD = $(PURE_LIBS)
if FUZZING
noinst_PROGRAMS += tests/fuzz/fuzz_address
tests_fuzz_fuzz_address_SOURCES = tests/fuzz/fuzz_address.c
tests_fuzz_fuzz_address_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
tests_fuzz_fuzz_address_LDFLAGS = -fsanitize=fuzzer
tests_fuzz_fuzz_address_LDADD = $(PURE_LIBS)
endif

# The mapping element by element (documentation shipped in the tarball).
EXTRA_DIST += mapping/README.md
