/*
** math.random and math.randomseed on the engine's GSL Mersenne Twister,
** seeded from the run's seed, so that the same script with the same seed
** draws the same numbers.  The calling conventions are Lua 5.4's:
** random() in [0,1), random(m) in [1,m], random(m,n) in [m,n], random(0)
** a random integer of all bits.
*/
#include "lua/sandbox_int.h"

#include <lauxlib.h>
#include <stdint.h>

/* 64 random bits from two 32-bit draws (mt19937 gives 0 .. 2^32-1). */
static uint64_t draw64(gsl_rng *r) {
    uint64_t hi = gsl_rng_get(r) & 0xffffffffu;
    return (hi << 32) | (gsl_rng_get(r) & 0xffffffffu);
}

/* Uniform integer in [0, range] with no modulo bias. */
static uint64_t draw_upto(gsl_rng *r, uint64_t range) {
    if (range < 0xffffffffu) return gsl_rng_uniform_int(r, (unsigned long)range + 1);
    uint64_t mask = range; /* smallest 2^b - 1 covering range, then rejection */
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    uint64_t x;
    do x = draw64(r) & mask;
    while (x > range);
    return x;
}

static int l_random(lua_State *L) {
    gsl_rng *r = ps_lua_of(L)->rng;
    lua_Integer low, up;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, (lua_Number)gsl_rng_uniform(r));
        return 1;
    case 1:
        low = 1;
        up = luaL_checkinteger(L, 1);
        if (up == 0) { /* random(0): an integer with all bits random */
            lua_pushinteger(L, (lua_Integer)draw64(r));
            return 1;
        }
        break;
    case 2:
        low = luaL_checkinteger(L, 1);
        up = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    luaL_argcheck(L, low <= up, 1, "interval is empty");
    uint64_t x = draw_upto(r, (uint64_t)up - (uint64_t)low);
    lua_pushinteger(L, (lua_Integer)(x + (uint64_t)low));
    return 1;
}

/* randomseed(n): restart the generator from n; randomseed(): from the
** run's seed (never from the clock: runs must reproduce). */
static int l_randomseed(lua_State *L) {
    ps_lua *s = ps_lua_of(L);
    if (lua_isnone(L, 1)) gsl_rng_set(s->rng, s->seed);
    else gsl_rng_set(s->rng, (unsigned long)luaL_checkinteger(L, 1));
    return 0;
}

void ps_lua_open_random(lua_State *L) {
    lua_pushcfunction(L, l_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, l_randomseed);
    lua_setfield(L, -2, "randomseed");
}
