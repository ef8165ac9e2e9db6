/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Processes of one sandbox killed with SIGKILL at random moments while
 * they change the file system, some of them inside the shim's core: the
 * others must go on, and afterwards the tree must be whole (every name
 * reachable, every link count right), as on one machine where an
 * operation is complete or absent.
 *
 * Workers create, write, rename, link, unlink, mkdir and rmdir under
 * /tmp/k/wN; the parent kills a random one every few milliseconds and
 * starts another. Then a walk checks the tree.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "test/lib/check.h"

#define WORKERS 4
#define ROUNDS 300

static void work(int id)
{
	char dir[64], a[96], b[96], d[96];
	unsigned int seed = (unsigned int)getpid();
	int fd;

	snprintf(dir, sizeof(dir), "/tmp/k/w%d", id);
	mkdir(dir, 0755);
	for (;;) {
		int n = rand_r(&seed) % 16;

		snprintf(a, sizeof(a), "%s/f%d", dir, n);
		snprintf(b, sizeof(b), "%s/g%d", dir, (n + 3) % 16);
		snprintf(d, sizeof(d), "%s/d%d", dir, n % 4);
		switch (rand_r(&seed) % 7) {
		case 0:
			fd = open(a, O_CREAT | O_WRONLY | O_TRUNC, 0644);
			if (fd >= 0) {
				(void)!write(fd, a, strlen(a));
				close(fd);
			}
			break;
		case 1:
			rename(a, b);
			break;
		case 2:
			link(a, b);
			break;
		case 3:
			unlink(a);
			break;
		case 4:
			mkdir(d, 0755);
			break;
		case 5:
			rmdir(d);
			break;
		case 6:
			rename(d, b);
			break;
		}
	}
}

static pid_t start(int id)
{
	pid_t pid = fork();

	CHECK(pid >= 0);
	if (pid == 0) {
		/* Never outlive the test. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		work(id);
		_exit(0);
	}
	return pid;
}

/* Counts the names each inode has below path. */
struct seen {
	ino_t ino;
	nlink_t nlink;
	unsigned int names;
};
static struct seen seen[4096];
static size_t nseen;

static void note(const struct stat *st)
{
	size_t i;

	for (i = 0; i < nseen; i++)
		if (seen[i].ino == st->st_ino) {
			seen[i].names++;
			return;
		}
	CHECK(nseen < sizeof(seen) / sizeof(seen[0]));
	seen[nseen].ino = st->st_ino;
	seen[nseen].nlink = st->st_nlink;
	seen[nseen].names = 1;
	nseen++;
}

static void walk(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	struct stat st;
	char sub[512];
	unsigned int subdirs = 0;

	CHECK(d != NULL);
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		/* Every name listed can be looked up. */
		CHECK(lstat(sub, &st) == 0);
		if (S_ISDIR(st.st_mode)) {
			subdirs++;
			walk(sub);
		} else {
			note(&st);
		}
	}
	closedir(d);
	CHECK(stat(path, &st) == 0);
	CHECK(st.st_nlink == 2 + subdirs);
}

int main(void)
{
	pid_t pids[WORKERS];
	struct timespec pause = { 0, 0 };
	unsigned int seed = 42;
	size_t i;
	int r, status;

	alarm(120);
	CHECK(mkdir("/tmp/k", 0755) == 0);
	for (r = 0; r < WORKERS; r++)
		pids[r] = start(r);
	for (r = 0; r < ROUNDS; r++) {
		int w = (int)(rand_r(&seed) % WORKERS);

		pause.tv_nsec = (long)(rand_r(&seed) % 3000) * 1000;
		nanosleep(&pause, NULL);
		if (getenv("TREE_KILL_NONE"))
			continue;
		CHECK(kill(pids[w], SIGKILL) == 0);
		CHECK(waitpid(pids[w], &status, 0) == pids[w]);
		pids[w] = start(w);
	}
	for (r = 0; r < WORKERS; r++) {
		CHECK(kill(pids[r], SIGKILL) == 0);
		CHECK(waitpid(pids[r], &status, 0) == pids[r]);
	}
	walk("/tmp/k");
	for (i = 0; i < nseen; i++) {
		if (seen[i].names != seen[i].nlink)
			fprintf(stderr, "inode %lu: %u names, nlink %lu\n",
				(unsigned long)seen[i].ino, seen[i].names,
				(unsigned long)seen[i].nlink);
		CHECK(seen[i].names == seen[i].nlink);
	}
	printf("tree-kill: ok (%zu files)\n", nseen);
	return 0;
}
