/* keys.c — the county key files: the public one given to every device
 * (escrow, and later bundles), and the secret one the county keeps.
 * The format is in store/KEYS.md. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/internal.h"

#define PUB_FORMAT "doorstep-county-public-1"
#define SEC_FORMAT "doorstep-county-secret-1"

static void key_id(char out[17], const unsigned char box[32],
                   const unsigned char sign[32])
{
	unsigned char h[8];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, box, 32);
	crypto_generichash_update(&st, sign, 32);
	crypto_generichash_final(&st, h, sizeof(h));
	store_hex(out, h, sizeof(h));
}

void store_county_sec_free(store_county_sec *sec)
{
	if (!sec)
		return;
	store_secret_free(&sec->box_sk);
	store_secret_free(&sec->sign_sk);
}

ds_status store_county_keygen(store_county_pub *pub, store_county_sec *sec,
                              ds_error *err)
{
	memset(sec, 0, sizeof(*sec));
	sec->box_sk = store_secret_new(STORE_BOX_SK_BYTES);
	sec->sign_sk = store_secret_new(STORE_SIGN_SK_BYTES);
	if (!sec->box_sk || !sec->sign_sk) {
		store_county_sec_free(sec);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	crypto_box_keypair(pub->box_pk, sec->box_sk->p);
	crypto_sign_keypair(pub->sign_pk, sec->sign_sk->p);
	key_id(pub->key_id, pub->box_pk, pub->sign_pk);
	sec->pub = *pub;
	return DS_OK;
}

static ds_status write_key_file(const char *path, const char *text,
                                ds_error *err)
{
	return store_write_file_atomic(path, text, strlen(text), err);
}

ds_status store_county_pub_write(const char *path, const store_county_pub *pub,
                                 ds_error *err)
{
	char box[64], sign[64], text[512];
	store_b64(box, sizeof(box), pub->box_pk, sizeof(pub->box_pk));
	store_b64(sign, sizeof(sign), pub->sign_pk, sizeof(pub->sign_pk));
	snprintf(text, sizeof(text),
	         "# doorstep county public key: give it to every device\n"
	         "format: " PUB_FORMAT "\nkey-id: %s\nbox: %s\nsign: %s\n",
	         pub->key_id, box, sign);
	return write_key_file(path, text, err);
}

ds_status store_county_sec_write(const char *path, const store_county_sec *sec,
                                 ds_error *err)
{
	char box[64], sign[64], boxs[64], signs[128];
	store_secret *text = store_secret_new(1024);
	ds_status st;
	if (!text)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	store_b64(box, sizeof(box), sec->pub.box_pk, sizeof(sec->pub.box_pk));
	store_b64(sign, sizeof(sign), sec->pub.sign_pk, sizeof(sec->pub.sign_pk));
	store_b64(boxs, sizeof(boxs), sec->box_sk->p, STORE_BOX_SK_BYTES);
	store_b64(signs, sizeof(signs), sec->sign_sk->p, STORE_SIGN_SK_BYTES);
	snprintf((char *)text->p, text->len,
	         "# doorstep county SECRET key: keep it offline, never copy it to a device\n"
	         "format: " SEC_FORMAT "\nkey-id: %s\nbox: %s\nsign: %s\n"
	         "box-secret: %s\nsign-secret: %s\n",
	         sec->pub.key_id, box, sign, boxs, signs);
	store_wipe(boxs, sizeof(boxs));
	store_wipe(signs, sizeof(signs));
	st = write_key_file(path, (const char *)text->p, err);
	store_secret_free(&text);
	return st;
}

/* Looks up "name: value" in a key file's text; returns a pointer into a
 * copy in out (NUL-terminated) or NULL. */
static bool field(const char *text, const char *name, char *out, size_t len)
{
	size_t n = strlen(name);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : p) {
		const char *eol;
		size_t vlen;
		if (strncmp(p, name, n) != 0 || p[n] != ':')
			continue;
		p += n + 1;
		while (*p == ' ')
			p++;
		eol = strchr(p, '\n');
		vlen = eol ? (size_t)(eol - p) : strlen(p);
		while (vlen && (p[vlen - 1] == '\r' || p[vlen - 1] == ' '))
			vlen--;
		if (vlen >= len)
			return false;
		memcpy(out, p, vlen);
		out[vlen] = '\0';
		return true;
	}
	return false;
}

