/* backup.c — backups of a store taken while it is in use (SQLite's online
 * backup API), each in a folder of its own with a manifest naming every
 * file, its size and its BLAKE2b-256; restores that check all of it before
 * a byte is written and open the copy with the passphrase before it takes
 * the store's place. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/backup.h"
#include "store/internal.h"

/* How long a backup waits, in all, for the store to be free of another
 * program's write (a step meets SQLITE_BUSY only while one commits). */
#define BACKUP_WAIT_MS 120000
#define BACKUP_STEP_PAGES 256
/* Restarts (another program wrote between steps) before the rest is
 * copied in one step, holding a read lock for as long as it takes. */
#define BACKUP_RESTARTS 8
#define MANIFEST_MAX 8192

static ds_status sys_fail(ds_error *err, const char *path, int e)
{
	ds_status st = (e == EACCES || e == EPERM || e == EROFS) ? DS_EPERM
	               : (e == ENOENT || e == ENOTDIR)          ? DS_EINPUT
	                                                         : DS_ESYSTEM;
	return ds_fail(err, st, path, N_("cannot use this file or folder: %s"),
	               strerror(e));
}

static ds_status path_join(char *out, size_t len, const char *a,
                           const char *b, ds_error *err)
{
	if (snprintf(out, len, "%s%s%s", a, *b ? "/" : "", b) >= (int)len)
		return ds_fail(err, DS_EINPUT, a, N_("the file name is too long"));
	return DS_OK;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---- files: hashing, copying, removing ------------------------------------ */

/* Reads fd to its end: its size and BLAKE2b-256 in hex; with out >= 0,
 * every byte is written there too. */
static ds_status hash_copy(int fd, int out, const char *where,
                           const char *out_where, uint64_t *size,
                           char hex[2 * STORE_BACKUP_HASH_BYTES + 1],
                           ds_error *err)
{
	crypto_generichash_state h;
	unsigned char buf[65536], sum[STORE_BACKUP_HASH_BYTES];
	uint64_t n = 0;
	crypto_generichash_init(&h, NULL, 0, sizeof(sum));
	for (;;) {
		ssize_t r = read(fd, buf, sizeof(buf));
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return sys_fail(err, where, errno);
		}
		if (r == 0)
			break;
		crypto_generichash_update(&h, buf, (unsigned long long)r);
		n += (uint64_t)r;
		for (ssize_t done = 0; out >= 0 && done < r;) {
			ssize_t w = write(out, buf + done, (size_t)(r - done));
			if (w < 0) {
				if (errno == EINTR)
					continue;
				return sys_fail(err, out_where, errno);
			}
			done += w;
		}
	}
	crypto_generichash_final(&h, sum, sizeof(sum));
	store_hex(hex, sum, sizeof(sum));
	*size = n;
	return DS_OK;
}

/* Opens name in the folder dirfd for reading: a regular file only, never
 * through a link, never waiting on a pipe. */
