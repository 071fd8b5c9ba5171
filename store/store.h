/* store.h — the encrypted case store: key slots, the signed event log, and
 * the case projection kept in SQLite. Every function returns a ds_status
 * and, on failure, fills the ds_error it is given (which may be NULL). */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/date.h"
#include "core/household.h"
#include "core/policy.h"
#include "core/role.h"
#include "core/status.h"
#include "store/crypto.h"

typedef struct ds_store ds_store;

#define STORE_SCHEMA_VERSION 11
#define STORE_DB_NAME "store.db"
#define STORE_USER_MAX 32   /* bytes of a local user name, with the NUL */
#define STORE_ID_LEN 12     /* household ids: 12 characters of base32 */
#define STORE_ID_BUF 13
#define STORE_ID_MIN_PREFIX 4
#define STORE_PASS_MIN 8    /* characters */
#define STORE_DEVICE_BYTES 16

/* A county public key, as `doorstep-county init` writes it (KEYS.md). */
typedef struct {
	unsigned char box_pk[STORE_BOX_PK_BYTES];
	unsigned char sign_pk[STORE_SIGN_PK_BYTES];
	char key_id[17]; /* hex of the first 8 bytes of BLAKE2b(box_pk||sign_pk) */
} store_county_pub;

/* The county secret key file's content; the secrets in guarded memory. */
typedef struct {
	store_county_pub pub;
	store_secret *box_sk;  /* STORE_BOX_SK_BYTES */
	store_secret *sign_sk; /* STORE_SIGN_SK_BYTES */
} store_county_sec;

typedef struct {
	const char *user;
	core_role role;
	const char *region;               /* six digits, or NULL */
	const store_county_pub *county;   /* escrow slot when not NULL */
} store_init_opts;

typedef struct {
	char name[STORE_USER_MAX];
} store_user_name;

/* ---- key files (keys.c) ------------------------------------------------ */

/* Text formats documented in store/KEYS.md; written atomically, 0600. */
ds_status store_county_keygen(store_county_pub *pub, store_county_sec *sec,
                              ds_error *err);
ds_status store_county_pub_write(const char *path, const store_county_pub *pub,
                                 ds_error *err);
ds_status store_county_sec_write(const char *path, const store_county_sec *sec,
                                 ds_error *err);
ds_status store_county_pub_read(const char *path, store_county_pub *pub,
                                ds_error *err);
ds_status store_county_sec_read(const char *path, store_county_sec *sec,
                                ds_error *err);
void store_county_sec_free(store_county_sec *sec);

/* ---- opening and keys (open.c) ----------------------------------------- */

/* Creates a new store in dir (made 0700 if missing; must hold no store).
 * pass protects the first user's key slot. */
ds_status store_init(const char *dir, const store_init_opts *o,
                     const store_secret *pass, ds_error *err);

/* Whether dir holds a store (its database file), without opening it. */
bool store_exists(const char *dir);

/* The local users of the store in dir, without unlocking it. *names is
 * malloc'd; the caller frees it. */
ds_status store_list_users(const char *dir, store_user_name **names,
                           size_t *n, ds_error *err);

/* Unlocks the store as user (NULL: the only user). Wrong passphrase:
 * DS_EPASS, and not a byte of the store changes. */
ds_status store_open(const char *dir, const char *user,
                     const store_secret *pass, ds_store **out, ds_error *err);
/* The same for `store rebuild`: a schema that is not the one doorstep
 * made is mended once the passphrase is known (what is foreign dropped,
 * the case-file tables made afresh), and the case-file tables are not
 * checked (the rebuild makes them again from the log). */
ds_status store_open_repair(const char *dir, const char *user,
                            const store_secret *pass, ds_store **out,
                            ds_error *err);
/* The same for `audit verify`, which then checks everything itself: the
 * checks of the rows and the log's head are left to it. */
ds_status store_open_audit(const char *dir, const char *user,
                           const store_secret *pass, ds_store **out,
                           ds_error *err);
void store_close(ds_store **s);

/* Something the front end should tell the user after a successful
 * open (a folder or file others could read, made private again); NULL
 * when there is nothing. */
const ds_error *store_notice(const ds_store *s);

