/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trivial program bench.py runs with fork + exec + wait, linked
 * statically: what an exec costs without a dynamic loader (in the
 * sandbox, the loader's own start alone).
 */
int main(void)
{
	return 0;
}
