/* tests/pidf_gen.h: seeded random documents for the SIMPLE codec tests (shared by test_pidf and pidf_emit). */
#ifndef IWF_TESTS_PIDF_GEN_H
#define IWF_TESTS_PIDF_GEN_H

#include <stdint.h>
#include <sofia-sip/su_alloc.h>

#include "simple/pidf.h"
#include "simple/rlist.h"
#include "simple/winfo.h"

/* Seeds the generator (same seed, same documents). */
void pidf_gen_seed(uint64_t seed);
/* A random valid document in home. *ids_valid is 0 when some ids were left
 * NULL or invalid on purpose (the codec then generates/sanitizes them). */
struct pidf_doc *pidf_gen_doc(su_home_t *home, int *ids_valid);
struct pidf_winfo *pidf_gen_winfo(su_home_t *home);
struct pidf_rlist *pidf_gen_rlist(su_home_t *home);

#endif /* IWF_TESTS_PIDF_GEN_H */