const char *store_user(const ds_store *s);
core_role store_role(const ds_store *s);
const char *store_region(const ds_store *s); /* "" when not set */
/* The civil date commands treat as today (validation, due dates). */
void store_set_today(ds_store *s, core_date today);
/* The day a store opened from now on takes as today until
 * store_set_today says otherwise (an old store's migration works out its
 * caseload summaries on it): the program's today, once it knows it.
 * Until then -1: the clock's day. */
void store_set_default_today(core_date today);
core_date store_today(const ds_store *s);

ds_status store_user_add(ds_store *s, const char *name, core_role role,
                         const store_secret *pass, ds_error *err);
/* Re-wraps the open user's slot under a new passphrase; nothing else
 * changes. */
ds_status store_passwd(ds_store *s, const store_secret *newpass,
                       ds_error *err);
/* Opens the escrow slot with the county secret key and gives user a new
 * passphrase (and a new signing key, recorded in the log). */
ds_status store_recover(const char *dir, const char *user,
                        const store_county_sec *county,
                        const store_secret *newpass, ds_error *err);

typedef struct {
	char name[STORE_USER_MAX];
	core_role role;
} store_user_info;
ds_status store_users(ds_store *s, store_user_info **users, size_t *n,
                      ds_error *err);

/* The Argon2id parameters of the open user's slot. */
void store_kdf_params(const ds_store *s, uint64_t *opslimit,
                      uint64_t *memlimit);

/* ---- transactions (events.c) ------------------------------------------- */

/* Changes happen between begin and commit; commit signs the chain head
 * with the user's key (a checkpoint). rollback undoes everything since
 * begin. One program writes to a store at a time: begin waits for
 * another's write to end, 5 seconds unless store_set_write_wait said
 * otherwise, then gives up with DS_ESYSTEM saying how long it waited. */
ds_status store_begin(ds_store *s, ds_error *err);
/* How long this handle waits for another program's write (seconds; 0 or
 * less: the default). The county, whose imports and server share one
 * store and may each write for minutes, waits longer than a laptop. */
void store_set_write_wait(ds_store *s, int seconds);
ds_status store_commit(ds_store *s, ds_error *err);
void store_rollback(ds_store *s);
bool store_in_transaction(const ds_store *s);

/* ---- households (household.c) ------------------------------------------ */

typedef struct {
	char id[STORE_ID_BUF];
	char status[24];
	char due[11];          /* "" when none */
	int64_t version;
	int64_t created_seq;
	int64_t updated_seq;
	core_household h;      /* owned; free with store_row_free */
} store_household_row;

void store_row_free(store_household_row *row);

/* Validates h, checks no member already belongs to another household, and
 * records it (inside a transaction the caller began, or its own). */
ds_status store_household_add(ds_store *s, const core_household *h,
                              char id_out[STORE_ID_BUF], ds_error *err);
/* Checks h as store_household_add would, without recording anything. */
ds_status store_household_check(ds_store *s, const core_household *h,
                                ds_error *err);

/* The two halves of store_household_add, for imports that check every
 * household before writing any: prepare checks h and keeps it in its
 * stored form; add_prepared records it. A person added by someone else in
 * between is still refused. */
typedef struct store_prepared store_prepared;
ds_status store_household_prepare(ds_store *s, const core_household *h,
                                  store_prepared **out, ds_error *err);
ds_status store_household_add_prepared(ds_store *s, const store_prepared *p,
                                       char id_out[STORE_ID_BUF],
                                       ds_error *err);
void store_prepared_free(store_prepared **p);
/* Resolves a full id or a unique prefix of at least four characters. */
ds_status store_household_resolve(ds_store *s, const char *id_or_prefix,
                                  char id_out[STORE_ID_BUF], ds_error *err);
ds_status store_household_get(ds_store *s, const char *id,
                              store_household_row *row, ds_error *err);
/* Calls cb for each household in the order they were created; a non-zero
 * status from cb stops the walk and is returned. A household that cannot
 * be read goes to damaged (with the error) and the walk goes on, ending in
 * DS_EDAMAGED; with damaged NULL the walk stops there. */
typedef ds_status (*store_household_cb)(const store_household_row *row,
                                        void *ctx);
typedef void (*store_damaged_cb)(const ds_error *err, void *ctx);
ds_status store_household_each(ds_store *s, store_household_cb cb,
                               store_damaged_cb damaged, void *ctx,
                               ds_error *err);
