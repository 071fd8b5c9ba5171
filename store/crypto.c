/* crypto.c — libsodium wrappers for the store. */
#include "crypto.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#define SEAL_VERSION 1

static const char kdf_context[crypto_kdf_CONTEXTBYTES] = {'d', 'o', 'o', 'r',
                                                          's', 't', 'e', 'p'};

/* libsodium's own generator: ChaCha20 keyed from the kernel and rekeyed
 * after fork, instead of a getrandom() system call for every nonce (about
 * 5% of an import). Must be chosen before sodium_init. */
static int init_sodium(void)
{
	static int done;
	if (!done) {
		randombytes_set_implementation(&randombytes_internal_implementation);
		done = 1;
	}
	return sodium_init();
}

ds_status store_crypto_init(void)
{
	if (init_sodium() < 0)
		return ds_fail(NULL, DS_ESYSTEM, "",
		               N_("the encryption library could not start"));
	return DS_OK;
}

store_secret *store_secret_new(size_t len)
{
	store_secret *s;
	if (init_sodium() < 0) /* idempotent; guarded memory needs it */
		return NULL;
	s = malloc(sizeof(*s));
	if (!s)
		return NULL;
	s->p = sodium_malloc(len ? len : 1);
	if (!s->p) {
		free(s);
		return NULL;
	}
	sodium_memzero(s->p, len ? len : 1);
	s->len = len;
	return s;
}

void store_secret_free(store_secret **s)
{
	if (!s || !*s)
		return;
	sodium_free((*s)->p); /* wipes before freeing */
	free(*s);
	*s = NULL;
}

/* Argon2id runs in a child process: its 64 MiB are the child's and go
 * with it, so the program that goes on (the terminal interface with a
 * whole caseload in memory) stays small. The key comes back through a
 * pipe into guarded memory. If the child cannot be made, it runs here.
 * The child dies with its parent: a killed doorstep must not leave an
 * Argon2id running on for minutes (slot parameters raised by someone who
 * could write the file made one run for an hour). */
static int kdf_direct(unsigned char *out, const store_secret *pass,
                      const unsigned char *salt, uint64_t ops, uint64_t mem)
{
	return crypto_pwhash(out, STORE_KEY_BYTES, (const char *)pass->p,
	                     pass->len, salt, ops, (size_t)mem,
	                     crypto_pwhash_ALG_ARGON2ID13);
}

ds_status store_kdf(unsigned char out[STORE_KEY_BYTES], const store_secret *pass,
                    const unsigned char salt[STORE_SALT_BYTES],
                    uint64_t opslimit, uint64_t memlimit)
{
	int fd[2], status;
	pid_t pid, parent = getpid();
	size_t got = 0;
	if (memlimit < STORE_KDF_MIN_MEMLIMIT || opslimit < 1 ||
	    opslimit > crypto_pwhash_OPSLIMIT_MAX ||
	    memlimit > crypto_pwhash_MEMLIMIT_MAX)
		return DS_EDAMAGED;
	if (pipe(fd) != 0)
		return kdf_direct(out, pass, salt, opslimit, memlimit) ? DS_ESYSTEM
		                                                       : DS_OK;
	pid = fork();
	if (pid < 0) {
		close(fd[0]);
		close(fd[1]);
		return kdf_direct(out, pass, salt, opslimit, memlimit) ? DS_ESYSTEM
		                                                       : DS_OK;
	}
	if (pid == 0) {
		unsigned char key[STORE_KEY_BYTES];
		ssize_t w = -1;
		/* killed when the parent dies; if it died before this line ran,
		 * the child has been handed to another process already */
		if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0 ||
		    getppid() != parent)
			_exit(1);
		close(fd[0]);
		if (kdf_direct(key, pass, salt, opslimit, memlimit) == 0)
			w = write(fd[1], key, sizeof(key));
		sodium_memzero(key, sizeof(key));
		_exit(w == (ssize_t)sizeof(key) ? 0 : 1);
	}
	close(fd[1]);
	while (got < STORE_KEY_BYTES) {
		ssize_t r = read(fd[0], out + got, STORE_KEY_BYTES - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		got += (size_t)r;
	}
	close(fd[0]);
	/* a read that failed leaves the child working for nothing: stop it
	 * before waiting (harmless when it has exited already: it is not
	 * reaped yet, so its pid is still its own) */
	if (got != STORE_KEY_BYTES)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			status = -1; /* no such child: treated as a failure */
			break;
		}
	}
	if (got != STORE_KEY_BYTES || status == -1 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		sodium_memzero(out, STORE_KEY_BYTES);
		return DS_ESYSTEM; /* out of memory in the child */
	}
	return DS_OK;
}

