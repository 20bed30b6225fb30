/* tests/test_gw_cred.c: stored credentials and the two-way and four-way (digest) CSP logins. */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "iwf/gw_cred.h"

/* The nonce of WV-023 example 6.4.2; digests computed independently (Python hashlib). */
#define NONCE "92387rhf934fho3fh9fkn309fn3pfun304ufn3"
#define MD5_B64 "QxEYToGpRtQN2KWkUhMA8A=="
#define SHA_B64 "Ee6LPQQGgZpGNu/6YVbTK4uLSz8="

START_TEST(plain_credential_serves_both_logins)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char *cred;
	char b64[64];

	ck_assert_int_eq(gw_cred_make(home, GW_CRED_PLAIN, "h4rry!", &cred), 0);
	ck_assert_str_eq(cred, "plain:h4rry!");
	ck_assert_int_eq(gw_cred_can_digest(cred), 1);

	/* Two-way: the password in clear. */
	ck_assert_int_eq(gw_cred_check(cred, "h4rry!"), 0);
	ck_assert_int_eq(gw_cred_check(cred, "h4rry"), EACCES);
	ck_assert_int_eq(gw_cred_check(cred, "h4rry!!"), EACCES);
	ck_assert_int_eq(gw_cred_check(cred, ""), EACCES);

	/* Four-way: the client computes what the server checks. */
	ck_assert_int_eq(gw_digest_compute("MD5", NONCE, "h4rry!", b64, sizeof b64), 0);
	ck_assert_str_eq(b64, MD5_B64);
	ck_assert_int_eq(gw_digest_compute("sha", NONCE, "h4rry!", b64, sizeof b64), 0);
	ck_assert_str_eq(b64, SHA_B64);
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD5", NONCE, MD5_B64), 0);
	ck_assert_int_eq(gw_cred_check_digest(cred, "SHA", NONCE, SHA_B64), 0);
	/* Wrong schema for the digest, other nonce, garbage, a truncated digest. */
	ck_assert_int_eq(gw_cred_check_digest(cred, "SHA", NONCE, MD5_B64), EACCES);
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD5", NONCE "x", MD5_B64), EACCES);
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD5", NONCE, "!!!"), EACCES);
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD5", NONCE, "QxEYToGpRtQN2KWk"), EACCES);
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD5", NONCE,
					      MD5_B64 MD5_B64 MD5_B64 MD5_B64), EACCES);
	/* Schemas we do not offer. */
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD6", NONCE, MD5_B64), ENOTSUP);
	ck_assert_int_eq(gw_cred_check_digest(cred, "PWD", NONCE, MD5_B64), ENOTSUP);
	ck_assert_int_eq(gw_digest_compute("MD4", NONCE, "x", b64, sizeof b64), ENOTSUP);
	ck_assert_int_eq(gw_digest_compute("MD5", NONCE, "x", b64, 10), E2BIG);
	su_home_deinit(home);
}
END_TEST

START_TEST(crypt_credential_serves_two_way_only)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char *cred, *cred2;

	ck_assert_int_eq(gw_cred_make(home, GW_CRED_CRYPT, "h4rry!", &cred), 0);
	ck_assert_int_eq(strncmp(cred, "crypt:$", 7), 0);
	ck_assert_ptr_null(strstr(cred, "h4rry!"));
	ck_assert_int_eq(gw_cred_can_digest(cred), 0);
	ck_assert_int_eq(gw_cred_check(cred, "h4rry!"), 0);
	ck_assert_int_eq(gw_cred_check(cred, "h4rry?"), EACCES);
	ck_assert_int_eq(gw_cred_check_digest(cred, "MD5", NONCE, MD5_B64), ENOTSUP);
	/* Salted: the same password hashes differently. */
	ck_assert_int_eq(gw_cred_make(home, GW_CRED_CRYPT, "h4rry!", &cred2), 0);
	ck_assert_str_ne(cred, cred2);
	ck_assert_int_eq(gw_cred_check(cred2, "h4rry!"), 0);
	su_home_deinit(home);
}
END_TEST

START_TEST(bad_input_is_refused)
{
	su_home_t home[1] = {SU_HOME_INIT(home)};
	char *cred = NULL, big[GW_PASSWORD_MAX + 2];

	memset(big, 'p', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	ck_assert_int_eq(gw_cred_make(home, GW_CRED_PLAIN, "", &cred), EINVAL);
	ck_assert_int_eq(gw_cred_make(home, GW_CRED_PLAIN, NULL, &cred), EINVAL);
	ck_assert_int_eq(gw_cred_make(home, GW_CRED_PLAIN, big, &cred), EINVAL);
	ck_assert_int_eq(gw_cred_make(home, (enum gw_cred_scheme)7, "x", &cred), EINVAL);
	ck_assert_ptr_null(cred);
	ck_assert_int_eq(gw_cred_check("secret", "secret"), EINVAL);
	ck_assert_int_eq(gw_cred_check(NULL, "secret"), EINVAL);
	ck_assert_int_eq(gw_cred_check("crypt:garbage", "secret"), EACCES);
	ck_assert_int_eq(gw_cred_check_digest("secret", "MD5", NONCE, MD5_B64), EINVAL);
	ck_assert_int_eq(gw_cred_can_digest(NULL), 0);
	su_home_deinit(home);
}
END_TEST

START_TEST(nonces_are_fresh)
{
	char a[GW_NONCE_LEN + 1], b[GW_NONCE_LEN + 1];

	ck_assert_int_eq(gw_cred_nonce(a, sizeof a), 0);
	ck_assert_int_eq(gw_cred_nonce(b, sizeof b), 0);
	ck_assert_uint_eq(strlen(a), GW_NONCE_LEN);
	ck_assert_uint_eq(strspn(a, "0123456789abcdef"), GW_NONCE_LEN);
	ck_assert_str_ne(a, b);
	ck_assert_int_eq(gw_cred_nonce(a, GW_NONCE_LEN), E2BIG);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("gw_cred");
	TCase *tc = tcase_create("cred");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, plain_credential_serves_both_logins);
	tcase_add_test(tc, crypt_credential_serves_two_way_only);
	tcase_add_test(tc, bad_input_is_refused);
	tcase_add_test(tc, nonces_are_fresh);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
