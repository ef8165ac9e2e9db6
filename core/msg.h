/* SPDX-License-Identifier: BSD-3-Clause */
/* Messages on stderr, "tamago: ..." (msg.c). */
#ifndef TAMAGO_MSG_H
#define TAMAGO_MSG_H

void msg_write(const char *const *parts);
#define msg(...)                                                             \
	msg_write((const char *const[]){ "tamago: ", __VA_ARGS__, "\n", NULL })
char *msg_hex(char *buf, unsigned long v);
char *msg_dec(char *buf, long v);
/* "ENOENT" for ENOENT (libc's strerrorname_np, without libc); an errno
 * it does not know as "E<number>" in buf (24 bytes). */
const char *msg_errname(int err, char *buf);
/* Prints "tamago: <what>: <why>" and exits 125, before the program runs. */
__attribute__((noreturn)) void msg_fatal(const char *what, const char *why);

#endif
