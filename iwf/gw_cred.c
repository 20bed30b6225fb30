/* iwf/gw_cred.c: credential strings (plain/crypt), two-way and four-way (digest) CSP login checks. */
#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <nettle/sha1.h>
#include <sofia-sip/base64.h>
#include <sofia-sip/su_md5.h>

#include "iwf/gw_cred.h"

#define PLAIN "plain:"
#define CRYPT "crypt:"
#define DIGEST_MAX 20	/* SHA-1 */

typedef void digest_fn(unsigned char *out, char const *nonce, char const *password);

static void digest_md5(unsigned char *out, char const *nonce, char const *password)
{
	su_md5_t ctx;

	su_md5_init(&ctx);
	su_md5_strupdate(&ctx, nonce);
	su_md5_strupdate(&ctx, password);
	su_md5_digest(&ctx, out);
}

static void digest_sha1(unsigned char *out, char const *nonce, char const *password)
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, strlen(nonce), (uint8_t const *)nonce);
	sha1_update(&ctx, strlen(password), (uint8_t const *)password);
	sha1_digest(&ctx, SHA1_DIGEST_SIZE, out);
}

/* CSP DigestSchema values we implement (PWD is the two-way login, MD4/MD6 are not offered). */
static struct {
	char const *schema;
	size_t size;
	digest_fn *fn;
} const digests[] = {
	{"MD5", SU_MD5_DIGEST_SIZE, digest_md5},
	{"SHA", SHA1_DIGEST_SIZE, digest_sha1},
};

static int find_digest(char const *schema)
{
	for (int i = 0; schema && i < (int)(sizeof digests / sizeof digests[0]); i++)
		if (strcasecmp(schema, digests[i].schema) == 0)
			return i;
	return -1;
}

/* Constant-time comparison of two equal-length buffers. */
static int same(void const *a, void const *b, size_t n)
{
	unsigned char const *x = a, *y = b;
	unsigned char d = 0;

	for (size_t i = 0; i < n; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}

int gw_cred_make(su_home_t *home, enum gw_cred_scheme scheme, char const *password,
		 char **credp)
{
	char *cred;

	if (password == NULL || *password == '\0' || strlen(password) > GW_PASSWORD_MAX)
		return EINVAL;
	if (scheme == GW_CRED_PLAIN) {
		cred = su_sprintf(home, PLAIN "%s", password);
	} else if (scheme == GW_CRED_CRYPT) {
		char salt[CRYPT_GENSALT_OUTPUT_SIZE];
		struct crypt_data data;

		memset(&data, 0, sizeof data);
		if (crypt_gensalt_rn(NULL, 0, NULL, 0, salt, sizeof salt) == NULL)
			return EIO;
		char const *hash = crypt_r(password, salt, &data);

		if (hash == NULL || hash[0] == '*')
			return EIO;
		cred = su_sprintf(home, CRYPT "%s", hash);
		explicit_bzero(&data, sizeof data);
	} else {
		return EINVAL;
	}
	if (cred == NULL)
		return ENOMEM;
	*credp = cred;
	return 0;
}

int gw_cred_check(char const *cred, char const *password)
{
	if (cred == NULL || password == NULL)
		return EINVAL;
	if (strncmp(cred, PLAIN, strlen(PLAIN)) == 0) {
		char const *stored = cred + strlen(PLAIN);
		size_t n = strlen(stored);

		if (strlen(password) != n)
			return EACCES;
		return same(stored, password, n) ? 0 : EACCES;
	}
	if (strncmp(cred, CRYPT, strlen(CRYPT)) == 0) {
		char const *hash = cred + strlen(CRYPT);
		struct crypt_data data;
		int ok;

		memset(&data, 0, sizeof data);
		char const *out = crypt_r(password, hash, &data);

		ok = out && out[0] != '*' && strlen(out) == strlen(hash) &&
			same(out, hash, strlen(hash));
		explicit_bzero(&data, sizeof data);
		return ok ? 0 : EACCES;
	}
	return EINVAL;
}

int gw_cred_can_digest(char const *cred)
{
	return cred && strncmp(cred, PLAIN, strlen(PLAIN)) == 0;
}

int gw_digest_compute(char const *schema, char const *nonce, char const *password, char *b64,
		      size_t size)
{
	unsigned char d[DIGEST_MAX];
	int i = find_digest(schema);

	if (i < 0 || nonce == NULL || password == NULL)
		return ENOTSUP;
	if (size < BASE64_SIZE(digests[i].size) + 1)
		return E2BIG;
	digests[i].fn(d, nonce, password);
	base64_e(b64, (isize_t)size, d, (isize_t)digests[i].size);
	return 0;
}

int gw_cred_check_digest(char const *cred, char const *schema, char const *nonce,
			 char const *digest_b64)
{
	unsigned char want[DIGEST_MAX];
	char got[BASE64_SIZE(DIGEST_MAX) + 8];
	int i = find_digest(schema);
	isize_t n;

	if (cred == NULL || nonce == NULL || digest_b64 == NULL)
		return EINVAL;
	if (strncmp(cred, CRYPT, strlen(CRYPT)) == 0 || i < 0)
		return ENOTSUP;
	if (strncmp(cred, PLAIN, strlen(PLAIN)) != 0)
		return EINVAL;
	/* A digest longer than any we compute cannot match; do not decode it. */
	if (strlen(digest_b64) > BASE64_SIZE(DIGEST_MAX) + 4)
		return EACCES;
	n = base64_d(got, sizeof got, digest_b64);
	digests[i].fn(want, nonce, cred + strlen(PLAIN));
	if (n != (isize_t)digests[i].size)
		return EACCES;
	return same(got, want, digests[i].size) ? 0 : EACCES;
}

int gw_cred_nonce(char *buf, size_t size)
{
	unsigned char r[GW_NONCE_LEN / 2];
	static char const hex[] = "0123456789abcdef";

	if (size <= GW_NONCE_LEN)
		return E2BIG;
	if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r)
		return EIO;
	for (size_t i = 0; i < sizeof r; i++) {
		buf[2 * i] = hex[r[i] >> 4];
		buf[2 * i + 1] = hex[r[i] & 15];
	}
	buf[GW_NONCE_LEN] = '\0';
	return 0;
}