ds_status store_seal(unsigned char **out, size_t *outlen, const void *plain,
                     size_t len, const char *ad,
                     const unsigned char key[STORE_KEY_BYTES])
{
	size_t n = len + STORE_SEAL_OVERHEAD;
	unsigned char *buf = malloc(n);
	unsigned long long clen;
	if (!buf)
		return DS_ESYSTEM;
	buf[0] = SEAL_VERSION;
	store_random(buf + 1, crypto_aead_xchacha20poly1305_ietf_NPUBBYTES);
	crypto_aead_xchacha20poly1305_ietf_encrypt(
	        buf + 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES, &clen,
	        plain, len, (const unsigned char *)ad, strlen(ad), NULL,
	        buf + 1, key);
	*out = buf;
	*outlen = 1 + crypto_aead_xchacha20poly1305_ietf_NPUBBYTES + clen;
	return DS_OK;
}

ds_status store_unseal(unsigned char **out, size_t *outlen,
                       const unsigned char *sealed, size_t sealedlen,
                       const char *ad,
                       const unsigned char key[STORE_KEY_BYTES])
{
	unsigned char *buf;
	unsigned long long mlen;
	const size_t nb = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
	if (!sealed || sealedlen < STORE_SEAL_OVERHEAD || sealed[0] != SEAL_VERSION)
		return DS_EDAMAGED;
	buf = malloc(sealedlen - STORE_SEAL_OVERHEAD + 1);
	if (!buf)
		return DS_ESYSTEM;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(
	            buf, &mlen, NULL, sealed + 1 + nb, sealedlen - 1 - nb,
	            (const unsigned char *)ad, strlen(ad), sealed + 1, key) != 0) {
		free(buf);
		return DS_EDAMAGED;
	}
	buf[mlen] = '\0';
	*out = buf;
	*outlen = (size_t)mlen;
	return DS_OK;
}

void store_subkey(unsigned char out[STORE_KEY_BYTES], uint64_t id,
                  const unsigned char master[STORE_KEY_BYTES])
{
	crypto_kdf_derive_from_key(out, STORE_KEY_BYTES, id, kdf_context, master);
}

void store_blind(unsigned char out[STORE_BLIND_BYTES], const char *idnum,
                 const unsigned char key[STORE_KEY_BYTES])
{
	crypto_generichash(out, STORE_BLIND_BYTES, (const unsigned char *)idnum,
	                   strlen(idnum), key, STORE_KEY_BYTES);
}

/* ---- the random source ------------------------------------------------------
 * Nonces, salts and ids come from a ChaCha20 key stream of this process,
 * keyed once from libsodium's generator and taken in blocks, instead of a
 * call into libsodium (and its getpid()) for every few bytes: an import
 * takes three a household. Each block's first 32 bytes key the next
 * block and are wiped (fast key erasure: what was handed out cannot be
 * recomputed from memory later). A forked child starts from a new key
 * (pthread_atfork; libsodium's generator stirred first), so parent and
 * child never hand out the same bytes;
 * the state is wiped at exit. One lock: the county server draws from
 * several threads. */
#define RANDOM_BLOCK 1024

static struct {
	unsigned char key[crypto_stream_chacha20_KEYBYTES];
	unsigned char block[RANDOM_BLOCK];
	size_t used; /* of block; RANDOM_BLOCK: empty */
	bool keyed;
	bool forked; /* a child: libsodium's generator must be stirred first */
} rnd = {.used = RANDOM_BLOCK};
static pthread_mutex_t rnd_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t rnd_once = PTHREAD_ONCE_INIT;

