// SPDX-License-Identifier: GPL-2.0
/*
 * A BlkKin-instrumented request over two processes, with fixed ids.
 * `blkin_demo [SLEEP_MS]`: the parent ("frontend", 10.0.0.1:8080) starts
 * trace 0x0123456789abcdef, span "request" 0x1111, annotates it, forks a
 * peer and hands it the packed ids through a pipe; the peer ("backend",
 * 10.0.0.2:6800) continues the trace as span "backend_io" 0x2222, sleeps
 * SLEEP_MS (default 50) between io_start and io_end, and exits.
 * `blkin_demo --sample`: 400 one-annotation traces with ids
 * (i * 0x9e3779b97f4a7c15) >> 1, i = 1..400; prints how many blkin_sampled()
 * keeps under KTRACE_BLKIN_SAMPLE.
 * `blkin_demo --bench N`: N BLKIN_TIMESTAMP calls in one span; prints the
 * mean ns per call (npm run bench: untraced, then under ktrace spans).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "zipkin_c.h"

#define TRACE_ID 0x0123456789abcdefll

static int peer(int fd, long sleep_ms)
{
	struct blkin_trace_info_packed packed;
	struct blkin_trace_info info;
	struct blkin_endpoint ep;
	struct blkin_trace span;

	if (read(fd, &packed, sizeof(packed)) != sizeof(packed))
		return 1;
	blkin_unpack_trace_info(&packed, &info);
	blkin_init_endpoint(&ep, "10.0.0.2", 6800, "backend");
	blkin_init_child_info(&span, &info, &ep, "backend_io");
	/* A fixed id, for the test to assert. */
	blkin_get_trace_info(&span, &info);
	info.span_id = 0x2222;
	blkin_set_trace_info(&span, &info);
	BLKIN_TIMESTAMP(&span, &ep, "io_start");
	usleep(sleep_ms * 1000);
	BLKIN_KEYVAL_INTEGER(&span, &ep, "bytes", 4096);
	BLKIN_TIMESTAMP(&span, &ep, "io_end");
	return 0;
}

static int request(long sleep_ms)
{
	struct blkin_trace_info info = { TRACE_ID, 0x1111, 0 };
	struct blkin_trace_info_packed packed;
	struct blkin_endpoint ep;
	struct blkin_trace span;
	int fds[2], status;
	pid_t pid;

	blkin_init();
	blkin_init_endpoint(&ep, "10.0.0.1", 8080, "frontend");
	blkin_set_trace_properties(&span, &info, "request", &ep);
	BLKIN_TIMESTAMP(&span, &ep, "request_start");
	BLKIN_KEYVAL_STRING(&span, &ep, "path", "/obj/42");
	if (pipe(fds))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		close(fds[1]);
		_exit(peer(fds[0], sleep_ms));
	}
	close(fds[0]);
	blkin_pack_trace_info(&span.info, &packed);
	if (write(fds[1], &packed, sizeof(packed)) != sizeof(packed))
		return 1;
	close(fds[1]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status))
		return 1;
	BLKIN_TIMESTAMP(&span, &ep, "request_end");
	return 0;
}

static int sample(void)
{
	struct blkin_endpoint ep;
	struct blkin_trace span;
	int kept = 0;

	blkin_init();
	blkin_init_endpoint(&ep, "10.0.0.1", 8080, "sampler");
	for (unsigned long long i = 1; i <= 400; i++) {
		struct blkin_trace_info info = { (long long)((i * 0x9e3779b97f4a7c15ull) >> 1), (long long)i, 0 };

		blkin_set_trace_properties(&span, &info, "op", &ep);
		BLKIN_TIMESTAMP(&span, &ep, "sampled");
		kept += blkin_sampled(info.trace_id);
	}
	printf("kept=%d\n", kept);
	return 0;
}

static int bench(long n)
{
	struct blkin_trace_info info = { TRACE_ID, 0x3333, 0 };
	struct blkin_endpoint ep;
	struct blkin_trace span;
	struct timespec a, b;

	blkin_init();
	blkin_init_endpoint(&ep, "10.0.0.1", 8080, "bench");
	blkin_set_trace_properties(&span, &info, "bench", &ep);
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		BLKIN_TIMESTAMP(&span, &ep, "tick");
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("ns_per_record=%.1f\n",
	       ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / (n > 0 ? n : 1));
	return 0;
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--sample"))
		return sample();
	if (argc > 2 && !strcmp(argv[1], "--bench"))
		return bench(atol(argv[2]));
	return request(argc > 1 ? atol(argv[1]) : 50);
}
