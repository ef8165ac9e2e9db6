/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * This architecture's facts (arch/<arch>/arch.h), checked where they
 * matter to the trap path, without seccomp (so under qemu-user too):
 *   - a real signal frame: the registers a system call's arguments travel
 *     in, loaded by arch/<arch>/test-trap.h before an undefined
 *     instruction, are what arch_uc_arg reads, and the result the handler
 *     writes with arch_uc_set_ret is what the caller gets back;
 *   - synthesized ucontexts (arch_uc_fake) decode to the arguments,
 *     number and call site they were given, and the 64-bit argument
 *     helpers read an offset where the calling convention puts it;
 *   - raw calls: the wrappers that carry 64-bit offsets (pwrite, pread,
 *     lseek, ftruncate, fallocate) and the shim's tagged pass-through;
 *   - the page size in the kernel's unit, never 4 KiB assumed;
 *   - the kernel's struct sigaction as the loader installs its SIGSYS
 *     handler with it (struct ksigaction, and the loader's own return
 *     trampoline), where the architecture has SA_RESTORER;
 *   - the loader's jump to a program (arch_jump): its registers as the
 *     kernel's exec leaves them, zero.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arch.h"
#include "core/sys.h"
#include "test-trap.h"

static const long args[6] = {
	0x1111, 0x2222, 0x3333, 0x4444, 0x5555, 0x6666,
};
static long seen[6];
static unsigned long seen_pc;

static void on_trap(int sig, siginfo_t *si, void *ctx)
{
	ucontext_t *uc = ctx;
	int i;

	(void)sig;
	(void)si;
	for (i = 0; i < 6; i++)
		seen[i] = arch_uc_arg(uc, i);
	seen_pc = arch_uc_pc(uc);
	arch_uc_set_ret(uc, -ENAMETOOLONG);
	arch_uc_set_pc(uc, seen_pc + ARCH_TEST_TRAP_LEN);
}

START_TEST(t_real_frame)
{
	struct sigaction sa = { .sa_sigaction = on_trap,
				.sa_flags = SA_SIGINFO };
	long r;
	int i;

	ck_assert_int_eq(sigaction(ARCH_TEST_TRAP_SIG, &sa, NULL), 0);
	r = arch_test_trap(SYS_getppid, args);
	ck_assert_int_eq(r, -ENAMETOOLONG);
	for (i = 0; i < 6; i++)
		ck_assert_msg(seen[i] == args[i], "%s: argument %d: 0x%lx",
			      ARCH_NAME, i, seen[i]);
	ck_assert_uint_ne(seen_pc, 0);
}
END_TEST

START_TEST(t_synthesized)
{
	ucontext_t uc;
	long a[6];
	int i;

	memset(&uc, 0, sizeof(uc));
	arch_uc_fake(&uc, SYS_openat, args, 0x401234);
	for (i = 0; i < 6; i++)
		a[i] = arch_uc_arg(&uc, i);
	ck_assert_mem_eq(a, args, sizeof(a));
	ck_assert_uint_eq(arch_uc_pc(&uc), 0x401234);
	arch_uc_set_pc(&uc, 0x405678);
	ck_assert_uint_eq(arch_uc_pc(&uc), 0x405678);
}
END_TEST

/* A 64-bit offset as a trapped pwrite64 carries it, read back. */
START_TEST(t_arg64)
{
	const int64_t off = 0x123456789aLL;
	long a[6] = { 0 };
	char got = 0;
	int i = 3, fd;

	/* The kernel's prototype: pwrite64(fd, buf, count, pos). */
	fd = (int)sys_memfd_create("t", 0);
	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(sys_pwrite(fd, "x", 1, off), 1);
	ck_assert_int_eq(sys_lseek(fd, 0, SEEK_END), off + 1);
	/* What a raw pwrite64 of that offset leaves in the registers. */
	ck_assert_int_eq(arch_syscall6(SYS_pwrite64, fd, (long)"y", 1,
				       ARCH_TEST_OFF_ARGS(off)), 1);
	ck_assert_int_eq(sys_pread(fd, &got, 1, off), 1);
	ck_assert_int_eq(got, 'y');
	{
		long regs[6] = { fd, 0, 1, ARCH_TEST_OFF_ARGS(off) };

		memcpy(a, regs, sizeof(a));
	}
	ck_assert_int_eq(arch_trap_arg64(a, &i), off);
	ck_assert_int_eq(sys_ftruncate(fd, 3 * 65536), 0);
	ck_assert_int_eq(sys_lseek(fd, 0, SEEK_END), 3 * 65536);
	ck_assert_int_eq(arch_fallocate(fd, 0, 5 * 65536, 4096), 0);
	ck_assert_int_eq(sys_lseek(fd, 0, SEEK_END), 5 * 65536 + 4096);
	close(fd);
}
END_TEST

/* The tagged pass-through reaches the kernel as an ordinary call. */
START_TEST(t_pass)
{
	int sv[2], type = 0;
	socklen_t l = sizeof(type);
	char c = 0;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	ck_assert_int_eq(sys_pass(SYS_getsockopt, sv[0], SOL_SOCKET, SO_TYPE,
				  &type, &l),
			 0);
	ck_assert_int_eq(type, SOCK_STREAM);
	ck_assert_int_eq(sys_pass(SYS_write, sv[0], "z", 1, 0, 0), 1);
	ck_assert_int_eq(read(sv[1], &c, 1), 1);
	ck_assert_int_eq(c, 'z');
	close(sv[0]);
	close(sv[1]);
}
END_TEST

