/* secret.h — where passphrases come from: a prompt without echo, the file
 * named by DOORSTEP_PASSPHRASE_FILE (DOORSTEP_NEW_PASSPHRASE_FILE for a new
 * one), or a file descriptor (--passphrase-fd / --new-passphrase-fd).
 * Never the command line. A file must be the user's own, mode 0600 or
 * tighter. */
#ifndef TUI_SECRET_H
#define TUI_SECRET_H

#include <stdbool.h>

#include "core/status.h"
#include "store/crypto.h"

typedef struct {
	int fd;            /* -1 when not given */
	const char *fd_option; /* its option, for messages */
	const char *file_env; /* the environment variable naming a file */
	const char *prompt;   /* translated prompt for a terminal */
	bool confirm;         /* ask twice at a terminal */
} secret_source;

/* Reads one passphrase (its first line) into guarded memory. */
ds_status secret_read(const secret_source *src, store_secret **out,
                      ds_error *err);

#endif
