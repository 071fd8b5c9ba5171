/* slowconn.c — test tool: many slow connections from one client, the way
 * one attacker holds a server's connections. Opens N connections to
 * HOST:PORT (from address FROM when given), sends the start of a request
 * and then one byte of a header line on each every half second, never
 * finishing, for SECONDS. Prints what it saw:
 *   opened N  refused R  held H  longest L  open-at-end E
 * refused: closed by the server within two seconds of opening (or not
 * accepted); held: open longer; longest: seconds the longest-lived one
 * stayed open; open-at-end: still open after SECONDS.
 * SIGTERM ends it early, still printing what it saw.
 *   slowconn HOST PORT N SECONDS [FROM] */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static volatile sig_atomic_t ended;

static void on_term(int sig)
{
	(void)sig;
	ended = 1;
}

int main(int argc, char **argv)
{
	struct sockaddr_in to, from;
	struct rlimit rl;
	static const char start[] = "POST /bundle HTTP/1.1\r\nHost: county\r\nX-Slow: ";
	int n, *fd;
	double secs, t0, *opened, *closed, longest = 0;
	int refused = 0, held = 0, open_end = 0;
	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: slowconn HOST PORT N SECONDS [FROM]\n");
		return 2;
	}
	n = atoi(argv[3]);
	secs = atof(argv[4]);
	memset(&to, 0, sizeof(to));
	to.sin_family = AF_INET;
	to.sin_port = htons((unsigned short)atoi(argv[2]));
	memset(&from, 0, sizeof(from));
	from.sin_family = AF_INET;
	if (n < 1 || inet_pton(AF_INET, argv[1], &to.sin_addr) != 1 ||
	    (argc == 6 && inet_pton(AF_INET, argv[5], &from.sin_addr) != 1)) {
		fprintf(stderr, "slowconn: bad address or count\n");
		return 2;
	}
	/* room for every socket */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < (rlim_t)n + 16) {
		rl.rlim_cur = rl.rlim_max < (rlim_t)n + 16 ? rl.rlim_max : (rlim_t)n + 16;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	fd = calloc((size_t)n, sizeof(*fd));
	closed = calloc((size_t)n, sizeof(*closed));
	opened = calloc((size_t)n, sizeof(*opened));
	if (!fd || !closed || !opened)
		return 1;
	t0 = now();
	for (int i = 0; i < n; i++) {
		opened[i] = now();
		fd[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (fd[i] < 0 ||
		    (argc == 6 && bind(fd[i], (struct sockaddr *)&from, sizeof(from)) != 0) ||
		    connect(fd[i], (struct sockaddr *)&to, sizeof(to)) != 0 ||
		    send(fd[i], start, sizeof(start) - 1, MSG_NOSIGNAL) < 0) {
			if (fd[i] >= 0)
				close(fd[i]);
			fd[i] = -1;
			closed[i] = now();
			continue;
		}
		fcntl(fd[i], F_SETFL, O_NONBLOCK);
	}
	/* trickle: a byte on each every half second; notice closes */
	signal(SIGTERM, on_term);
	while (!ended && now() - t0 < secs) {
		for (int i = 0; i < n; i++) {
			char b[256];
			ssize_t r;
			if (fd[i] < 0)
				continue;
			r = recv(fd[i], b, sizeof(b), 0);
			if (r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK) ||
			    send(fd[i], "a", 1, MSG_NOSIGNAL) < 0) {
				close(fd[i]);
				fd[i] = -1;
				closed[i] = now();
			}
		}
		usleep(500000);
	}
	for (int i = 0; i < n; i++) {
		double lived = (fd[i] >= 0 ? now() : closed[i]) - opened[i];
		if (lived < 2.0 && fd[i] < 0)
			refused++;
		else {
			held++;
			if (lived > longest)
				longest = lived;
		}
		if (fd[i] >= 0) {
			open_end++;
			close(fd[i]);
		}
	}
	printf("opened %d  refused %d  held %d  longest %.1f  open-at-end %d\n", n, refused,
	       held, longest, open_end);
	free(fd);
	free(closed);
	free(opened);
	return 0;
}
