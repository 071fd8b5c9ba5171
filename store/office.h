/* office.h — the county office's accounts (for the web console, separate
 * from the laptops' users) and the office log, in the county's store:
 * each row under its MAC (rowauth.c), so a row written without the store
 * key is refused when read. The log is only ever appended to. Loads and
 * writes only: the roles and what they may do are core/office.h's; the
 * caller holds the transaction (store_begin/store_commit) for writes. */
#ifndef STORE_OFFICE_H
#define STORE_OFFICE_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_OFFICE_HASH_MAX 128 /* crypto_pwhash_STRBYTES */
#define STORE_OFFICE_ROLE_MAX 16

typedef struct {
	char name[STORE_USER_MAX];
	char role[STORE_OFFICE_ROLE_MAX];
	int64_t created_ms;
	int64_t disabled_ms; /* 0: in use */
} store_office_user;

/* A new account: DS_EINPUT naming "name" when it exists already. hash is
 * the password's crypto_pwhash_str text. */
ds_status store_office_user_add(ds_store *s, const store_office_user *u,
                                const char *hash, ds_error *err);
/* The account and, when hash is not NULL, its password hash. */
ds_status store_office_user_get(ds_store *s, const char *name,
                                store_office_user *u,
                                char hash[STORE_OFFICE_HASH_MAX], bool *found,
                                ds_error *err);
/* Every account by name; *list is malloc'd. */
ds_status store_office_user_list(ds_store *s, store_office_user **list,
                                 size_t *n, ds_error *err);
/* A new password (DS_EINPUT naming "name" for no such account). */
ds_status store_office_user_passwd(ds_store *s, const char *name,
                                   const char *hash, ds_error *err);
/* The account may no longer log in (already disabled: nothing changes). */
ds_status store_office_user_disable(ds_store *s, const char *name,
                                    ds_error *err);

/* One line of the office log: who (an office user name, "-" for none),
 * from where (the peer's address), what kind (login, logout, page,
 * action, refused, lockout, user), what (a page or action name, never a
 * household's name or ID number) and how it ended. */
#define STORE_OFFICE_PEER_MAX 64
#define STORE_OFFICE_KIND_MAX 24
#define STORE_OFFICE_WHAT_MAX 96
#define STORE_OFFICE_OUTCOME_MAX 48
typedef struct {
	int64_t seq;
	int64_t at_ms;
	char user[STORE_USER_MAX];
	char peer[STORE_OFFICE_PEER_MAX];
	char kind[STORE_OFFICE_KIND_MAX];
	char what[STORE_OFFICE_WHAT_MAX];
	char outcome[STORE_OFFICE_OUTCOME_MAX];
} store_office_log;

/* Appends e (its seq and, when 0, its time are set here). */
ds_status store_office_log_add(ds_store *s, store_office_log *e, ds_error *err);

/* The log, newest first, at most limit lines, those matching every filter
 * given (NULL or "" for any; times in ms, 0 for no bound). */
typedef struct {
	const char *user, *kind;
	int64_t from_ms, to_ms;
	size_t limit;
} store_office_log_filter;
ds_status store_office_log_list(ds_store *s, const store_office_log_filter *f,
                                store_office_log **list, size_t *n,
                                ds_error *err);

#endif
