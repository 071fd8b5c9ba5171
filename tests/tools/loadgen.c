/* loadgen.c — test tool: many clients of doorstep-county serve at once.
 * One thread a bundle file POSTs it to /bundle (as a laptop's push does,
 * trying again with backoff when the connection is refused or cut or the
 * answer is 503); BROWSERS threads are office users at the web console:
 * each logs in (GET /login for the ds_login cookie and the form's csrf
 * field, POST /login, a 303 with a ds_session cookie) as USER_PREFIX
 * followed by its number (1..BROWSERS) with the password in
 * PASSWORD_FILE, then walks the console's pages — /, /households, one
 * household's page (an ID taken from that list, when it has one), /roll,
 * /budget, /laptops, /audit — and /ping, a round ROUNDS times and on, a
 * round every 20 ms, until every push has ended. All start together.
 * A page counts as ok only when answered 200: a 303 (to /login: the
 * session was lost) or anything else is a failure, reported on stderr,
 * and the browser logs in again. Every request is timed from connect to
 * the end of its answer, on a fresh connection (a request that gets no
 * answer within 60 s counts as unanswered).
 * Prints a line a kind, then a line a console page:
 *   bundles N answered A ok K tries T max_ms M
 *   login N answered A ok K max_ms M
 *   console N answered A ok K max_ms M
 *   ping N answered A ok K max_ms M
 *   over BOUND_S: X
 *   page PATH N answered A ok K max_ms M
 * ok: answered 200 (a login: 303 with a session); tries: connections in
 * all (N when none was tried again). Exit 0 when every request was
 * answered ok and none took longer than BOUND_S seconds, else 1; 2 for
 * wrong use.
 *   loadgen HOST PORT BOUND_S BROWSERS ROUNDS USER_PREFIX PASSWORD_FILE
 *           [BUNDLE_FILE...] */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static struct sockaddr_in to;
static double bound_s;
static pthread_barrier_t go;

typedef struct {
	atomic_int n, answered, ok, tries, over;
	atomic_long max_ms;
} tally;

static tally bundles, login, console, ping;
static atomic_int pushing;

/* the console's pages a browser walks, in order; HOUSEHOLD is the one
 * whose path is made from the list's first page */
#define PAGE_LIST(X) \
	X(HOME, "/")                   \
	X(HOUSEHOLDS, "/households")   \
	X(HOUSEHOLD, "/household/ID")  \
	X(ROLL, "/roll")               \
	X(BUDGET, "/budget")           \
	X(LAPTOPS, "/laptops")         \
	X(AUDIT, "/audit")
#define PAGE_ENUM(e, path) PAGE_##e,
enum { PAGE_LIST(PAGE_ENUM) PAGE_COUNT };
#define PAGE_PATH(e, path) path,
static const char *const page_path[] = {PAGE_LIST(PAGE_PATH)};
static tally pages[PAGE_COUNT];

static char base[128];
static const char *user_prefix;
static char password[256];
static atomic_int complaints;
static int rounds_at_least;

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void note(tally *t, double took, int status)
{
	long ms = (long)(took * 1000);
	long m = atomic_load(&t->max_ms);
	while (ms > m && !atomic_compare_exchange_weak(&t->max_ms, &m, ms))
		;
	if (status > 0)
		atomic_fetch_add(&t->answered, 1);
	if (status == 200 || (t == &login && status == 303))
		atomic_fetch_add(&t->ok, 1);
	if (took > bound_s)
		atomic_fetch_add(&t->over, 1);
}

/* One request on a fresh connection: the HTTP status, 0 for none (refused,
 * cut, or no answer within 60 s). */
static int request(const char *head, const unsigned char *body, size_t len, double *took)
{
	double t0 = now();
	int fd = socket(AF_INET, SOCK_STREAM, 0), status = 0;
	char buf[4096], first[64] = "";
	size_t have = 0, sent = 0;
	*took = 0;
	if (fd < 0)
		return 0;
	if (connect(fd, (struct sockaddr *)&to, sizeof(to)) ||
	    send(fd, head, strlen(head), MSG_NOSIGNAL) < 0)
		goto done;
	while (sent < len) {
		ssize_t w = send(fd, body + sent, len - sent, MSG_NOSIGNAL);
		if (w <= 0)
			goto done;
		sent += (size_t)w;
	}
	for (;;) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t r;
		if (poll(&p, 1, 60000) <= 0)
			goto done;
		r = recv(fd, buf, sizeof(buf), 0);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			if (!first[0])
				goto done;
			break;
		}
		if (r == 0)
			break;
		if (have + 1 < sizeof(first)) {
			size_t k = (size_t)r < sizeof(first) - 1 - have ? (size_t)r
			                                                 : sizeof(first) - 1 - have;
			memcpy(first + have, buf, k);
			have += k;
			first[have] = '\0';
		}
	}
	if (!strncmp(first, "HTTP/1.", 7) && strlen(first) >= 12)
		status = atoi(first + 9);