static void rnd_forget(void)
{
	sodium_memzero(&rnd, sizeof(rnd));
	rnd.used = RANDOM_BLOCK;
	rnd.keyed = false;
}

static void rnd_prepare(void)
{
	pthread_mutex_lock(&rnd_lock);
}

static void rnd_parent(void)
{
	pthread_mutex_unlock(&rnd_lock);
}

/* the child's one thread is the one that forked: the lock is its own */
static void rnd_child(void)
{
	rnd_forget();
	rnd.forked = true;
	pthread_mutex_unlock(&rnd_lock);
}

static void rnd_exit(void)
{
	pthread_mutex_lock(&rnd_lock);
	rnd_forget();
	pthread_mutex_unlock(&rnd_lock);
}

static void rnd_setup(void)
{
	pthread_atfork(rnd_prepare, rnd_parent, rnd_child);
	atexit(rnd_exit);
	/* best effort: the state stays out of swap */
	sodium_mlock(&rnd, sizeof(rnd));
}

static void rnd_refill(void)
{
	static const unsigned char nonce[crypto_stream_chacha20_NONCEBYTES];
	if (!rnd.keyed) {
		/* libsodium's own generator aborts in a forked child that
		 * has not stirred it (its pid check) */
		if (rnd.forked)
			randombytes_stir();
		rnd.forked = false;
		randombytes_buf(rnd.key, sizeof(rnd.key));
		rnd.keyed = true;
	}
	/* a fresh key for every block: the nonce may stay fixed */
	crypto_stream_chacha20(rnd.block, sizeof(rnd.block), nonce, rnd.key);
	memcpy(rnd.key, rnd.block, sizeof(rnd.key));
	sodium_memzero(rnd.block, sizeof(rnd.key));
	rnd.used = sizeof(rnd.key);
}

void store_random(void *buf, size_t len)
{
	unsigned char *out = buf;
	pthread_once(&rnd_once, rnd_setup);
	pthread_mutex_lock(&rnd_lock);
	if (len > RANDOM_BLOCK / 2) { /* rare and large: straight from libsodium */
		if (rnd.forked)
			randombytes_stir();
		rnd.forked = false;
		randombytes_buf(buf, len);
		pthread_mutex_unlock(&rnd_lock);
		return;
	}
	while (len) {
		size_t n;
		if (rnd.used == RANDOM_BLOCK)
			rnd_refill();
		n = RANDOM_BLOCK - rnd.used;
		if (n > len)
			n = len;
		memcpy(out, rnd.block + rnd.used, n);
		sodium_memzero(rnd.block + rnd.used, n);
		rnd.used += n;
		out += n;
		len -= n;
	}
	pthread_mutex_unlock(&rnd_lock);
}

void store_hex(char *out, const unsigned char *bin, size_t len)
{
	sodium_bin2hex(out, len * 2 + 1, bin, len);
}

bool store_unhex(unsigned char *out, size_t len, const char *hex)
{
	size_t got;
	const char *end;
	if (!hex || strlen(hex) != len * 2)
		return false;
	return sodium_hex2bin(out, len, hex, len * 2, NULL, &got, &end) == 0 &&
	       got == len && *end == '\0';
}

size_t store_b64_len(size_t len)
{
	return sodium_base64_ENCODED_LEN(len, sodium_base64_VARIANT_ORIGINAL);
}

void store_b64(char *out, size_t outlen, const unsigned char *bin, size_t len)
{
	sodium_bin2base64(out, outlen, bin, len, sodium_base64_VARIANT_ORIGINAL);
}

bool store_unb64(unsigned char *out, size_t len, const char *b64)
{
	size_t got;
	const char *end;
	if (!b64)
		return false;
	/* libsodium 1.0.18 reads some bytes outside the alphabet as digits:
	 * only the alphabet and padding are base64 here */
	for (const char *c = b64; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || *c == '+' || *c == '/' || *c == '='))
			return false;
	return sodium_base642bin(out, len, b64, strlen(b64), NULL, &got, &end,
	                         sodium_base64_VARIANT_ORIGINAL) == 0 &&
	       got == len && *end == '\0';
}

void store_wipe(void *p, size_t len)
{
	sodium_memzero(p, len);
}