ds_status store_household_count(ds_store *s, int64_t *n, ds_error *err);
/* Which household a person (by ID number) belongs to; DS_EINPUT with a
 * "no household" message when none. */
ds_status store_person_find(ds_store *s, const char *idnum,
                            char id_out[STORE_ID_BUF], ds_error *err);

/* ---- imports that can be run again (hhimport.c) ------------------------ */

/* "The same household" is core_household_same: the same people by ID
 * number, with the same data, as the line would add. */
typedef enum {
	STORE_IMPORT_NEW,  /* none of its people is in a household: to be added */
	STORE_IMPORT_SAME, /* exactly its people make up one household, the same */
} store_import_found;

/* Checks h as store_household_prepare does, except that its people may be
 * in the store already when they make up the same household (*found SAME,
 * its id in id_out, *out NULL: nothing to add). People in the store with
 * other data, or not all in one household with no one else, are
 * DS_EINPUT naming the first field that differs. */
ds_status store_import_prepare(ds_store *s, const core_household *h,
                               store_prepared **out, store_import_found *found,
                               char id_out[STORE_ID_BUF], ds_error *err);
/* Adds p unless the same household is there by now (*found SAME: another
 * doorstep added it since the prepare); the same refusals as the prepare.
 * Inside a transaction the caller began, as add_prepared. */
ds_status store_import_add(ds_store *s, const store_prepared *p,
                           store_import_found *found,
                           char id_out[STORE_ID_BUF], ds_error *err);
/* The fast way through a long file. begin: one read snapshot for the
 * checking pass (every line sees the store as it was when it began) and a
 * larger page cache for the writing; *empty when no one is in the store at
 * all, so that no line's people can be: store_import_prepare_new (no
 * look-ups) then gives what store_import_prepare would. looked: the
 * checking is over (the snapshot ends, so the writing can begin). end:
 * back to the store's usual cache. */
ds_status store_import_begin(ds_store *s, bool *empty, ds_error *err);
void store_import_looked(ds_store *s);
void store_import_end(ds_store *s);
ds_status store_import_prepare_new(ds_store *s, const core_household *h,
                                   store_prepared **out, ds_error *err);
/* store_import_prepare_new's checks with the policy in force today given
 * (store_policy_at), reading nothing else of the store but its keys: safe
 * on threads other than the store's, several at once; the prepared
 * household takes h over (h is left empty) on success. Then, on the
 * store's thread, store_import_match looks (in a store with people in
 * it), as store_import_prepare would (*found SAME: nothing to add; *pp is
 * the caller's to free either way). */
ds_status store_import_prepare_off(const ds_store *s, core_household *h,
                                   const core_policy *today_policy,
                                   store_prepared **out, ds_error *err);
ds_status store_import_match(ds_store *s, store_prepared **pp,
                             store_import_found *found,
                             char id_out[STORE_ID_BUF], ds_error *err);
/* The household a prepared one will add. */
const core_household *store_prepared_household(const store_prepared *p);
/* A line of an import file, read and prepared away from the store's
 * thread (store_import_prepare_lines). */
typedef struct {
	const char *text;   /* in: the line, its byte-order mark skipped */
	size_t len;
	bool parsed;        /* out: the one-pass reader took it; if not, the
	                       caller reads it the long way (which names what
	                       is wrong) and nothing else below is set */
	core_household h;   /* out, parsed: the household, unless prep has
	                       taken it over (caller frees) */
	store_prepared *prep; /* out, parsed and DS_OK: the household is
	                         prep->h (caller frees) */
	ds_status st;       /* out, parsed: store_import_prepare_off's */
	ds_error err;
} store_import_line;
/* Reads and prepares each line with store_import_prepare_off, the second
 * half on another thread when the process may run on two cores. */
void store_import_prepare_lines(const ds_store *s,
                                const core_policy *today_policy,
                                store_import_line *lines, size_t n);
/* Adds p without looking: the schema's unique keys (a person in one
 * household, one household per id) refuse a clash with an error, such as
 * another doorstep's import of the same line since the prepare. On any
 * error the caller rolls its transaction back and adds the same
 * households again with store_import_add, which looks and says what the
 * clash is (or skips the same household). */
ds_status store_import_add_new(ds_store *s, const store_prepared *p,
                               char id_out[STORE_ID_BUF], ds_error *err);
