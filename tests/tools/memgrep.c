/* memgrep.c — looks for strings in another process's memory, for the idle
 * lock's test (t_tui_lock.sh): every mapping in /proc/PID/maps is read
 * through /proc/PID/mem (as root, or as a tracer of the process), and each
 * string is searched in the forms a program keeps text in:
 *   utf-8    the bytes as they are;
 *   wchar_t  one 32-bit character after another;
 *   keys     one 32-bit int per byte (curses' queue of keys read);
 *   cells    curses' screens: one character per cchar_t, a wide (Chinese)
 *            character taking two cells.
 *
 *   memgrep PID STRING...
 *   memgrep PID -f FILE      (the strings one a line)
 *
 * Prints one line per place found ("found STRING utf-8 at ADDR in NAME",
 * at most five for one string and form, then the count) and exits 0 when
 * any string was found, 1 when none was, 2 when the memory could not be
 * read at all. Memory is read once whatever the number of strings: each
 * position's first four bytes are looked up in a table of the strings'.
 * A mapping over 4 GiB is skipped with a word on stderr: it is a
 * sanitizer's shadow or allocator space, terabytes reserved, and reading
 * it would make the kernel build page tables for all of it (the machine
 * runs out of memory). So under ASan the heap is not read: the lock's
 * test checks memory only in an ordinary build. */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

#define CHUNK (4u << 20)
#define MAX_SHOWN 5
#define BUCKETS 4096
#define MAX_MAPPING (4ul << 30)

typedef struct needle needle;
struct needle {
	const char *shown;   /* as given */
	const char *form;    /* "utf-8", "wchar_t", "keys" or "cells" */
	unsigned char *bytes;
	size_t len;          /* bytes from the first to the end of the last */
	/* cells: each character's value and its offset from the first one */
	wchar_t *chars;
	size_t *at, nchars;
	size_t hits;
	needle *next;        /* in the same bucket */
};

static needle *table[BUCKETS];
static size_t longest = 4;

