/* SPDX-License-Identifier: BSD-3-Clause */
/* The shared object dlopen-mem loads from the in-memory file system. */
int plugin_answer(void)
{
	return 42;
}
