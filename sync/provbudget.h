/* provbudget.h — a county's budget as the province keeps it
 * (sync/province/PROVINCE.md, "The budget"): one row a month of the year,
 * the figures of `doorstep-county budget --year Y --json` that are not
 * personal, each row signed by the county over canonical bytes defined
 * here, once for the feed that signs and the province that verifies.
 * Nothing here speaks to a database. */
#ifndef SYNC_PROVBUDGET_H
#define SYNC_PROVBUDGET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/crypto.h"
#include "sync/provrec.h"

/* The first bytes signed: the format, so a budget row's signature is never
 * taken for a record's (whose signature is over a 32-byte hash). */
#define SYNC_PROV_BUDGET_MAGIC "doorstep-province-budget-1"
/* The most the canonical bytes of a row may be (long texts make none). */
#define SYNC_PROV_BUDGET_BYTES_MAX 512
#define SYNC_PROV_BUDGET_TEXT_MAX 64 /* policy version, kind */

/* A month of a county's budget; the strings are borrowed. */
typedef struct {
	const char *county;   /* six digits */
	int year, month;      /* month 1 to 12 */
	int64_t log_seq;      /* the county's log position the figures were made at */
	const char *as_of;    /* YYYY-MM-DD: the county's day they were made on */
	const char *policy;   /* the version of the policy in force that day */
	const char *kind;     /* "actual" or "projected" */
	int64_t amount_fen, households, regular, withdrawal;
} sync_provbudget;

/* The canonical bytes: the magic and a NUL, then county, year, month,
 * log_seq, as_of, policy, kind, amount_fen, households, regular and
 * withdrawal, each as a 4-byte little-endian length and its bytes
 * (numbers as decimal text). Their length, at most
 * SYNC_PROV_BUDGET_BYTES_MAX, written to out; 0 when a text is missing or
 * longer than SYNC_PROV_BUDGET_TEXT_MAX (nothing to sign). */
size_t sync_provbudget_bytes(unsigned char out[SYNC_PROV_BUDGET_BYTES_MAX],
                             const sync_provbudget *b);
/* The county's Ed25519 signature over the row's canonical bytes (sign_sk
 * 64 bytes); false when the row has none (sync_provbudget_bytes 0). */
bool sync_provbudget_sign(unsigned char sig[SYNC_PROV_SIG_BYTES], const sync_provbudget *b,
                          const unsigned char *sign_sk);
bool sync_provbudget_verify(const unsigned char sig[SYNC_PROV_SIG_BYTES],
                            const sync_provbudget *b,
                            const unsigned char sign_pk[STORE_SIGN_PK_BYTES]);

#endif
