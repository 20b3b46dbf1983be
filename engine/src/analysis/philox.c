/*
** Philox4x32-10 as a gsl_rng_type (see philox.h).  The round function and
** constants follow the paper and Random123's philox.h; the known-answer
** vectors of Random123's kat_vectors are checked in tests/unit.
*/
#include "analysis/philox.h"

#include <string.h>

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u   /* golden ratio */
#define PHILOX_W1 0xBB67AE85u   /* sqrt(3) - 1 */

typedef struct philox_state {
    uint32_t key[2];
    uint32_t ctr[4];
    uint32_t out[4];
    int used;                   /* words of out[] handed out; 4 = block spent */
} philox_state;

void ps_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]) {
    uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
    uint32_t k0 = key[0], k1 = key[1];
    for (int round = 0; round < 10; round++) {
        if (round) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        uint64_t p0 = (uint64_t)PHILOX_M0 * c0, p1 = (uint64_t)PHILOX_M1 * c2;
        uint32_t hi0 = (uint32_t)(p0 >> 32), lo0 = (uint32_t)p0;
        uint32_t hi1 = (uint32_t)(p1 >> 32), lo1 = (uint32_t)p1;
        c0 = hi1 ^ c1 ^ k0;
        c1 = lo1;
        c2 = hi0 ^ c3 ^ k1;
        c3 = lo0;
    }
    out[0] = c0;
    out[1] = c1;
    out[2] = c2;
    out[3] = c3;
}

static void philox_set(void *vs, unsigned long seed) {
    philox_state *s = vs;
    memset(s, 0, sizeof *s);
    s->key[0] = (uint32_t)seed;
    s->key[1] = (uint32_t)((uint64_t)seed >> 32);
    s->used = 4;
}

static unsigned long philox_get(void *vs) {
    philox_state *s = vs;
    if (s->used == 4) {
        ps_philox4x32_10(s->ctr, s->key, s->out);
        if (++s->ctr[0] == 0) s->ctr[1]++;
        s->used = 0;
    }
    return s->out[s->used++];
}

/* 53 random bits, in [0, 1): the 32-bit get alone leaves the low bits of a
** double empty, which a quantile far in a tail would show. */
static double philox_get_double(void *vs) {
    uint32_t a = (uint32_t)philox_get(vs) >> 5, b = (uint32_t)philox_get(vs) >> 6;
    return ((double)a * 67108864.0 + (double)b) * (1.0 / 9007199254740992.0);
}

static const gsl_rng_type philox_type = {"philox4x32-10", 0xffffffffUL, 0,
                                         sizeof(philox_state), philox_set, philox_get,
                                         philox_get_double};

const gsl_rng_type *ps_rng_philox4x32 = &philox_type;

void ps_philox_stream(gsl_rng *r, uint64_t seed, uint64_t stream) {
    philox_state *s = r->state;
    memset(s, 0, sizeof *s);
    s->key[0] = (uint32_t)seed;
    s->key[1] = (uint32_t)(seed >> 32);
    s->used = 4;
    s->ctr[2] = (uint32_t)stream;
    s->ctr[3] = (uint32_t)(stream >> 32);
}