static int open_regular(int dirfd, const char *name, struct stat *sb)
{
	int fd = openat(dirfd, name,
	                O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	if (fstat(fd, sb) != 0 || !S_ISREG(sb->st_mode)) {
		close(fd);
		errno = EINVAL;
		return -1;
	}
	return fd;
}

/* Copies src (a regular file) to dst, made new with mode 0600 and
 * fsynced; its size and hash as read. */
static ds_status copy_file(const char *src, const char *dst, uint64_t *size,
                           char hex[2 * STORE_BACKUP_HASH_BYTES + 1],
                           ds_error *err)
{
	struct stat sb;
	ds_status st;
	int in = open_regular(AT_FDCWD, src, &sb), out;
	if (in < 0)
		return sys_fail(err, src, errno);
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (out < 0) {
		st = sys_fail(err, dst, errno);
		close(in);
		return st;
	}
	st = hash_copy(in, out, src, dst, size, hex, err);
	close(in);
	if (!st && fsync(out) != 0)
		st = sys_fail(err, dst, errno);
	if (close(out) != 0 && !st)
		st = sys_fail(err, dst, errno);
	return st;
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc;
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

/* Removes a folder this file made (files and folders one level down). */
static void remove_made(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[PATH_MAX];
	if (!d)
		return;
	while ((e = readdir(d))) {
		struct stat sb;
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(p, sizeof(p), "%s/%s", dir, e->d_name) >= (int)sizeof(p) ||
		    lstat(p, &sb) != 0)
			continue;
		if (S_ISDIR(sb.st_mode)) {
			if (depth > 0)
				remove_made(p, depth - 1);
		} else {
			unlink(p);
		}
	}
	closedir(d);
	rmdir(dir);
}

/* ---- the manifest ------------------------------------------------------------ */

static void manifest_hash(const char *text, size_t len,
                          char hex[2 * STORE_BACKUP_HASH_BYTES + 1])
{
	unsigned char sum[STORE_BACKUP_HASH_BYTES];
	crypto_generichash(sum, sizeof(sum), (const unsigned char *)text, len,
	                   NULL, 0);
	store_hex(hex, sum, sizeof(sum));
}

/* The manifest's text: a line per fact, a line per file, and last a line
 * with the hash of every byte before it, so an edited manifest is seen. */
static ds_status manifest_text(const store_backup_manifest *m, char *out,
                               size_t len, ds_error *err)
{
	char hex[2 * STORE_BACKUP_HASH_BYTES + 1];
	size_t n;
	int w = snprintf(out, len,
	                 "# doorstep backup: what this folder holds; a restore checks every line\n"
	                 "format: %s\nkind: %s\nschema: %lld\nmade: %s\n"
	                 "store-id: %s\ndevice: %s\n",
	                 STORE_BACKUP_FORMAT, m->kind, (long long)m->schema,
	                 m->made, m->store_id, m->device);
	if (w < 0 || (size_t)w >= len)
		goto too_long;
	n = (size_t)w;
	for (size_t i = 0; i < m->nfiles; i++) {
		w = snprintf(out + n, len - n, "file: %s %llu %s\n", m->file[i].name,
		             (unsigned long long)m->file[i].size, m->file[i].hash);
		if (w < 0 || (size_t)w >= len - n)
			goto too_long;
		n += (size_t)w;
	}
	manifest_hash(out, n, hex);
	w = snprintf(out + n, len - n, "check: %s\n", hex);
	if (w < 0 || (size_t)w >= len - n)
		goto too_long;
	return DS_OK;
too_long:
	return ds_fail(err, DS_EINPUT, STORE_BACKUP_MANIFEST,
	               N_("the manifest is too long"));
}

static bool is_hex(const char *s, size_t len)
{
	if (strlen(s) != len)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

/* A file's name in a backup: one plain name (no space: the manifest's
 * fields are separated by spaces), never a path. */
static bool plain_name(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n >= STORE_BACKUP_NAME_MAX || !strcmp(s, ".") ||
	    !strcmp(s, "..") || !strcmp(s, STORE_BACKUP_MANIFEST) ||
	    s[0] == '.')
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ' ' || (unsigned char)*s < 0x20 || *s == 0x7f)
			return false;
	return true;
}