done:
	close(fd);
	*took = now() - t0;
	return status;
}

static void *push(void *arg)
{
	const char *path = arg;
	FILE *f = fopen(path, "rb");
	unsigned char *body = NULL;
	long len = 0;
	char head[256];
	double took = 0, delay = 0.2;
	int status = 0;
	if (f && fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (body = malloc((size_t)len + 1)) &&
	    fread(body, 1, (size_t)len, f) != (size_t)len)
		len = -1;
	if (f)
		fclose(f);
	atomic_fetch_add(&bundles.n, 1);
	pthread_barrier_wait(&go);
	if (!body || len < 0) {
		fprintf(stderr, "loadgen: %s: cannot be read\n", path);
		note(&bundles, 0, 0);
		atomic_fetch_sub(&pushing, 1);
		free(body);
		return NULL;
	}
	snprintf(head, sizeof(head),
	         "POST /bundle HTTP/1.1\r\nHost: county\r\nConnection: close\r\n"
	         "Content-Type: application/octet-stream\r\nContent-Length: %ld\r\n\r\n",
	         len);
	for (int attempt = 0; attempt < 8; attempt++) {
		atomic_fetch_add(&bundles.tries, 1);
		status = request(head, body, (size_t)len, &took);
		if (status && status != 503)
			break;
		usleep((useconds_t)((delay + (rand() % 100) * delay / 100) * 1e6));
		delay *= 2;
	}
	note(&bundles, took, status);
	atomic_fetch_sub(&pushing, 1);
	if (status != 200)
		fprintf(stderr, "loadgen: %s: HTTP %d\n", path, status);
	free(body);
	return NULL;
}

/* What a browser holds: its curl handle (with its cookie jar) and the
 * last answer's body. */
typedef struct {
	CURL *c;
	char *body;
	size_t len, cap;
	unsigned seed;
	int n;
} browser;

static size_t keep(char *p, size_t size, size_t n, void *arg)
{
	browser *b = arg;
	size_t k = size * n;
	if (b->len + k + 1 > b->cap) {
		size_t cap = (b->len + k + 1) * 2;
		char *q = realloc(b->body, cap);
		if (!q)
			return 0;
		b->body = q;
		b->cap = cap;
	}
	memcpy(b->body + b->len, p, k);
	b->len += k;
	b->body[b->len] = '\0';
	return k;
}

static void complain(const browser *b, const char *what, long status)
{
	if (atomic_fetch_add(&complaints, 1) < 20)
		fprintf(stderr, "loadgen: browser %d: %s: HTTP %ld\n", b->n, what, status);
}

/* One request of browser B on a fresh connection (a POST when FORM is
 * not NULL): the HTTP status, 0 for none; the body in b->body. */
static long fetch(browser *b, const char *path, const char *form, double *took)
{
	char url[256];
	long status = 0;
	double t0 = now();
	snprintf(url, sizeof(url), "%s%s", base, path);
	b->len = 0;
	if (b->body)
		b->body[0] = '\0';
	curl_easy_setopt(b->c, CURLOPT_URL, url);
	if (form)
		curl_easy_setopt(b->c, CURLOPT_POSTFIELDS, form);
	else
		curl_easy_setopt(b->c, CURLOPT_HTTPGET, 1L);
	if (curl_easy_perform(b->c) == CURLE_OK)
		curl_easy_getinfo(b->c, CURLINFO_RESPONSE_CODE, &status);
	*took = now() - t0;
	return status;
}

