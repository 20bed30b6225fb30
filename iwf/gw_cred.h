/* iwf/gw_cred.h: stored user credentials and the CSP login checks (password, digest). */
#ifndef IWF_GW_CRED_H
#define IWF_GW_CRED_H

/*
 * A credential is one string in the users table, "SCHEME:DATA":
 *
 *   plain:PASSWORD   the password itself. Needed for the four-way CSP login, where the
 *                    client sends base64(H(nonce || password)) with H = MD5 or SHA-1 and
 *                    the server must compute the same from what it stores; nothing weaker
 *                    than the password serves for both H. Protect the store file (0600,
 *                    daemon user) as you would a password file.
 *   crypt:HASH       a crypt(3) hash (yescrypt by default). Two-way login only (the
 *                    password comes in clear and is compared against the hash); a digest
 *                    login of such a user fails with ENOTSUP, so the CSP server must not
 *                    offer MD5/SHA to users stored this way.
 */

#include <stddef.h>

#include <sofia-sip/su_alloc.h>

#define GW_PASSWORD_MAX 256	/* longest password accepted */
#define GW_CRED_MAX 512		/* longest credential string */
#define GW_NONCE_LEN 32		/* characters of a nonce from gw_cred_nonce() */

enum gw_cred_scheme { GW_CRED_PLAIN, GW_CRED_CRYPT };

/*
 * Builds a credential for `password` in `home`. EINVAL: empty or longer than
 * GW_PASSWORD_MAX; ENOMEM; EIO when crypt(3) fails.
 */
int gw_cred_make(su_home_t *home, enum gw_cred_scheme scheme, char const *password,
		 char **credp);

/* Two-way login: 0 when `password` matches, EACCES when not, EINVAL for a malformed cred. */
int gw_cred_check(char const *cred, char const *password);

/* 1 when the credential can answer a digest login (plain), else 0. */
int gw_cred_can_digest(char const *cred);

/*
 * The client's side of a four-way login: writes base64(H(nonce || password)) into b64
 * (size bytes). schema "MD5" or "SHA" (case-insensitive). ENOTSUP unknown schema, E2BIG.
 */
int gw_digest_compute(char const *schema, char const *nonce, char const *password, char *b64,
		      size_t size);

/*
 * Four-way login: 0 when `digest_b64` is base64(H(nonce || password)) for the stored
 * password, EACCES when not, ENOTSUP when the schema is unknown or the credential is a
 * hash, EINVAL for a malformed cred. Compares in constant time.
 */
int gw_cred_check_digest(char const *cred, char const *schema, char const *nonce,
			 char const *digest_b64);

/* Writes a fresh random nonce of GW_NONCE_LEN hex characters (size > GW_NONCE_LEN). EIO. */
int gw_cred_nonce(char *buf, size_t size);

#endif