static ds_status parse_pub(const char *path, const char *text,
                           const char *format, store_county_pub *pub,
                           ds_error *err)
{
	char v[128], id[17];
	if (!field(text, "format", v, sizeof(v)) || strcmp(v, format) != 0)
		return ds_fail(err, DS_EINPUT, path,
		               N_("not a doorstep county key file of the kind expected (%s)"),
		               format);
	if (!field(text, "box", v, sizeof(v)) ||
	    !store_unb64(pub->box_pk, sizeof(pub->box_pk), v))
		return ds_fail(err, DS_EINPUT, path,
		               N_("the \"%s\" line is missing or damaged"), "box");
	if (!field(text, "sign", v, sizeof(v)) ||
	    !store_unb64(pub->sign_pk, sizeof(pub->sign_pk), v))
		return ds_fail(err, DS_EINPUT, path,
		               N_("the \"%s\" line is missing or damaged"), "sign");
	if (!field(text, "key-id", v, sizeof(v)))
		return ds_fail(err, DS_EINPUT, path,
		               N_("the \"%s\" line is missing or damaged"), "key-id");
	key_id(id, pub->box_pk, pub->sign_pk);
	if (strcmp(v, id) != 0)
		return ds_fail(err, DS_EDAMAGED, path,
		               N_("the key id does not match the keys: the file is damaged"));
	memcpy(pub->key_id, id, sizeof(id));
	return DS_OK;
}

ds_status store_county_pub_read(const char *path, store_county_pub *pub,
                                ds_error *err)
{
	char *text = NULL;
	ds_status st = store_read_file(path, 64 * 1024, &text, NULL, err);
	if (st)
		return st;
	st = parse_pub(path, text, PUB_FORMAT, pub, err);
	free(text);
	return st;
}

ds_status store_county_sec_read(const char *path, store_county_sec *sec,
                                ds_error *err)
{
	char *text = NULL;
	char v[160];
	unsigned char pk[32];
	store_secret *derived = NULL;
	ds_status st;
	size_t len = 0;

	memset(sec, 0, sizeof(*sec));
	st = store_read_file(path, 64 * 1024, &text, &len, err);
	if (st)
		return st;
	st = parse_pub(path, text, SEC_FORMAT, &sec->pub, err);
	if (st)
		goto out;
	sec->box_sk = store_secret_new(STORE_BOX_SK_BYTES);
	sec->sign_sk = store_secret_new(STORE_SIGN_SK_BYTES);
	if (!sec->box_sk || !sec->sign_sk) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	if (!field(text, "box-secret", v, sizeof(v)) ||
	    !store_unb64(sec->box_sk->p, STORE_BOX_SK_BYTES, v)) {
		st = ds_fail(err, DS_EINPUT, path,
		             N_("the \"%s\" line is missing or damaged"), "box-secret");
		goto out;
	}
	if (!field(text, "sign-secret", v, sizeof(v)) ||
	    !store_unb64(sec->sign_sk->p, STORE_SIGN_SK_BYTES, v)) {
		st = ds_fail(err, DS_EINPUT, path,
		             N_("the \"%s\" line is missing or damaged"), "sign-secret");
		goto out;
	}
	/* The secret halves must belong to the public halves. The signing
	 * secret is seed || public key: derive the key pair from the seed, so
	 * that a seed from elsewhere in front of this public key is refused. */
	if (!(derived = store_secret_new(STORE_SIGN_SK_BYTES))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto out;
	}
	crypto_scalarmult_base(pk, sec->box_sk->p);
	if (sodium_memcmp(pk, sec->pub.box_pk, 32) != 0)
		goto mismatch;
	crypto_sign_seed_keypair(pk, derived->p, sec->sign_sk->p);
	if (sodium_memcmp(pk, sec->pub.sign_pk, 32) != 0 ||
	    sodium_memcmp(derived->p, sec->sign_sk->p, STORE_SIGN_SK_BYTES) != 0)
		goto mismatch;
	goto out;
mismatch:
	st = ds_fail(err, DS_EDAMAGED, path,
	             N_("the secret keys do not match the public keys: the file is damaged"));
out:
	store_secret_free(&derived);
	store_wipe(v, sizeof(v));
	if (text) {
		store_wipe(text, len);
		free(text);
	}
	if (st)
		store_county_sec_free(sec);
	return st;
}
