/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * POSIX shared memory and named semaphores, which glibc keeps as files of
 * /dev/shm: the sandbox's /dev/shm (1777, in the initial tree) holds them,
 * and a forked child shares both with its parent, as python's
 * multiprocessing locks need.
 */
#include <dirent.h>
#include <fcntl.h>
#include <semaphore.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/lib/check.h"

static int listed(const char *name)
{
	DIR *d = opendir("/dev/shm");
	struct dirent *e;
	int found = 0;

	CHECK(d != NULL);
	while ((e = readdir(d)))
		found |= !strcmp(e->d_name, name);
	closedir(d);
	return found;
}

int main(void)
{
	struct stat st;
	char *mem;
	sem_t *go, *done;
	pid_t pid;
	int fd, status;

	CHECK(stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode));
	CHECK((st.st_mode & 07777) == 01777);

	/* shm_open is a file of /dev/shm, mapped shared across fork. */
	fd = shm_open("/tamago-shm", O_CREAT | O_EXCL | O_RDWR, 0600);
	CHECK(fd >= 0);
	CHECK(ftruncate(fd, 4096) == 0);
	mem = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(mem != MAP_FAILED);
	CHECK(close(fd) == 0);
	CHECK(listed("tamago-shm"));
	CHECK(stat("/dev/shm/tamago-shm", &st) == 0 && st.st_size == 4096);

	/* Named semaphores: sem.NAME there, shared with a forked child. */
	go = sem_open("/tamago-go", O_CREAT | O_EXCL, 0600, 0);
	done = sem_open("/tamago-done", O_CREAT | O_EXCL, 0600, 0);
	CHECK(go != SEM_FAILED && done != SEM_FAILED);
	CHECK(listed("sem.tamago-go") && listed("sem.tamago-done"));
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		sem_t *again = sem_open("/tamago-done", 0);

		CHECK(again != SEM_FAILED);
		CHECK(sem_wait(go) == 0);
		strcpy(mem, "from the child");
		CHECK(sem_post(again) == 0);
		_exit(0);
	}
	CHECK(sem_post(go) == 0);
	CHECK(sem_wait(done) == 0);
	CHECK(!strcmp(mem, "from the child"));
	CHECK(waitpid(pid, &status, 0) == pid);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	/* Unlinked, they are gone from /dev/shm. */
	CHECK(sem_unlink("/tamago-go") == 0 && sem_unlink("/tamago-done") == 0);
	CHECK(shm_unlink("/tamago-shm") == 0);
	CHECK(!listed("sem.tamago-go") && !listed("tamago-shm"));
	CHECK(shm_open("/tamago-shm", O_RDWR, 0) < 0 && errno == ENOENT);
	printf("shm: ok\n");
	return 0;
}
