/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ChaCha20's block function (RFC 8439, section 2.3): the seeded random
 * handler's stream (hooks/det.c). Pure computation: no system calls, no
 * libc, so the loader and the unit tests use the same code.
 */
#ifndef TAMAGO_CHACHA_H
#define TAMAGO_CHACHA_H

#include <stdint.h>

#define CHACHA_BLOCK 64

/*
 * The 64-byte block of key (8 words), block counter and nonce (3 words),
 * serialized little-endian into out. Words are the RFC's: the key and
 * nonce as read little-endian from their byte strings.
 */
void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], unsigned char out[CHACHA_BLOCK]);

/* A 32-byte key's words, read little-endian (the RFC's byte order). */
void chacha20_key_words(const unsigned char bytes[32], uint32_t key[8]);

#endif
