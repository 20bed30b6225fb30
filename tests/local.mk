# tests/local.mk: shared test infrastructure (fuzz replay main, integration helpers).
EXTRA_DIST += tests/fuzz/corpus tests/data

# iwfctl parse/translate from the command line.
TESTS += tests/iwfctl_codec.sh
EXTRA_DIST += tests/iwfctl_codec.sh

# SIP/SIMPLE test peer: Kamailio as PS2 of mno2.example and SIPp scenarios (tests/kamailio,
# tests/sipp), proved without iwfd.
TESTS += tests/kamailio_selftest.sh
EXTRA_DIST += tests/kamailio_selftest.sh tests/kamailio tests/sipp