START_TEST(t_page)
{
	ck_assert_uint_eq(sys_page_size(), (unsigned long)sysconf(_SC_PAGESIZE));
	ck_assert_uint_eq(sys_pages(1), 1);
	ck_assert_uint_eq(sys_pages(sys_page_size() + 1), 2);
	/* A 64 KiB kernel: counted in its pages. */
	sys_page = 65536;
	ck_assert_uint_eq(sys_pages(65536 * 3), 3);
	ck_assert_uint_eq(sys_pages(4096), 1);
	sys_page = 0;
}
END_TEST

ARCH_TEST_ENTRY;
void arch_test_entry(void);

/*
 * arch_jump hands a program the registers the kernel's exec would: all
 * zero but sp and the one that carries the entry (glibc 2.36's ld.so on
 * arm reads r4 at its start and faults if it is not 0). A child jumps to
 * a probe on a stack in shared memory; the probe stores its registers
 * there and exits.
 */
START_TEST(t_jump)
{
	static const char *const names[] = { ARCH_TEST_REG_NAMES };
	size_t len = 64 * 1024, i;
	unsigned char *m;
	unsigned long top, *regs;
	pid_t pid;
	int st;

	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
		 -1, 0);
	ck_assert_ptr_ne(m, MAP_FAILED);
	memset(m, 0xa5, len);
	top = ((unsigned long)m + len / 2) & ~15UL;
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid)
		arch_jump((unsigned long)arch_test_entry, top);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFEXITED(st) && !WEXITSTATUS(st),
		      "the probe did not exit (status 0x%x)", st);
	regs = (unsigned long *)(top - ARCH_TEST_REGS_AT);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!names[i])
			continue;
		if (i == ARCH_TEST_ENTRY_REG)
			ck_assert_msg(regs[i] == (unsigned long)arch_test_entry,
				      "%s: %s is 0x%lx, not the entry",
				      ARCH_NAME, names[i], regs[i]);
		else
			ck_assert_msg(!regs[i], "%s: %s is 0x%lx at the entry",
				      ARCH_NAME, names[i], regs[i]);
	}
	munmap(m, len);
}
END_TEST

/*
 * Where the architecture has SA_RESTORER (riscv64 has none: Debian 12's
 * qemu 7.2 gives riscv64 a restorer field its kernel lacks, so its
 * layout can be checked on a real kernel only, and Debian 12 has none).
 */
#ifdef ARCH_SA_RESTORER
ARCH_RESTORER;

static volatile int usr1_ran, usr1_masked;

static void on_usr1(int sig, siginfo_t *si, void *ctx)
{
	uint64_t cur = 0;

	(void)sig;
	(void)si;
	(void)ctx;
	sys_sigmask(SIG_BLOCK, NULL, &cur);
	usr1_masked = !!(cur & 1ULL << (SIGUSR2 - 1));
	usr1_ran = 1;
}

/*
 * A handler installed by a raw rt_sigaction with struct ksigaction and
 * the loader's trampoline, as trap_init() does: the kernel reads the
 * fields where this layout puts them (the mask blocks SIGUSR2 while the
 * handler runs; zeros follow the struct, so a mask read past it blocks
 * nothing), gives them back alike, and the handler returns through it.
 */
START_TEST(t_ksigaction)
{
	struct {
		struct ksigaction k;
		uint64_t zero[2];
	} sa, old;

	memset(&sa, 0, sizeof(sa));
	sa.k.handler = (void *)on_usr1;
	sa.k.flags = SA_SIGINFO | ARCH_SA_RESTORER;
	sa.k.restorer = (void *)arch_restorer;
	sa.k.mask = 1ULL << (SIGUSR2 - 1);
	ck_assert_int_eq(sys6(SYS_rt_sigaction, SIGUSR1, &sa, NULL, 8, 0, 0),
			 0);
	memset(&old, 0, sizeof(old));
	ck_assert_int_eq(sys6(SYS_rt_sigaction, SIGUSR1, NULL, &old, 8, 0, 0),
			 0);
	ck_assert_ptr_eq(old.k.handler, sa.k.handler);
	ck_assert_ptr_eq(old.k.restorer, sa.k.restorer);
	ck_assert_uint_eq(old.k.mask, sa.k.mask);
	ck_assert_int_eq(raise(SIGUSR1), 0);
	ck_assert_int_eq(usr1_ran, 1);
	ck_assert_int_eq(usr1_masked, 1);
	signal(SIGUSR1, SIG_DFL);
}
END_TEST
#endif

int main(void)
{
	Suite *s = suite_create("arch " ARCH_NAME);
	TCase *tc = tcase_create("arch");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, t_real_frame);
	tcase_add_test(tc, t_synthesized);
	tcase_add_test(tc, t_arg64);
	tcase_add_test(tc, t_pass);
	tcase_add_test(tc, t_page);
	tcase_add_test(tc, t_jump);
#ifdef ARCH_SA_RESTORER
	tcase_add_test(tc, t_ksigaction);
#endif
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