/* Whether the cookie jar holds a cookie NAME. */
static bool has_cookie(CURL *c, const char *name)
{
	struct curl_slist *list = NULL;
	bool found = false;
	size_t n = strlen(name);
	if (curl_easy_getinfo(c, CURLINFO_COOKIELIST, &list) != CURLE_OK)
		return false;
	/* Netscape format: domain, flag, path, secure, expiry, name, value */
	for (struct curl_slist *l = list; l && !found; l = l->next) {
		const char *f = l->data;
		for (int tab = 0; tab < 5 && f; tab++)
			if ((f = strchr(f, '\t')))
				f++;
		found = f && !strncmp(f, name, n) && f[n] == '\t';
	}
	curl_slist_free_all(list);
	return found;
}

/* The login form, then its POST: whether a session was opened. Both
 * requests are timed as one login. */
static bool log_in(browser *b)
{
	char user[64], form[1024], token[129] = "";
	double t1 = 0, t2 = 0;
	long st;
	const char *at;
	char *u, *pw;
	curl_easy_setopt(b->c, CURLOPT_COOKIELIST, "ALL");
	atomic_fetch_add(&login.n, 1);
	st = fetch(b, "/login", NULL, &t1);
	if (st == 200 && (at = strstr(b->body, "name=\"csrf\" value=\""))) {
		at += strlen("name=\"csrf\" value=\"");
		size_t k = strspn(at, "0123456789abcdef");
		if (k < sizeof(token)) {
			memcpy(token, at, k);
			token[k] = '\0';
		}
	}
	if (!token[0]) {
		note(&login, t1, st > 0 ? 1 : 0); /* answered, not ok */
		complain(b, "GET /login (no csrf field)", st);
		return false;
	}
	snprintf(user, sizeof(user), "%s%d", user_prefix, b->n);
	u = curl_easy_escape(b->c, user, 0);
	pw = curl_easy_escape(b->c, password, 0);
	snprintf(form, sizeof(form), "csrf=%s&name=%s&password=%s", token, u ? u : "",
	         pw ? pw : "");
	curl_free(u);
	curl_free(pw);
	st = fetch(b, "/login", form, &t2);
	bool in = st == 303 && has_cookie(b->c, "ds_session");
	note(&login, t1 + t2, in ? 303 : st > 0 ? 1 : 0);
	if (!in)
		complain(b, st == 303 ? "POST /login (303 without a session)" : "POST /login", st);
	return in;
}

/* A household's ID (as the link has it: URL-escaped) from the list's
 * page in b->body, one of the first few at random; "" when the list is
 * empty. */
static void pick_household(browser *b, char *id, size_t size)
{
	const char *ids[32], *p = b->body ? b->body : "";
	int n = 0;
	id[0] = '\0';
	while (n < 32 && (p = strstr(p, "href=\"/household/"))) {
		p += strlen("href=\"/household/");
		ids[n++] = p;
	}
	if (n) {
		p = ids[rand_r(&b->seed) % (unsigned)n];
		size_t k = strcspn(p, "\"<> ");
		if (k && k < size) {
			memcpy(id, p, k);
			id[k] = '\0';
		}
	}
}

