/* httpproxy.c — test tool: a forwarding HTTP proxy on 127.0.0.1, to show
 * that `doorstep sync` goes through the proxy http_proxy names.
 *   httpproxy PORTFILE LOGFILE
 * listens on a free port of 127.0.0.1 and writes its number to PORTFILE;
 * for each request (absolute form, "POST http://host:port/path HTTP/1.1")
 * appends the request line to LOGFILE, connects to host:port, sends the
 * request on in origin form, with "Connection: close", and relays both
 * ways until either side closes: one request a connection. One child a
 * connection; runs until killed. Plain HTTP only. */
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define HEAD_MAX 16384

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int connect_to(const char *host, const char *port)
{
	struct addrinfo hints, *res, *a;
	int fd = -1;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, port, &hints, &res) != 0)
		return -1;
	for (a = res; a; a = a->ai_next) {
		fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
		if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) == 0)
			break;
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	return fd;
}

static void relay(int a, int b)
{
	struct pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
	char buf[65536];
	for (;;) {
		if (poll(p, 2, 30000) <= 0)
			return;
		for (int i = 0; i < 2; i++) {
			ssize_t n;
			if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			n = read(p[i].fd, buf, sizeof(buf));
			if (n <= 0 || write_all(p[1 - i].fd, buf, (size_t)n))
				return;
		}
	}
}

static void serve(int c, const char *log)
{
	char head[HEAD_MAX + 1], method[16], url[2048], version[16], host[256],
	        port[8] = "80", *end, *rest, *path;
	size_t n = 0;
	int up;
	FILE *f;
	/* the request's head */
	while (n < HEAD_MAX) {
		ssize_t r = read(c, head + n, HEAD_MAX - n);
		if (r <= 0)
			return;
		n += (size_t)r;
		head[n] = '\0';
		if (strstr(head, "\r\n\r\n"))
			break;
	}
	if (!(end = strstr(head, "\r\n")) ||
	    sscanf(head, "%15s %2047s %15s", method, url, version) != 3 ||
	    strncmp(url, "http://", 7) != 0) {
		write_all(c, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n", 47);
		return;
	}
	rest = end + 2;
	/* host[:port]/path */
	{
		char *h = url + 7, *slash = strchr(h, '/'), *colon;
		size_t hl = slash ? (size_t)(slash - h) : strlen(h);
		if (hl >= sizeof(host))
			return;
		memcpy(host, h, hl);
		host[hl] = '\0';
		path = slash ? slash : "/";
		if ((colon = strchr(host, ':'))) {
			*colon = '\0';
			snprintf(port, sizeof(port), "%s", colon + 1);
		}
	}
	if ((f = fopen(log, "a"))) {
		fprintf(f, "%s %s %s\n", method, url, version);
		fclose(f);
	}
	if ((up = connect_to(host, port)) < 0) {
		write_all(c, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n", 47);
		return;
	}
	{
		char line[2200];
		/* one request a connection: the server closes after its
		 * answer, so a client that would send the next request on
		 * the same connection opens another (and it is seen here) */
		int ll = snprintf(line, sizeof(line), "%s %s %s\r\nConnection: close\r\n",
		                  method, path, version);
		if (ll < 0 || (size_t)ll >= sizeof(line) || write_all(up, line, (size_t)ll) ||
		    write_all(up, rest, n - (size_t)(rest - head))) {
			close(up);
			return;
		}
	}
	relay(c, up);
	close(up);
}

int main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t al = sizeof(a);
	int s, one = 1;
	FILE *f;
	if (argc != 3) {
		fprintf(stderr, "usage: httpproxy PORTFILE LOGFILE\n");
		return 2;
	}
	signal(SIGCHLD, SIG_IGN); /* no zombies */
	signal(SIGPIPE, SIG_IGN);
	s = socket(AF_INET, SOCK_STREAM, 0);
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	a.sin_port = 0;
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 64) ||
	    getsockname(s, (struct sockaddr *)&a, &al)) {
		perror("httpproxy");
		return 1;
	}
	if (!(f = fopen(argv[1], "w")) || fprintf(f, "%d\n", ntohs(a.sin_port)) < 0 ||
	    fclose(f)) {
		perror(argv[1]);
		return 1;
	}
	for (;;) {
		int c = accept(s, NULL, NULL);
		if (c < 0) {
			if (errno == EINTR)
				continue;
			perror("httpproxy: accept");
			return 1;
		}
		if (fork() == 0) {
			close(s);
			serve(c, argv[2]);
			close(c);
			_exit(0);
		}
		close(c);
	}
}
