/* tests/fuzz/fuzz.h: the libFuzzer entry point every fuzz target defines. */
#ifndef IWF_TESTS_FUZZ_H
#define IWF_TESTS_FUZZ_H
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(uint8_t const *data, size_t size);
#endif