static ds_status manifest_parse(char *text, size_t len,
                                store_backup_manifest *m, const char *where,
                                ds_error *err)
{
	char *line = text, *end, hex[2 * STORE_BACKUP_HASH_BYTES + 1];
	bool format = false, have_schema = false;
	memset(m, 0, sizeof(*m));
	/* the last line first: the hash of every byte before it */
	if (len < 2 || memchr(text, '\0', len) || text[len - 1] != '\n')
		goto edited;
	text[len - 1] = '\0';
	end = strrchr(text, '\n');
	end = end ? end + 1 : text;
	manifest_hash(text, (size_t)(end - text), hex);
	if (strncmp(end, "check: ", 7) || strcmp(end + 7, hex))
		goto edited;
	while (line < end) {
		char *nl = memchr(line, '\n', (size_t)(end - line)), *v;
		if (!nl)
			goto edited;
		*nl = '\0';
		if (line[0] == '#') {
			line = nl + 1;
			continue;
		}
		if (!(v = strstr(line, ": ")))
			goto edited;
		*v = '\0';
		v += 2;
		if (!strcmp(line, "format")) {
			if (strcmp(v, STORE_BACKUP_FORMAT))
				return ds_fail(err, DS_EINPUT, where,
				               N_("is not a doorstep backup's manifest (its format is not %s)"),
				               STORE_BACKUP_FORMAT);
			format = true;
		} else if (!strcmp(line, "kind")) {
			if (strcmp(v, "laptop") && strcmp(v, "county"))
				goto edited;
			snprintf(m->kind, sizeof(m->kind), "%s", v);
		} else if (!strcmp(line, "schema")) {
			char *e;
			long long sv = strtoll(v, &e, 10);
			if (*e || e == v || sv < 1)
				goto edited;
			m->schema = sv;
			have_schema = true;
		} else if (!strcmp(line, "made")) {
			snprintf(m->made, sizeof(m->made), "%s", v);
		} else if (!strcmp(line, "store-id") || !strcmp(line, "device")) {
			if (!is_hex(v, 32))
				goto edited;
			snprintf(line[0] == 's' ? m->store_id : m->device, 33, "%s", v);
		} else if (!strcmp(line, "file")) {
			char name[STORE_BACKUP_NAME_MAX + 1], hash[2 * STORE_BACKUP_HASH_BYTES + 2];
			unsigned long long size;
			int used = 0;
			if (m->nfiles >= STORE_BACKUP_FILES_MAX ||
			    sscanf(v, "%64s %llu %65s%n", name, &size, hash, &used) != 3 ||
			    v[used] || !plain_name(name) ||
			    !is_hex(hash, 2 * STORE_BACKUP_HASH_BYTES))
				goto edited;
			for (size_t i = 0; i < m->nfiles; i++)
				if (!strcmp(m->file[i].name, name))
					goto edited;
			memcpy(m->file[m->nfiles].name, name, strlen(name) + 1);
			m->file[m->nfiles].size = size;
			memcpy(m->file[m->nfiles].hash, hash, sizeof(m->file[0].hash));
			m->nfiles++;
		} else {
			goto edited;
		}
		line = nl + 1;
	}
	if (!format || !have_schema || !m->kind[0] || !m->made[0] ||
	    !m->store_id[0] || !m->device[0] || m->nfiles == 0 ||
	    strcmp(m->file[0].name, STORE_DB_NAME))
		goto edited;
	return DS_OK;
edited:
	return ds_fail(err, DS_EDAMAGED, where,
	               N_("the backup's manifest was edited or is damaged; nothing was restored"));
}

/* ---- backup ---------------------------------------------------------------------- */

/* The store's pages into the new file dst, a chunk at a time so that
 * others go on using the store; another program's commit makes a step
 * wait and try again. */
