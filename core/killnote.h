/* SPDX-License-Identifier: BSD-3-Clause */
/* The tree's first kill report, for --report (killnote.c). */
#ifndef TAMAGO_KILLNOTE_H
#define TAMAGO_KILLNOTE_H

#include <stddef.h>

#define KILL_NOTE_MAX 1000

/* Before the seal: the block (0 or -errno); without it nothing is kept. */
int kill_note_init(void);
/* The trap path: the report's parts (NULL-terminated), if first. */
void kill_note(const char *const *parts);
/* The first process, at the end: the text into buf, its length. */
size_t kill_note_read(char *buf, size_t size);

#endif
