/* fsutil.c — files outside SQLite: private folders, atomic writes, and
 * reading a file from a folder someone else filled (a USB stick). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/internal.h"

uint64_t store_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static ds_status sys_fail(ds_error *err, const char *path, int e)
{
	ds_status st = (e == EACCES || e == EPERM || e == EROFS) ? DS_EPERM
	               : (e == ENOENT || e == ENOTDIR)          ? DS_EINPUT
	                                                         : DS_ESYSTEM;
	return ds_fail(err, st, path, N_("cannot use this file or folder: %s"), strerror(e));
}

ds_status store_mkdir_private(const char *dir, ds_error *err)
{
	char tmp[PATH_MAX];
	struct stat stbuf;
	size_t n = strlen(dir);
	if (n == 0 || n >= sizeof(tmp))
		return ds_fail(err, DS_EINPUT, "store",
		               N_("the folder name is empty or too long"));
	memcpy(tmp, dir, n + 1);
	/* Parents as the user's umask says; the store folder itself 0700. */
	for (char *p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, 0755) != 0 && errno != EEXIST)
			return sys_fail(err, tmp, errno);
		*p = '/';
	}
	if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
		return sys_fail(err, tmp, errno);
	if (stat(tmp, &stbuf) != 0)
		return sys_fail(err, tmp, errno);
	if (!S_ISDIR(stbuf.st_mode))
		return ds_fail(err, DS_EINPUT, dir, N_("is not a folder"));
	if ((stbuf.st_mode & 077) && chmod(tmp, 0700) != 0)
		return sys_fail(err, tmp, errno);
	return DS_OK;
}

int store_fsync_folder_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd, rc;
	if (!slash) {
		strcpy(dir, ".");
	} else if (slash == path) {
		strcpy(dir, "/");
	} else {
		size_t n = (size_t)(slash - path);
		if (n >= sizeof(dir))
			return -1;
		memcpy(dir, path, n);
		dir[n] = '\0';
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	rc = fsync(fd);
	close(fd);
	return rc;
}

ds_status store_write_file_atomic(const char *path, const void *data,
                                  size_t len, ds_error *err)
{
	char tmp[PATH_MAX];
	const unsigned char *p = data;
	int fd, e;
	unsigned char rnd[6];
	char rndhex[13];

	store_random(rnd, sizeof(rnd));
	store_hex(rndhex, rnd, sizeof(rnd));
	if (snprintf(tmp, sizeof(tmp), "%s.tmp-%s", path, rndhex) >=
	    (int)sizeof(tmp))
		return ds_fail(err, DS_EINPUT, path, N_("the file name is too long"));
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return sys_fail(err, path, errno);
	while (len) {
		ssize_t w = write(fd, p, len);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		p += w;
		len -= (size_t)w;
	}
	if (fsync(fd) != 0)
		goto fail;
	if (close(fd) != 0) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		goto fail;
	if (store_fsync_folder_of(path) != 0)
		return sys_fail(err, path, errno);
	return DS_OK;
fail:
	e = errno;
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return sys_fail(err, path, e);
}

ds_status store_read_file(const char *path, size_t max, char **out,
                          size_t *len, ds_error *err)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0, cap = 0;
	if (!f)
		return sys_fail(err, path, errno);
	for (;;) {
		size_t r;
		if (n + 4096 + 1 > cap) {
			char *nb;
			cap = cap ? cap * 2 : 8192;
			nb = realloc(buf, cap);
			if (!nb) {
				free(buf);
				fclose(f);
				return ds_fail(err, DS_ESYSTEM, path, N_("out of memory"));
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n - 1, f);
		n += r;
		if (n > max) {
			free(buf);
			fclose(f);
			return ds_fail(err, DS_EINPUT, path, N_("the file is too large"));
		}
		if (r == 0)
			break;
	}
	if (ferror(f)) {
		int e = errno;
		free(buf);
		fclose(f);
		return sys_fail(err, path, e);
	}
	fclose(f);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return DS_OK;
}

/* A USB stick is filled by whoever had it last. What lies in its folder
 * under a bundle's name may be a link to a secret of this computer (whose
 * bytes would then be stored or sent on), a pipe that never ends or a
 * device that blocks: only a regular file is read, looked at without
 * following a link first, then opened without following one and without
 * waiting, and looked at again on the open descriptor (the entry may
 * have been swapped in between). Its size is checked before a byte is
 * read. */
ds_status store_read_regular(int dirfd, const char *name, size_t max,
                             char **out, size_t *len, bool *not_regular,
                             ds_error *err)
{
	struct stat sb;
	char *buf = NULL;
	size_t n = 0;
	int fd = -1, e;
	char have[24], most[24];

	*out = NULL;
	if (len)
		*len = 0;
	*not_regular = false;
	if (fstatat(dirfd, name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
		return sys_fail(err, name, errno);
	if (!S_ISREG(sb.st_mode))
		goto not_regular;
	fd = openat(dirfd, name,
	            O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		/* ELOOP: it became a link; ENXIO: a socket */
		if (errno == ELOOP || errno == ENXIO)
			goto not_regular;
		return sys_fail(err, name, errno);
	}
	if (fstat(fd, &sb) != 0)
		goto fail;
	if (!S_ISREG(sb.st_mode))
		goto not_regular;
	snprintf(most, sizeof(most), "%zu", max);
	if (sb.st_size < 0 || (uintmax_t)sb.st_size > max) {
		snprintf(have, sizeof(have), "%jd", (intmax_t)sb.st_size);
		close(fd);
		return ds_fail(err, DS_EINPUT, name,
		               N_("the file is too large (%s bytes; at most %s); not read"),
		               have, most);
	}
	if (!(buf = malloc((size_t)sb.st_size + 1))) {
		close(fd);
		return ds_fail(err, DS_ESYSTEM, name, N_("out of memory"));
	}
	/* no more than its size said, and one byte to see whether it grew */
	for (;;) {
		ssize_t r = read(fd, buf + n, (size_t)sb.st_size + 1 - n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > (size_t)sb.st_size) {
			free(buf);
			close(fd);
			return ds_fail(err, DS_EINPUT, name,
			               N_("the file grew while it was read; not read"));
		}
	}
	close(fd);
	buf[n] = '\0';
	*out = buf;
	if (len)
		*len = n;
	return DS_OK;
not_regular:
	if (fd >= 0)
		close(fd);
	*not_regular = true;
	return ds_fail(err, DS_EINPUT, name,
	               N_("not a regular file (a link, a folder, a pipe or a device); not read"));
fail:
	e = errno;
	free(buf);
	close(fd);
	return sys_fail(err, name, e);
}