static ds_status copy_db(ds_store *s, const char *dst, unsigned pause_ms,
                         ds_error *err)
{
	sqlite3 *d = NULL;
	sqlite3_backup *b;
	int rc, fd, waited = 0, restarts = 0;
	int pages = pause_ms ? 16 : BACKUP_STEP_PAGES;
	int last = -1;
	ds_status st = DS_OK;
	/* made here, so that it is 0600 whatever the umask */
	fd = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return sys_fail(err, dst, errno);
	close(fd);
	rc = sqlite3_open_v2(dst, &d, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                     NULL);
	if (rc != SQLITE_OK) {
		st = ds_fail(err, DS_ESYSTEM, dst, N_("the store database reports: %s"),
		             d ? sqlite3_errmsg(d) : sqlite3_errstr(rc));
		sqlite3_close(d);
		return st;
	}
	if (!(b = sqlite3_backup_init(d, "main", s->db, "main"))) {
		st = ds_fail(err, DS_ESYSTEM, dst, N_("the store database reports: %s"),
		             sqlite3_errmsg(d));
		sqlite3_close(d);
		return st;
	}
	for (;;) {
		rc = sqlite3_backup_step(b, pages);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK) {
			int left = sqlite3_backup_remaining(b);
			if (last >= 0 && left >= last && ++restarts >= BACKUP_RESTARTS)
				pages = -1;
			last = left;
			if (pause_ms)
				sqlite3_sleep((int)pause_ms);
			continue;
		}
		if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
			if (waited >= BACKUP_WAIT_MS) {
				st = ds_fail(err, DS_ESYSTEM, s->dir,
				             N_("the store is in use by another doorstep; try again"));
				break;
			}
			sqlite3_sleep(25);
			waited += 25;
			continue;
		}
		st = (rc & 0xff) == SQLITE_FULL
		             ? ds_fail(err, DS_ESYSTEM, dst,
		                       N_("the disk is full; nothing was changed"))
		             : ds_fail(err, DS_ESYSTEM, dst,
		                       N_("the store database reports: %s"),
		                       sqlite3_errstr(rc));
		break;
	}
	rc = sqlite3_backup_finish(b);
	if (!st && rc != SQLITE_OK)
		st = ds_fail(err, DS_ESYSTEM, dst, N_("the store database reports: %s"),
		             sqlite3_errmsg(d));
	if (sqlite3_close(d) != SQLITE_OK && !st)
		st = ds_fail(err, DS_ESYSTEM, dst, N_("the store database reports: %s"),
		             "close");
	return st;
}

static ds_status folder_for(const char *to, ds_error *err)
{
	struct stat sb;
	if (stat(to, &sb) == 0)
		return S_ISDIR(sb.st_mode)
		               ? DS_OK
		               : ds_fail(err, DS_EINPUT, to, N_("is not a folder"));
	if (errno != ENOENT)
		return sys_fail(err, to, errno);
	return store_mkdir_private(to, err);
}