/* Whether err is the store saying the disk is full (nothing of the
 * transaction it was in was kept). */
bool store_error_disk_full(const ds_error *err);

/* ---- waiting for another writer (wait.c) --------------------------------- */

/* While another doorstep writes to the same store (an import, a sync),
 * a write waits for it, up to max_seconds; waiting (may be NULL) is called
 * once when a wait passes a second, so the front end can say why nothing
 * happens. The waiter must outlive the store handle; gave_up says whether
 * the last failure was the bound (the error is then "in use"). */
typedef struct {
	int max_seconds;
	void (*waiting)(void *ctx);
	void *ctx;
	bool gave_up;
	bool said;              /* private */
	long long started_ms;   /* private */
} store_waiter;
void store_wait_for_writers(ds_store *s, store_waiter *w);

/* ---- policies (policy.c) ------------------------------------------------ */

/* Imports a policy file after checking all of it (errors name the JSON
 * path). The same version with the same rules again is *already; with
 * other rules it is refused. */
ds_status store_policy_import(ds_store *s, const char *text, size_t len,
                              const char *name, char *version_out,
                              size_t version_len, bool *already,
                              ds_error *err);
/* Every version in the store, in the order imported (free with
 * store_policies_free). */
ds_status store_policies(ds_store *s, core_policy **list, size_t *n,
                         ds_error *err);
/* The same with each version's place in the log (*seqs malloc'd). */
ds_status store_policies_seq(ds_store *s, core_policy **list, int64_t **seqs,
                             size_t *n, ds_error *err);
void store_policies_free(core_policy *list, size_t n);
/* One version by its name; *found false (and p untouched) when the store
 * has none of that name. Free with core_policy_free. */
ds_status store_policy_get(ds_store *s, const char *version, core_policy *p,
                           bool *found, ds_error *err);
/* All versions, and the one in force on a date (pointing into them). */
ds_status store_policy_at(ds_store *s, core_date on, core_policy **versions,
                          size_t *n, const core_policy **in_force,
                          ds_error *err);

/* ---- the log (events.c, project.c) ------------------------------------- */

/* Replays every event into fresh projection tables. */
ds_status store_rebuild(ds_store *s, ds_error *err);

typedef struct {
	int64_t events;
	int64_t checkpoints;
	int64_t households;
	int64_t relayed;    /* other devices' events held without their whole chain */
	size_t n_authors;
	char authors[16][STORE_USER_MAX]; /* who wrote events, first seen first */
} store_audit_report;

/* Checks every hash, link and signature of the log and that every sealed
 * value opens; the first failure is DS_EDAMAGED with err naming the event
 * (or the household and its last event). */
ds_status store_audit_verify(ds_store *s, store_audit_report *rep,
                             ds_error *err);

/* An event's reference across stores, "devicehex:epoch:dseq" ("" when
 * seq is not in the log): the same on every laptop that holds it. */
void store_event_ref(ds_store *s, int64_t seq, char out[64]);

/* ---- files outside SQLite (fsutil.c) ------------------------------------ */

/* Written to a temporary file, fsynced, renamed, and the folder fsynced:
 * a crash leaves the old file or the new one, never half of one. 0600. */
ds_status store_write_file_atomic(const char *path, const void *data,
                                  size_t len, ds_error *err);
/* Reads a whole file (at most max bytes) into a malloc'd, NUL-terminated
 * buffer. */
ds_status store_read_file(const char *path, size_t max, char **out,
                          size_t *len, ds_error *err);
/* Reads the file `name` in the folder open as dirfd (AT_FDCWD: name is a
 * path, and only its last part must not be a link) into a malloc'd,
 * NUL-terminated buffer, for files someone else put there (a USB stick):
 * only a regular file, never through a link, never waiting on a pipe or
 * a device; anything else is DS_EINPUT with *not_regular set. A file over
 * max bytes is DS_EINPUT from its size, before it is read. err's where is
 * name. */
ds_status store_read_regular(int dirfd, const char *name, size_t max,
                             char **out, size_t *len, bool *not_regular,
                             ds_error *err);
/* Makes dir (and its parents); dir itself ends up 0700. */
ds_status store_mkdir_private(const char *dir, ds_error *err);
/* fsyncs the folder path is in, so that a rename there lasts: 0, or -1
 * with errno. */
int store_fsync_folder_of(const char *path);

#endif