static void *browse(void *arg)
{
	browser b = {.n = *(int *)arg, .seed = (unsigned)*(int *)arg};
	double took;
	bool in = false, seen = false;
	char id[32] = "", path[64];
	b.c = curl_easy_init();
	pthread_barrier_wait(&go);
	if (!b.c) {
		fprintf(stderr, "loadgen: browser %d: no curl handle\n", b.n);
		atomic_fetch_add(&login.n, 1);
		note(&login, 0, 0);
		return NULL;
	}
	curl_easy_setopt(b.c, CURLOPT_COOKIEFILE, "");
	curl_easy_setopt(b.c, CURLOPT_WRITEFUNCTION, keep);
	curl_easy_setopt(b.c, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(b.c, CURLOPT_TIMEOUT, 60L);
	curl_easy_setopt(b.c, CURLOPT_FORBID_REUSE, 1L);
	curl_easy_setopt(b.c, CURLOPT_NOSIGNAL, 1L);
	/* ROUNDS rounds at least, on while pushes go on, and (at most 50
	 * rounds more) until it has seen one household's page */
	for (int i = 0; i < rounds_at_least || atomic_load(&pushing) > 0 ||
	                (!seen && i < rounds_at_least + 50);
	     i++) {
		long st;
		if (i)
			usleep(20000);
		if (!in && !(in = log_in(&b))) {
			usleep(200000);
			continue;
		}
		for (int k = 0; k < PAGE_COUNT && in; k++) {
			const char *pp = page_path[k];
			if (k == PAGE_HOUSEHOLD) {
				if (!id[0])
					continue;
				snprintf(path, sizeof(path), "/household/%s", id);
				pp = path;
			}
			atomic_fetch_add(&pages[k].n, 1);
			atomic_fetch_add(&console.n, 1);
			st = fetch(&b, pp, NULL, &took);
			note(&pages[k], took, (int)st);
			note(&console, took, (int)st);
			if (st != 200) {
				complain(&b, pp, st);
				/* a 303 to /login: the session was lost; log in again */
				in = st != 303;
			}
			if (k == PAGE_HOUSEHOLDS && st == 200)
				pick_household(&b, id, sizeof(id));
			if (k == PAGE_HOUSEHOLD && st == 200)
				seen = true;
		}
		atomic_fetch_add(&ping.n, 1);
		st = fetch(&b, "/ping", NULL, &took);
		note(&ping, took, (int)st);
	}
	curl_easy_cleanup(b.c);
	free(b.body);
	return NULL;
}

static void show(const char *kind, const char *path, tally *t, bool tries)
{
	printf("%s%s%s %d answered %d ok %d", kind, path ? " " : "", path ? path : "",
	       atomic_load(&t->n), atomic_load(&t->answered), atomic_load(&t->ok));
	if (tries)
		printf(" tries %d", atomic_load(&t->tries));
	printf(" max_ms %ld\n", atomic_load(&t->max_ms));
}

static bool all_ok(tally *t)
{
	return atomic_load(&t->ok) == atomic_load(&t->n) && !atomic_load(&t->over);
}

int main(int argc, char **argv)
{
	int browsers, nb, n, *num;
	pthread_t *th;
	struct rlimit rl;
	FILE *pf;
	if (argc < 8) {
		fprintf(stderr, "usage: loadgen HOST PORT BOUND_S BROWSERS ROUNDS USER_PREFIX "
		                "PASSWORD_FILE [BUNDLE_FILE...]\n");
		return 2;
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)atoi(argv[2]));
	bound_s = atof(argv[3]);
	browsers = atoi(argv[4]);
	rounds_at_least = atoi(argv[5]);
	user_prefix = argv[6];
	nb = argc - 8;
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1 || bound_s <= 0 || browsers < 0 ||
	    rounds_at_least < 0 || strlen(argv[1]) > 64 || strlen(user_prefix) > 32) {
		fprintf(stderr, "loadgen: bad address or number\n");
		return 2;
	}
	snprintf(base, sizeof(base), "http://%s:%s", argv[1], argv[2]);
	if (!(pf = fopen(argv[7], "r")) || !fgets(password, sizeof(password), pf)) {
		fprintf(stderr, "loadgen: %s: cannot be read\n", argv[7]);
		return 2;
	}
	fclose(pf);
	password[strcspn(password, "\r\n")] = '\0';
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 1;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)(nb + browsers + 64)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	srand((unsigned)getpid());
	n = nb + browsers;
	atomic_init(&pushing, nb);
	if (!(th = calloc((size_t)n + 1, sizeof(*th))) ||
	    !(num = calloc((size_t)browsers + 1, sizeof(*num))) ||
	    pthread_barrier_init(&go, NULL, (unsigned)n + 1))
		return 1;
	for (int i = 0; i < nb; i++)
		if (pthread_create(&th[i], NULL, push, argv[8 + i]))
			return 1;
	for (int i = 0; i < browsers; i++) {
		num[i] = i + 1;
		if (pthread_create(&th[nb + i], NULL, browse, &num[i]))
			return 1;
	}
	pthread_barrier_wait(&go);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	show("bundles", NULL, &bundles, true);
	show("login", NULL, &login, false);
	show("console", NULL, &console, false);
	show("ping", NULL, &ping, false);
	printf("over %g: %d\n", bound_s,
	       atomic_load(&bundles.over) + atomic_load(&login.over) +
	           atomic_load(&console.over) + atomic_load(&ping.over));
	for (int k = 0; k < PAGE_COUNT; k++)
		show("page", page_path[k], &pages[k], false);
	free(th);
	free(num);
	curl_global_cleanup();
	return all_ok(&bundles) && all_ok(&login) && all_ok(&console) && all_ok(&ping) ? 0 : 1;
}