static uint32_t first4(const unsigned char *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static size_t bucket(uint32_t v)
{
	return (v * 2654435761u) >> 20 & (BUCKETS - 1);
}

static void put(needle *k)
{
	needle *n = malloc(sizeof(*n));
	size_t b;
	if (!n) {
		perror("memgrep");
		exit(2);
	}
	*n = *k;
	b = bucket(first4(n->bytes));
	n->next = table[b];
	table[b] = n;
	if (n->len > longest)
		longest = n->len;
}

/* A string in every form; strings shorter than 4 bytes are not looked for
 * (they would be found everywhere). */
static void add(const char *s)
{
	size_t blen = strlen(s), wlen = mbstowcs(NULL, s, 0);
	int32_t *keys;
	if (blen < 4) {
		fprintf(stderr, "memgrep: \"%s\" is too short to look for\n", s);
		exit(2);
	}
	put(&(needle){.shown = s, .form = "utf-8", .bytes = (unsigned char *)s,
	              .len = blen});
	if (!(keys = calloc(blen, sizeof(*keys))))
		exit(2);
	for (size_t i = 0; i < blen; i++)
		keys[i] = (unsigned char)s[i];
	put(&(needle){.shown = s, .form = "keys", .bytes = (unsigned char *)keys,
	              .len = blen * sizeof(*keys)});
	if (wlen != (size_t)-1 && wlen > 0) {
		wchar_t *w = calloc(wlen + 1, sizeof(*w));
		size_t *at = calloc(wlen, sizeof(*at)), off = 0;
		if (!w || !at)
			exit(2);
		mbstowcs(w, s, wlen + 1);
		put(&(needle){.shown = s, .form = "wchar_t",
		              .bytes = (unsigned char *)w, .len = wlen * sizeof(*w)});
		for (size_t i = 0; i < wlen; i++) {
			int cw = wcwidth(w[i]);
			at[i] = off;
			off += sizeof(cchar_t) * (size_t)(cw > 1 ? cw : 1);
		}
		put(&(needle){.shown = s, .form = "cells", .bytes = (unsigned char *)w,
		              .len = at[wlen - 1] + sizeof(wchar_t), .chars = w,
		              .at = at, .nchars = wlen});
	}
}

static int is_at(const needle *k, const unsigned char *p)
{
	if (!k->chars)
		return !memcmp(p, k->bytes, k->len);
	for (size_t i = 0; i < k->nchars; i++)
		if (memcmp(p + k->at[i], &k->chars[i], sizeof(wchar_t)))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	char path[64], line[4096];
	FILE *maps;
	int mem, readable = 0, any = 0;
	unsigned char *buf;

	if (argc < 3) {
		fprintf(stderr, "usage: memgrep PID STRING... | memgrep PID -f FILE\n");
		return 2;
	}
	setlocale(LC_ALL, "C.UTF-8");
	if (!strcmp(argv[2], "-f") && argc == 4) {
		FILE *f = fopen(argv[3], "r");
		char l[1024];
		if (!f) {
			fprintf(stderr, "memgrep: %s: %s\n", argv[3], strerror(errno));
			return 2;
		}
		while (fgets(l, sizeof(l), f)) {
			l[strcspn(l, "\n")] = '\0';
			if (l[0])
				add(strdup(l));
		}
		fclose(f);
	} else {
		for (int i = 2; i < argc; i++)
			add(argv[i]);
	}
	if (!(buf = malloc(CHUNK + longest)))
		return 2;

	snprintf(path, sizeof(path), "/proc/%s/maps", argv[1]);
	if (!(maps = fopen(path, "r"))) {
		fprintf(stderr, "memgrep: %s: %s\n", path, strerror(errno));
		return 2;
	}
	snprintf(path, sizeof(path), "/proc/%s/mem", argv[1]);
	if ((mem = open(path, O_RDONLY)) < 0) {
		fprintf(stderr, "memgrep: %s: %s\n", path, strerror(errno));
		return 2;
	}
	while (fgets(line, sizeof(line), maps)) {
		unsigned long lo, hi;
		char perms[8] = "", name[4096] = "";
		size_t carry = 0;
		if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %4095[^\n]", &lo, &hi,
		           perms, name) < 3)
			continue;
		/* the kernel's pages for fast system calls cannot be read */
		if (!strcmp(name, "[vvar]") || !strcmp(name, "[vsyscall]"))
			continue;
		if (hi - lo > MAX_MAPPING) {
			fprintf(stderr, "memgrep: skipped %lx-%lx (%lu GiB)\n", lo, hi,
			        (hi - lo) >> 30);
			continue;
		}
		for (unsigned long at = lo; at < hi;) {
			size_t want = hi - at < CHUNK ? hi - at : CHUNK;
			ssize_t got = pread(mem, buf + carry, want, (off_t)at);
			size_t have;
			if (got <= 0)
				break; /* an unreadable mapping (a guard page): skipped */
			readable = 1;
			have = carry + (size_t)got;
			for (size_t i = 0; i + 4 <= have; i++) {
				uint32_t v = first4(buf + i);
				for (needle *k = table[bucket(v)]; k; k = k->next) {
					/* a match wholly in the bytes carried over was
					 * counted with the chunk before; one that runs
					 * past the end is found with the next chunk */
					if (i + k->len > have || i + k->len <= carry ||
					    first4(k->bytes) != v || !is_at(k, buf + i))
						continue;
					if (k->hits++ < MAX_SHOWN)
						printf("found %s %s at 0x%lx in %s\n", k->shown,
						       k->form, at - carry + i,
						       name[0] ? name : "(anonymous)");
					any = 1;
				}
			}
			at += (unsigned long)got;
			/* keep the tail: a match may straddle two chunks */
			carry = have < longest - 1 ? have : longest - 1;
			memmove(buf, buf + have - carry, carry);
		}
	}
	fclose(maps);
	close(mem);
	for (size_t b = 0; b < BUCKETS; b++)
		for (needle *k = table[b]; k; k = k->next)
			if (k->hits > MAX_SHOWN)
				printf("found %s %s %zu times in all\n", k->shown, k->form,
				       k->hits);
	if (!readable) {
		fprintf(stderr, "memgrep: nothing of process %s could be read\n",
		        argv[1]);
		return 2;
	}
	return any ? 0 : 1;
}
