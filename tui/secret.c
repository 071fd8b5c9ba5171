/* secret.c — reading passphrases into sodium_malloc memory. */
#include "tui/secret.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "tui/i18n.h"

#define SECRET_MAX 1024

static int tty_fd = -1;
static struct termios tty_saved;

/* Restores the echo if the prompt is interrupted. */
static void on_signal(int sig)
{
	if (tty_fd >= 0)
		tcsetattr(tty_fd, TCSAFLUSH, &tty_saved);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Reads up to the first newline (or end) of fd into a new secret. */
static ds_status read_line(int fd, store_secret **out, const char *what,
                           ds_error *err)
{
	store_secret *buf = store_secret_new(SECRET_MAX);
	size_t n = 0;
	if (!buf)
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	for (;;) {
		unsigned char c;
		ssize_t r = read(fd, &c, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			store_secret_free(&buf);
			return ds_fail(err, DS_EINPUT, what,
			               N_("cannot read the passphrase: %s"),
			               strerror(errno));
		}
		if (r == 0 || c == '\n')
			break;
		if (n >= SECRET_MAX - 1) {
			store_secret_free(&buf);
			return ds_fail(err, DS_EINPUT, what,
			               N_("the passphrase is too long (at most 1000 bytes)"));
		}
		buf->p[n++] = c;
	}
	if (n && buf->p[n - 1] == '\r')
		n--;
	buf->p[n] = '\0';
	buf->len = n;
	*out = buf;
	return DS_OK;
}

static ds_status prompt_once(const char *prompt, store_secret **out,
                             ds_error *err)
{
	struct termios noecho;
	struct sigaction sa, old_int, old_term, old_hup;
	ds_status st;
	int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return ds_fail(err, DS_EUSAGE, "passphrase",
		               N_("no passphrase given: type it at a terminal, name a file in DOORSTEP_PASSPHRASE_FILE, or use --passphrase-fd N"));
	if (tcgetattr(fd, &tty_saved) != 0) {
		close(fd);
		return ds_fail(err, DS_EUSAGE, "passphrase",
		               N_("no passphrase given: type it at a terminal, name a file in DOORSTEP_PASSPHRASE_FILE, or use --passphrase-fd N"));
	}
	tty_fd = fd;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	sigaction(SIGHUP, &sa, &old_hup);
	noecho = tty_saved;
	noecho.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
	noecho.c_lflag |= ICANON;
	if (write(fd, prompt, strlen(prompt)) < 0) {
		/* the prompt is a courtesy; reading still works */
	}
	tcsetattr(fd, TCSAFLUSH, &noecho);
	st = read_line(fd, out, "passphrase", err);
	tcsetattr(fd, TCSAFLUSH, &tty_saved);
	if (write(fd, "\n", 1) < 0) {
		/* nothing to do */
	}
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	sigaction(SIGHUP, &old_hup, NULL);
	tty_fd = -1;
	close(fd);
	return st;
}

/* Whether file is in the credentials folder systemd made for this
 * service (LoadCredential=, $CREDENTIALS_DIRECTORY): systemd keeps it
 * from every other user, but newer versions leave the file root's, with
 * an access list for the service's user, so it looks open to the group. */
static bool in_credentials(const char *file)
{
	const char *dir = getenv("CREDENTIALS_DIRECTORY");
	char real_dir[PATH_MAX], real_file[PATH_MAX];
	size_t n;
	if (!dir || !*dir || !realpath(dir, real_dir) || !realpath(file, real_file))
		return false;
	n = strlen(real_dir);
	return !strncmp(real_file, real_dir, n) && real_file[n] == '/' &&
	       !strchr(real_file + n + 1, '/');
}

/* A passphrase file must be the user's own and open to no one else, as
 * ssh asks of a private key: a file others can read gives the passphrase
 * away, one others can write lets them choose it. Refused with how to fix
 * it (exit 1, bad input: the file is what is wrong). */
static ds_status private_file(int fd, const char *file, const char *env,
                              ds_error *err)
{
	struct stat sb;
	if (fstat(fd, &sb) != 0)
		return ds_fail(err, DS_EINPUT, env,
		               N_("cannot open the passphrase file %s: %s"), file,
		               strerror(errno));
	if (in_credentials(file) && (sb.st_uid == geteuid() || sb.st_uid == 0) &&
	    !(sb.st_mode & (S_IWGRP | S_IWOTH)))
		return DS_OK;
	if (sb.st_uid != geteuid())
		return ds_fail(err, DS_EINPUT, env,
		               N_("%s belongs to another user; use a file of your own that only you can read (chmod 600)"),
		               file);
	if (sb.st_mode & (S_IRGRP | S_IROTH))
		return ds_fail(err, DS_EINPUT, env,
		               N_("%s is readable by others; run chmod 600 %s"), file,
		               file);
	if (sb.st_mode & (S_IWGRP | S_IWOTH))
		return ds_fail(err, DS_EINPUT, env,
		               N_("%s can be changed by others; run chmod 600 %s"),
		               file, file);
	return DS_OK;
}

ds_status secret_read(const secret_source *src, store_secret **out,
                      ds_error *err)
{
	const char *file = src->file_env ? getenv(src->file_env) : NULL;
	ds_status st;
	*out = NULL;
	if (src->fd >= 0)
		return read_line(src->fd, out,
		                 src->fd_option ? src->fd_option : "--passphrase-fd",
		                 err);
	if (file && *file) {
		int fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			return ds_fail(err, DS_EINPUT, src->file_env,
			               N_("cannot open the passphrase file %s: %s"),
			               file, strerror(errno));
		if (!(st = private_file(fd, file, src->file_env, err)))
			st = read_line(fd, out, src->file_env, err);
		close(fd);
		return st;
	}
	if ((st = prompt_once(src->prompt, out, err)))
		return st;
	if (src->confirm) {
		store_secret *again = NULL;
		if ((st = prompt_once(_("Type it again: "), &again, err))) {
			store_secret_free(out);
			return st;
		}
		if ((*out)->len != again->len ||
		    memcmp((*out)->p, again->p, again->len) != 0) {
			store_secret_free(out);
			store_secret_free(&again);
			return ds_fail(err, DS_EINPUT, "passphrase",
			               N_("the two passphrases differ; nothing was changed"));
		}
		store_secret_free(&again);
	}
	return DS_OK;
}
