/* backup.h — a store copied while it is in use (SQLite's online backup)
 * into a folder of its own with a manifest of what it holds, and put back
 * from one after every file's size and hash were checked. Nothing is
 * decrypted: the copy holds what the store's file holds. */
#ifndef STORE_BACKUP_H
#define STORE_BACKUP_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_BACKUP_MANIFEST "manifest"
#define STORE_BACKUP_FORMAT "doorstep-backup-1"
#define STORE_BACKUP_FILES_MAX 4
#define STORE_BACKUP_NAME_MAX 64
#define STORE_BACKUP_HASH_BYTES 32 /* BLAKE2b-256, crypto_generichash */

typedef struct {
	const char *kind; /* "laptop" or "county": what the store is */
	/* Files beside the store that a restore needs too (the county's
	 * county.pub), by path, NULL-terminated; NULL for none. Each is kept
	 * under its last name. */
	const char *const *extra;
	/* For tests: a pause between steps of 16 pages (0: none, and steps of
	 * 256), so that a backup can be watched while others write or killed
	 * half way. */
	unsigned pause_ms;
} store_backup_opts;

typedef struct {
	char kind[16];
	int64_t schema;
	char made[32];     /* UTC, 2026-12-07T04:13:13Z */
	char store_id[33]; /* hex; random, not personal */
	char device[33];   /* hex */
	size_t nfiles;     /* the store's file first */
	struct {
		char name[STORE_BACKUP_NAME_MAX];
		uint64_t size;
		char hash[2 * STORE_BACKUP_HASH_BYTES + 1]; /* hex */
	} file[STORE_BACKUP_FILES_MAX];
} store_backup_manifest;

/* Copies the open store, while others may be using it, into a new folder
 * inside `to` (made 0700 when missing) named doorstep-backup-KIND-DATE-TIME
 * (UTC): the store's file, the extra files and the manifest, each 0600,
 * the folder 0700. The folder is filled under a name starting with
 * ".partial-" and renamed when its manifest is written, so a backup cut
 * short is never one. made (made_len bytes) gets the new folder's path. */
ds_status store_backup(ds_store *s, const char *to, const store_backup_opts *o,
                       char *made, size_t made_len, ds_error *err);

/* Reads the manifest in the backup folder `from` and checks it and every
 * file it names (size and BLAKE2b-256) without writing anything. A file
 * missing, cut short, changed or not a regular file, or the manifest
 * edited, is DS_EDAMAGED naming the file. */
ds_status store_backup_check(const char *from, store_backup_manifest *m,
                             ds_error *err);

/* Puts the backup in `from` back: root must not exist or be an empty
 * folder (a store already there is refused, never overwritten). The files
 * are checked (store_backup_check), copied into a folder beside root
 * (root.restoring-XXXX) — the store's file into its sub-folder store_sub
 * ("" for root itself), the extra files into root — and the store opened
 * there as user (NULL: its only user) with pass and compared with the
 * manifest; only then is that folder renamed to root. A wrong passphrase
 * or a store not the manifest's leaves nothing behind. *out gets the
 * restored store, open. */
ds_status store_restore(const char *from, const char *root,
                        const char *store_sub, const char *user,
                        const store_secret *pass, store_backup_manifest *m,
                        ds_store **out, ds_error *err);

#endif
