/* provbudget.c — a county's budget row for the province: its canonical
 * bytes, and the county's signature over them (see provbudget.h). */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "sync/provbudget.h"

typedef struct {
	unsigned char *p;
	size_t len;
	bool bad;
} bytes;

static void put(bytes *b, const void *s, size_t n)
{
	if (b->bad || n > SYNC_PROV_BUDGET_TEXT_MAX ||
	    b->len + 4 + n > SYNC_PROV_BUDGET_BYTES_MAX) {
		b->bad = true;
		return;
	}
	b->p[b->len++] = (unsigned char)n;
	b->p[b->len++] = (unsigned char)(n >> 8);
	b->p[b->len++] = (unsigned char)(n >> 16);
	b->p[b->len++] = (unsigned char)(n >> 24);
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void put_text(bytes *b, const char *s)
{
	if (!s)
		b->bad = true;
	else
		put(b, s, strlen(s));
}

static void put_int(bytes *b, int64_t v)
{
	char t[24];
	int n = snprintf(t, sizeof(t), "%lld", (long long)v);
	put(b, t, (size_t)n);
}

size_t sync_provbudget_bytes(unsigned char out[SYNC_PROV_BUDGET_BYTES_MAX],
                             const sync_provbudget *r)
{
	bytes b = {out, sizeof(SYNC_PROV_BUDGET_MAGIC), false};
	memcpy(out, SYNC_PROV_BUDGET_MAGIC, sizeof(SYNC_PROV_BUDGET_MAGIC)); /* with its NUL */
	put_text(&b, r->county);
	put_int(&b, r->year);
	put_int(&b, r->month);
	put_int(&b, r->log_seq);
	put_text(&b, r->as_of);
	put_text(&b, r->policy);
	put_text(&b, r->kind);
	put_int(&b, r->amount_fen);
	put_int(&b, r->households);
	put_int(&b, r->regular);
	put_int(&b, r->withdrawal);
	return b.bad ? 0 : b.len;
}

bool sync_provbudget_sign(unsigned char sig[SYNC_PROV_SIG_BYTES], const sync_provbudget *b,
                          const unsigned char *sign_sk)
{
	unsigned char m[SYNC_PROV_BUDGET_BYTES_MAX];
	size_t n = sync_provbudget_bytes(m, b);
	if (!n)
		return false;
	crypto_sign_detached(sig, NULL, m, n, sign_sk);
	return true;
}

bool sync_provbudget_verify(const unsigned char sig[SYNC_PROV_SIG_BYTES],
                            const sync_provbudget *b,
                            const unsigned char sign_pk[STORE_SIGN_PK_BYTES])
{
	unsigned char m[SYNC_PROV_BUDGET_BYTES_MAX];
	size_t n = sync_provbudget_bytes(m, b);
	return n && crypto_sign_verify_detached(sig, m, n, sign_pk) == 0;
}
