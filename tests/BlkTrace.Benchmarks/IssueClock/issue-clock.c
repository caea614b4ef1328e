/* LD_PRELOAD shim for the replay-issue-error benchmark: stamps CLOCK_MONOTONIC at the entry of every
 * pread/pwrite/fsync/fdatasync fio's psync engine makes, and writes "KIND NS" lines to $ISSUE_CLOCK_LOG
 * when the process exits. Run fio with --thread so the job is in the process that writes the log. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/types.h>
#include <time.h>
#include <unistd.h>

#define CAP (1 << 22)
static long long stamps[CAP];
static char kinds[CAP];
static volatile long count;

static void stamp(char kind)
{
	struct timespec ts;
	long i = __atomic_fetch_add(&count, 1, __ATOMIC_RELAXED);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (i < CAP) {
		stamps[i] = ts.tv_sec * 1000000000LL + ts.tv_nsec;
		kinds[i] = kind;
	}
}

#define WRAP(ret, name, kind, params, args)                                  \
	ret name params                                                      \
	{                                                                    \
		static ret(*real) params;                                    \
		if (!real)                                                   \
			real = (ret(*) params)dlsym(RTLD_NEXT, #name);       \
		stamp(kind);                                                 \
		return real args;                                            \
	}

WRAP(ssize_t, pread, 'r', (int fd, void *b, size_t n, off_t o), (fd, b, n, o))
WRAP(ssize_t, pread64, 'r', (int fd, void *b, size_t n, off_t o), (fd, b, n, o))
WRAP(ssize_t, pwrite, 'w', (int fd, const void *b, size_t n, off_t o), (fd, b, n, o))
WRAP(ssize_t, pwrite64, 'w', (int fd, const void *b, size_t n, off_t o), (fd, b, n, o))
WRAP(int, fsync, 's', (int fd), (fd))
WRAP(int, fdatasync, 's', (int fd), (fd))

__attribute__((destructor)) static void dump(void)
{
	const char *path = getenv("ISSUE_CLOCK_LOG");
	FILE *f;
	long n = count < CAP ? count : CAP;
	if (!path || !(f = fopen(path, "w")))
		return;
	for (long i = 0; i < n; i++)
		fprintf(f, "%c %lld\n", kinds[i], stamps[i]);
	fclose(f);
}
