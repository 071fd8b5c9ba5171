/* loadgen.c — test tool: many clients of doorstep-county serve at once.
 * One thread a bundle file POSTs it to /bundle (as a laptop's push does,
 * trying again with backoff when the connection is refused or cut or the
 * answer is 503); BROWSERS threads each GET "/" (the console's path) and
 * then /ping, ROUNDS times, one after another. All start together.
 * The browsers go on, a round every 20 ms, until every push has ended.
 * Every request is timed from connect to the end of its answer (a
 * request that gets no answer within 60 s counts as unanswered).
 * Prints a line a kind:
 *   bundles N answered A ok K tries T max_ms M
 *   console N answered A max_ms M
 *   ping N answered A max_ms M
 *   over BOUND_S: X
 * ok: answered 200; tries: connections in all (N when none was tried
 * again). Exit 0 when every request was answered and none took longer
 * than BOUND_S seconds, else 1; 2 for wrong use.
 *   loadgen HOST PORT BOUND_S BROWSERS ROUNDS [BUNDLE_FILE...] */
#include <arpa/inet.h>
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

static tally bundles, console, ping;
static atomic_int pushing;

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
	if (status == 200)
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

static void *browse(void *arg)
{
	int rounds = *(int *)arg;
	double took;
	pthread_barrier_wait(&go);
	for (int i = 0; i < rounds || atomic_load(&pushing) > 0; i++) {
		int st;
		if (i)
			usleep(20000);
		atomic_fetch_add(&console.n, 1);
		st = request("GET / HTTP/1.1\r\nHost: county\r\nConnection: close\r\n\r\n", NULL,
		             0, &took);
		note(&console, took, st);
		atomic_fetch_add(&ping.n, 1);
		st = request("GET /ping HTTP/1.1\r\nHost: county\r\nConnection: close\r\n\r\n",
		             NULL, 0, &took);
		note(&ping, took, st);
	}
	return NULL;
}

static void show(const char *kind, tally *t, bool tries)
{
	printf("%s %d answered %d", kind, atomic_load(&t->n), atomic_load(&t->answered));
	if (tries)
		printf(" ok %d tries %d", atomic_load(&t->ok), atomic_load(&t->tries));
	printf(" max_ms %ld\n", atomic_load(&t->max_ms));
}

int main(int argc, char **argv)
{
	int browsers, rounds, nb, n;
	pthread_t *th;
	struct rlimit rl;
	if (argc < 6) {
		fprintf(stderr, "usage: loadgen HOST PORT BOUND_S BROWSERS ROUNDS [BUNDLE_FILE...]\n");
		return 2;
	}
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)atoi(argv[2]));
	bound_s = atof(argv[3]);
	browsers = atoi(argv[4]);
	rounds = atoi(argv[5]);
	nb = argc - 6;
	if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1 || bound_s <= 0 || browsers < 0 ||
	    rounds < 0) {
		fprintf(stderr, "loadgen: bad address or number\n");
		return 2;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)(nb + browsers + 64)) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	srand((unsigned)getpid());
	n = nb + browsers;
	atomic_init(&pushing, nb);
	if (!(th = calloc((size_t)n + 1, sizeof(*th))) ||
	    pthread_barrier_init(&go, NULL, (unsigned)n + 1))
		return 1;
	for (int i = 0; i < nb; i++)
		if (pthread_create(&th[i], NULL, push, argv[6 + i]))
			return 1;
	for (int i = 0; i < browsers; i++)
		if (pthread_create(&th[nb + i], NULL, browse, &rounds))
			return 1;
	pthread_barrier_wait(&go);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	show("bundles", &bundles, true);
	show("console", &console, false);
	show("ping", &ping, false);
	printf("over %g: %d\n", bound_s,
	       atomic_load(&bundles.over) + atomic_load(&console.over) + atomic_load(&ping.over));
	return atomic_load(&bundles.answered) == atomic_load(&bundles.n) &&
	                       atomic_load(&console.answered) == atomic_load(&console.n) &&
	                       atomic_load(&ping.answered) == atomic_load(&ping.n) &&
	                       !atomic_load(&bundles.over) && !atomic_load(&console.over) &&
	                       !atomic_load(&ping.over)
	               ? 0
	               : 1;
}
