/*
** Internal: Philox4x32-10 (Salmon, Moraes, Dror & Shaw, "Parallel random
** numbers: as easy as 1, 2, 3", SC'11) as a GSL generator type, so that the
** gsl_ran_* samplers draw from it.
**
** A counter-based generator: its output is a bijection of (key, counter), so
** a stream per Monte Carlo draw costs nothing to start (set key and counter,
** no state to warm up) and streams of different draws never overlap: draw d
** uses the counters (i, 0, d_lo, d_hi) for i = 0, 1, 2 ...  The key is the
** run's 64-bit seed.
*/
#ifndef PS_ANALYSIS_PHILOX_H
#define PS_ANALYSIS_PHILOX_H

#include <gsl/gsl_rng.h>
#include <stdint.h>

extern const gsl_rng_type *ps_rng_philox4x32;

/* One Philox4x32-10 block: out = philox(ctr, key). */
void ps_philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4]);

/* Point r (of type ps_rng_philox4x32) at the stream of draw `stream` under
** key `seed`. */
void ps_philox_stream(gsl_rng *r, uint64_t seed, uint64_t stream);

#endif
