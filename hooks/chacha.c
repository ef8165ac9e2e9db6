/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ChaCha20's block function, written from the description in RFC 8439
 * (section 2.1 to 2.3). See chacha.h.
 */
#include "hooks/chacha.h"

static inline uint32_t rotl(uint32_t v, int n)
{
	return (v << n) | (v >> (32 - n));
}

/* The quarter round on four words of the state (section 2.2). */
#define QR(x, a, b, c, d)                                                    \
	do {                                                                 \
		x[a] += x[b];                                                \
		x[d] = rotl(x[d] ^ x[a], 16);                                \
		x[c] += x[d];                                                \
		x[b] = rotl(x[b] ^ x[c], 12);                                \
		x[a] += x[b];                                                \
		x[d] = rotl(x[d] ^ x[a], 8);                                 \
		x[c] += x[d];                                                \
		x[b] = rotl(x[b] ^ x[c], 7);                                 \
	} while (0)

static inline uint32_t load_le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

void chacha20_key_words(const unsigned char bytes[32], uint32_t key[8])
{
	int i;

	for (i = 0; i < 8; i++)
		key[i] = load_le(bytes + 4 * i);
}

void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], unsigned char out[CHACHA_BLOCK])
{
	/* "expand 32-byte k", the constant words. */
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	uint32_t x[16];
	int i;

	for (i = 0; i < 8; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	in[13] = nonce[0];
	in[14] = nonce[1];
	in[15] = nonce[2];
	for (i = 0; i < 16; i++)
		x[i] = in[i];
	/* Twenty rounds: ten of a column round then a diagonal round. */
	for (i = 0; i < 10; i++) {
		QR(x, 0, 4, 8, 12);
		QR(x, 1, 5, 9, 13);
		QR(x, 2, 6, 10, 14);
		QR(x, 3, 7, 11, 15);
		QR(x, 0, 5, 10, 15);
		QR(x, 1, 6, 11, 12);
		QR(x, 2, 7, 8, 13);
		QR(x, 3, 4, 9, 14);
	}
	for (i = 0; i < 16; i++) {
		uint32_t v = x[i] + in[i];

		out[4 * i] = (unsigned char)v;
		out[4 * i + 1] = (unsigned char)(v >> 8);
		out[4 * i + 2] = (unsigned char)(v >> 16);
		out[4 * i + 3] = (unsigned char)(v >> 24);
	}
}