ds_status store_backup(ds_store *s, const char *to, const store_backup_opts *o,
                       char *made, size_t made_len, ds_error *err)
{
	store_backup_manifest m;
	char name[80], stage[PATH_MAX], final[PATH_MAX], path[PATH_MAX];
	char text[MANIFEST_MAX], stamp[24], rnd_hex[13];
	unsigned char rnd[6];
	struct tm tm;
	time_t now = time(NULL);
	ds_status st;
	int rc;
	sqlite3_stmt *q;

	memset(&m, 0, sizeof(m));
	snprintf(m.kind, sizeof(m.kind), "%s", o && o->kind ? o->kind : "laptop");
	if ((st = store_prep(s, "PRAGMA main.user_version", &q, err)))
		return st;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		m.schema = sqlite3_column_int64(q, 0);
	if ((st = store_done(s, q, rc, err)))
		return st;
	gmtime_r(&now, &tm);
	strftime(m.made, sizeof(m.made), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	store_hex(m.store_id, s->store_id, sizeof(s->store_id));
	store_hex(m.device, s->device, sizeof(s->device));

	if ((st = folder_for(to, err)))
		return st;
	/* a new folder every time: an earlier backup is never touched */
	for (int i = 1;; i++) {
		struct stat sb;
		if (i == 1)
			snprintf(name, sizeof(name), "doorstep-backup-%s-%s", m.kind, stamp);
		else
			snprintf(name, sizeof(name), "doorstep-backup-%s-%s-%d", m.kind,
			         stamp, i);
		if ((st = path_join(final, sizeof(final), to, name, err)))
			return st;
		if (lstat(final, &sb) != 0 && errno == ENOENT)
			break;
		if (i >= 99)
			return ds_fail(err, DS_EINPUT, final, N_("already exists"));
	}
	store_random(rnd, sizeof(rnd));
	store_hex(rnd_hex, rnd, sizeof(rnd));
	{
		char partial[128];
		snprintf(partial, sizeof(partial), ".partial-%s-%s", name, rnd_hex);
		if ((st = path_join(stage, sizeof(stage), to, partial, err)))
			return st;
	}
	if (mkdir(stage, 0700) != 0)
		return sys_fail(err, stage, errno);

	/* the store's file, then the files beside it, then the manifest */
	if ((st = path_join(path, sizeof(path), stage, STORE_DB_NAME, err)) ||
	    (st = copy_db(s, path, o ? o->pause_ms : 0, err)))
		goto fail;
	{
		struct stat sb;
		int fd;
		char journal[PATH_MAX + 16];
		snprintf(journal, sizeof(journal), "%s-journal", path);
		if (lstat(journal, &sb) == 0) {
			st = ds_fail(err, DS_ESYSTEM, journal,
			             N_("the copy was not finished cleanly"));
			goto fail;
		}
		if ((fd = open_regular(AT_FDCWD, path, &sb)) < 0) {
			st = sys_fail(err, path, errno);
			goto fail;
		}
		if (fsync(fd) != 0) {
			st = sys_fail(err, path, errno);
			close(fd);
			goto fail;
		}
		st = hash_copy(fd, -1, path, NULL, &m.file[0].size, m.file[0].hash, err);
		close(fd);
		if (st)
			goto fail;
		snprintf(m.file[0].name, sizeof(m.file[0].name), "%s", STORE_DB_NAME);
		m.nfiles = 1;
	}
	for (size_t i = 0; o && o->extra && o->extra[i]; i++) {
		const char *bn = base_name(o->extra[i]);
		if (m.nfiles >= STORE_BACKUP_FILES_MAX || !plain_name(bn) ||
		    !strcmp(bn, STORE_DB_NAME)) {
			st = ds_fail(err, DS_EINPUT, o->extra[i],
			             N_("cannot be kept in a backup under this name"));
			goto fail;
		}
		if ((st = path_join(path, sizeof(path), stage, bn, err)) ||
		    (st = copy_file(o->extra[i], path, &m.file[m.nfiles].size,
		                    m.file[m.nfiles].hash, err)))
			goto fail;
		snprintf(m.file[m.nfiles].name, sizeof(m.file[0].name), "%s", bn);
		m.nfiles++;
	}
	if ((st = manifest_text(&m, text, sizeof(text), err)) ||
	    (st = path_join(path, sizeof(path), stage, STORE_BACKUP_MANIFEST, err)) ||
	    (st = store_write_file_atomic(path, text, strlen(text), err)))
		goto fail;
	if (fsync_path(stage) != 0 || rename(stage, final) != 0 ||
	    store_fsync_folder_of(final) != 0) {
		st = sys_fail(err, final, errno);
		goto fail;
	}
	snprintf(made, made_len, "%s", final);
	return DS_OK;
fail:
	remove_made(stage, 0);
	return st;
}

/* ---- checking and restoring --------------------------------------------------- */

ds_status store_backup_check(const char *from, store_backup_manifest *m,
                             ds_error *err)
{
	char where[PATH_MAX], *text = NULL;
	size_t len = 0;
	bool not_regular = false;
	ds_status st;
	const char *bn = base_name(from);
	int dfd;
	/* a backup's folder is renamed from .partial-... only when whole */
	if (!*bn) {
		size_t n = strlen(from);
		while (n > 1 && from[n - 1] == '/')
			n--;
		while (n > 0 && from[n - 1] != '/')
			n--;
		bn = from + n;
	}
	if (!strncmp(bn, ".partial-", 9))
		return ds_fail(err, DS_EDAMAGED, from,
		               N_("is a backup cut short (it was never finished); nothing was restored"));
	if ((dfd = open(from, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return sys_fail(err, from, errno);
	if ((st = path_join(where, sizeof(where), from, STORE_BACKUP_MANIFEST, err)))
		goto out;
	if ((st = store_read_regular(dfd, STORE_BACKUP_MANIFEST, MANIFEST_MAX,
	                             &text, &len, &not_regular, err))) {
		if (!not_regular && faccessat(dfd, STORE_BACKUP_MANIFEST, F_OK,
		                              AT_SYMLINK_NOFOLLOW) != 0)
			st = ds_fail(err, DS_EINPUT, from,
			             N_("holds no backup's manifest: name a folder a backup made"));
		else if (err)
			snprintf(err->where, sizeof(err->where), "%.*s",
			         (int)sizeof(err->where) - 1, where);
		goto out;
	}
	if ((st = manifest_parse(text, len, m, where, err)))
		goto out;
	for (size_t i = 0; i < m->nfiles; i++) {
		struct stat sb;
		uint64_t size;
		char hex[2 * STORE_BACKUP_HASH_BYTES + 1];
		int fd;
		if ((st = path_join(where, sizeof(where), from, m->file[i].name, err)))
			goto out;
		if ((fd = open_regular(dfd, m->file[i].name, &sb)) < 0) {
			st = errno == ENOENT
			             ? ds_fail(err, DS_EDAMAGED, where,
			                       N_("is missing from the backup; nothing was restored"))
			             : ds_fail(err, DS_EDAMAGED, where,
			                       N_("is not a regular file of the backup; nothing was restored"));
			goto out;
		}
		if ((uint64_t)sb.st_size != m->file[i].size) {
			close(fd);
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("is not the size the backup's manifest gives (cut short or changed); nothing was restored"));
			goto out;
		}
		st = hash_copy(fd, -1, where, NULL, &size, hex, err);
		close(fd);
		if (st)
			goto out;
		if (size != m->file[i].size || strcmp(hex, m->file[i].hash)) {
			st = ds_fail(err, DS_EDAMAGED, where,
			             N_("does not match its hash in the backup's manifest (changed or damaged); nothing was restored"));
			goto out;
		}
	}
out:
	free(text);
	close(dfd);
	return st;
}

/* root must be new or an empty folder; *exists says which. */
static ds_status restore_target(const char *root, const char *store_sub,
                                bool *exists, ds_error *err)
{
	struct stat sb;
	DIR *d;
	struct dirent *e;
	char db[PATH_MAX], sub[PATH_MAX];
	bool empty = true;
	*exists = false;
	if (lstat(root, &sb) != 0) {
		if (errno == ENOENT)
			return DS_OK;
		return sys_fail(err, root, errno);
	}
	if (!S_ISDIR(sb.st_mode))
		return ds_fail(err, DS_EINPUT, root, N_("is not a folder"));
	if (path_join(sub, sizeof(sub), root, store_sub, err) ||
	    path_join(db, sizeof(db), sub, STORE_DB_NAME, err))
		return DS_EINPUT;
	if (lstat(db, &sb) == 0)
		return ds_fail(err, DS_EINPUT, root,
		               N_("holds a store already; a restore never overwrites one: move the folder aside first (e.g. mv FOLDER FOLDER.old); nothing was changed"));
	if (!(d = opendir(root)))
		return sys_fail(err, root, errno);
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = false;
	closedir(d);
	if (!empty)
		return ds_fail(err, DS_EINPUT, root,
		               N_("is not empty; restore into a new or empty folder; nothing was changed"));
	*exists = true;
	return DS_OK;
}

/* The parents of path, as the user's umask says. */
static ds_status make_parents(const char *path, ds_error *err)
{
	char tmp[PATH_MAX];
	size_t n = strlen(path);
	if (n >= sizeof(tmp))
		return ds_fail(err, DS_EINPUT, path, N_("the file name is too long"));
	memcpy(tmp, path, n + 1);
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return sys_fail(err, tmp, errno);
		*p = '/';
	}
	return DS_OK;
}

static ds_status same_store(ds_store *s, const store_backup_manifest *m,
                            ds_error *err)
{
	char id[33], dev[33];
	store_hex(id, s->store_id, sizeof(s->store_id));
	store_hex(dev, s->device, sizeof(s->device));
	if (strcmp(id, m->store_id) || strcmp(dev, m->device))
		return ds_fail(err, DS_EDAMAGED, STORE_BACKUP_MANIFEST,
		               N_("names another store than the one in the backup; nothing was restored"));
	return DS_OK;
}

ds_status store_restore(const char *from, const char *root,
                        const char *store_sub, const char *user,
                        const store_secret *pass, store_backup_manifest *m,
                        ds_store **out, ds_error *err)
{
	char stage[PATH_MAX], sdir[PATH_MAX], src[PATH_MAX], dst[PATH_MAX];
	char rnd_hex[13], final_dir[PATH_MAX];
	unsigned char rnd[6];
	bool exists;
	ds_store *s = NULL;
	ds_status st;

	*out = NULL;
	if ((st = store_backup_check(from, m, err)))
		return st;
	if (m->schema > STORE_SCHEMA_VERSION) {
		char have[24], know[24];
		snprintf(have, sizeof(have), "%lld", (long long)m->schema);
		snprintf(know, sizeof(know), "%d", STORE_SCHEMA_VERSION);
		return ds_fail(err, DS_ENEWER, from,
		               N_("this store was written by a newer doorstep (schema %s; this one knows up to %s); install the newer version"),
		               have, know);
	}
	if ((st = restore_target(root, store_sub, &exists, err)) ||
	    (st = make_parents(root, err)))
		return st;
	store_random(rnd, sizeof(rnd));
	store_hex(rnd_hex, rnd, sizeof(rnd));
	if (snprintf(stage, sizeof(stage), "%s.restoring-%s", root, rnd_hex) >=
	    (int)sizeof(stage))
		return ds_fail(err, DS_EINPUT, root, N_("the file name is too long"));
	if (mkdir(stage, 0700) != 0)
		return sys_fail(err, stage, errno);
	if ((st = path_join(sdir, sizeof(sdir), stage, store_sub, err)))
		goto fail;
	if (*store_sub && mkdir(sdir, 0700) != 0) {
		st = sys_fail(err, sdir, errno);
		goto fail;
	}
	/* copied and hashed again as copied: a file changed since the check
	 * is not taken either */
	for (size_t i = 0; i < m->nfiles; i++) {
		uint64_t size;
		char hex[2 * STORE_BACKUP_HASH_BYTES + 1];
		if ((st = path_join(src, sizeof(src), from, m->file[i].name, err)) ||
		    (st = path_join(dst, sizeof(dst), i ? stage : sdir,
		                    m->file[i].name, err)) ||
		    (st = copy_file(src, dst, &size, hex, err)))
			goto fail;
		if (size != m->file[i].size || strcmp(hex, m->file[i].hash)) {
			st = ds_fail(err, DS_EDAMAGED, src,
			             N_("does not match its hash in the backup's manifest (changed or damaged); nothing was restored"));
			goto fail;
		}
	}
	if (fsync_path(sdir) != 0 || fsync_path(stage) != 0) {
		st = sys_fail(err, stage, errno);
		goto fail;
	}
	/* the passphrase opens it and it is the store the manifest names,
	 * before it takes the store's place */
	if ((st = store_open(sdir, user, pass, &s, err)) ||
	    (st = same_store(s, m, err)))
		goto fail;
	store_close(&s);
	if (exists && rmdir(root) != 0) {
		st = sys_fail(err, root, errno);
		goto fail;
	}
	if (rename(stage, root) != 0) {
		st = sys_fail(err, root, errno);
		goto fail;
	}
	store_fsync_folder_of(root);
	if ((st = path_join(final_dir, sizeof(final_dir), root, store_sub, err)))
		return st;
	return store_open(final_dir, user, pass, out, err);
fail:
	store_close(&s);
	remove_made(stage, 1);
	return st;
}
