/*
** string.find, string.match, string.gmatch and string.gsub for scripts: the
** Lua 5.4 pattern language (manual §6.4.1) with a matcher that pays for its
** work.  Lua's own matcher backtracks inside one C call, where the
** instruction-count hook never runs, so `("a"):rep(40):find(".-.-.-.-b")`
** could run for hours under any budget.  This matcher counts its steps (one
** per attempt to match a pattern item at a position, one per character a
** repetition or %b scans) and charges them to the run's instruction budget
** every PM_CHARGE_EVERY steps; the charge also notices an interruption
** (ps_lua_interrupt, Ctrl-C).  A spent budget ends the run like any other:
** "instruction budget of N exceeded".
**
** Semantics follow the reference manual; differences from lstrlib would be
** bugs (tests/unit/test_lua_pattern.c compares both on many patterns).
*/
#include "lua/sandbox_int.h"

#include <ctype.h>
#include <lauxlib.h>
#include <string.h>

#define PM_ESC '%'
#define PM_SPECIALS "^$*+?.([%-"
#define PM_MAXCAPTURES 32
#define PM_MAXDEPTH 200       /* nesting of the recursive matcher (C stack) */
#define PM_CHARGE_EVERY 4096  /* steps between two charges to the budget */
#define CAP_UNFINISHED (-1)
#define CAP_POSITION (-2)

typedef struct pm_state {
    const char *src_init, *src_end, *p_end;
    lua_State *L;
    int depth;  /* recursion left */
    int level;  /* captures, finished or not */
    long steps; /* not yet charged */
    struct {
        const char *init;
        ptrdiff_t len;
    } cap[PM_MAXCAPTURES];
} pm_state;

static const char *do_match(pm_state *ms, const char *s, const char *p);

static void charge(pm_state *ms) {
    ps_lua_charge(ms->L, ms->steps);
    ms->steps = 0;
}

static inline void step(pm_state *ms) {
    if (++ms->steps >= PM_CHARGE_EVERY) charge(ms);
}

static int class_end_error(pm_state *ms, const char *what) {
    return luaL_error(ms->L, "malformed pattern (%s)", what);
}

/* The end of the single-character class starting at p. */
static const char *class_end(pm_state *ms, const char *p) {
    char c = *p++;
    if (c == PM_ESC) {
        if (p >= ms->p_end) class_end_error(ms, "ends with '%'");
        return p + 1;
    }
    if (c != '[') return p;
    if (p < ms->p_end && *p == '^') p++;
    /* the first character of a set is never its end: "[]]" is a set of ']' */
    do {
        if (p >= ms->p_end) class_end_error(ms, "missing ']'");
        c = *p++;
        if (c == PM_ESC && p < ms->p_end) p++;
    } while (p >= ms->p_end || *p != ']');
    return p + 1;
}

static int class_match(int c, int cl) {
    int r;
    switch (tolower(cl)) {
    case 'a': r = isalpha(c); break;
    case 'c': r = iscntrl(c); break;
    case 'd': r = isdigit(c); break;
    case 'g': r = isgraph(c); break;
    case 'l': r = islower(c); break;
    case 'p': r = ispunct(c); break;
    case 's': r = isspace(c); break;
    case 'u': r = isupper(c); break;
    case 'w': r = isalnum(c); break;
    case 'x': r = isxdigit(c); break;
    case 'z': r = c == 0; break; /* deprecated since 5.2, still accepted */
    default: return cl == c;
    }
    if (isupper(cl)) r = !r;
    return r != 0;
}

/* c against the set [p .. ec] where p is '[' and ec is its ']'. */
static int set_match(int c, const char *p, const char *ec) {
    int yes = 1;
    if (p[1] == '^') {
        yes = 0;
        p++;
    }
    while (++p < ec) {
        if (*p == PM_ESC) {
            p++;
            if (class_match(c, (unsigned char)*p)) return yes;
        } else if (p[1] == '-' && p + 2 < ec) {
            p += 2;
            if ((unsigned char)p[-2] <= c && c <= (unsigned char)*p) return yes;
        } else if ((unsigned char)*p == c) {
            return yes;
        }
    }
    return !yes;
}

static int single_match(const pm_state *ms, const char *s, const char *p, const char *ep) {
    if (s >= ms->src_end) return 0;
    int c = (unsigned char)*s;
    switch (*p) {
    case '.': return 1;
    case PM_ESC: return class_match(c, (unsigned char)p[1]);
    case '[': return set_match(c, p, ep - 1);
    default: return (unsigned char)*p == c;
    }
}

static const char *match_balance(pm_state *ms, const char *s, const char *p) {
    if (p >= ms->p_end - 1)
        luaL_error(ms->L, "malformed pattern (missing arguments to '%%b')");
    if (s >= ms->src_end || *s != *p) return NULL;
    char open = p[0], close = p[1];
    int depth = 1;
    while (++s < ms->src_end) {
        step(ms);
        if (*s == close) {
            if (--depth == 0) return s + 1;
        } else if (*s == open) {
            depth++;
        }
    }
    return NULL;
}

/* Greedy: the longest run of p first, then shorter ones. */
static const char *max_expand(pm_state *ms, const char *s, const char *p, const char *ep) {
    ptrdiff_t i = 0;
    while (single_match(ms, s + i, p, ep)) {
        i++;
        step(ms);
    }
    for (; i >= 0; i--) {
        const char *r = do_match(ms, s + i, ep + 1);
        if (r) return r;
    }
    return NULL;
}

/* Lazy: the rest of the pattern first, then one more repetition. */
static const char *min_expand(pm_state *ms, const char *s, const char *p, const char *ep) {
    for (;;) {
        const char *r = do_match(ms, s, ep + 1);
        if (r) return r;
        if (!single_match(ms, s, p, ep)) return NULL;
        s++;
    }
}

static const char *start_capture(pm_state *ms, const char *s, const char *p, ptrdiff_t what) {
    if (ms->level >= PM_MAXCAPTURES) luaL_error(ms->L, "too many captures");
    ms->cap[ms->level].init = s;
    ms->cap[ms->level].len = what;
    ms->level++;
    const char *r = do_match(ms, s, p);
    if (!r) ms->level--;
    return r;
}

static const char *end_capture(pm_state *ms, const char *s, const char *p) {
    int l = ms->level - 1;
    while (l >= 0 && ms->cap[l].len != CAP_UNFINISHED) l--;
    if (l < 0) luaL_error(ms->L, "invalid pattern capture");
    ms->cap[l].len = s - ms->cap[l].init;
    const char *r = do_match(ms, s, p);
    if (!r) ms->cap[l].len = CAP_UNFINISHED;
    return r;
}

static int check_capture(pm_state *ms, int c) {
    int l = c - '1';
    if (l < 0 || l >= ms->level || ms->cap[l].len == CAP_UNFINISHED)
        return luaL_error(ms->L, "invalid capture index %%%d", l + 1);
    return l;
}

static const char *match_backref(pm_state *ms, const char *s, int c) {
    int l = check_capture(ms, c);
    ptrdiff_t len = ms->cap[l].len;
    if (len < 0) return NULL; /* a position capture matches no text */
    if (ms->src_end - s >= len && memcmp(ms->cap[l].init, s, (size_t)len) == 0) return s + len;
    return NULL;
}

static const char *match_frontier(pm_state *ms, const char *s, const char *p, const char **pnext) {
    p += 2;
    if (p >= ms->p_end || *p != '[') luaL_error(ms->L, "missing '[' after '%%f' in pattern");
    const char *ep = class_end(ms, p);
    int prev = s == ms->src_init ? 0 : (unsigned char)s[-1];
    int cur = s < ms->src_end ? (unsigned char)*s : 0;
    if (!set_match(prev, p, ep - 1) && set_match(cur, p, ep - 1)) {
        *pnext = ep;
        return s;
    }
    return NULL;
}

/* One item at p (with its repetition suffix) at s; NULL when it fails. */
static const char *match_item(pm_state *ms, const char *s, const char **pp, int *more) {
    const char *p = *pp, *ep = class_end(ms, p);
    int ok = single_match(ms, s, p, ep);
    *more = 1;
    if (!ok) {
        if (*ep == '*' || *ep == '?' || *ep == '-') {
            *pp = ep + 1; /* zero repetitions are fine */
            return s;
        }
        *more = 0;
        return NULL;
    }
    switch (*ep) {
    case '?': {
        const char *r = do_match(ms, s + 1, ep + 1);
        if (r) {
            *more = 0;
            return r;
        }
        *pp = ep + 1;
        return s;
    }
    case '+': *more = 0; return max_expand(ms, s + 1, p, ep);
    case '*': *more = 0; return max_expand(ms, s, p, ep);
    case '-': *more = 0; return min_expand(ms, s, p, ep);
    default: *pp = ep; return s + 1;
    }
}

static const char *match_loop(pm_state *ms, const char *s, const char *p) {
    for (;;) {
        step(ms);
        if (p == ms->p_end) return s;
        switch (*p) {
        case '(':
            if (p + 1 < ms->p_end && p[1] == ')') return start_capture(ms, s, p + 2, CAP_POSITION);
            return start_capture(ms, s, p + 1, CAP_UNFINISHED);
        case ')': return end_capture(ms, s, p + 1);
        case '$':
            if (p + 1 == ms->p_end) return s == ms->src_end ? s : NULL;
            break;
        case PM_ESC:
            if (p + 1 >= ms->p_end) break; /* class_end reports it */
            if (p[1] == 'b') {
                s = match_balance(ms, s, p + 2);
                if (!s) return NULL;
                p += 4;
                continue;
            }
            if (p[1] == 'f') {
                s = match_frontier(ms, s, p, &p);
                if (!s) return NULL;
                continue;
            }
            if (isdigit((unsigned char)p[1])) {
                s = match_backref(ms, s, (unsigned char)p[1]);
                if (!s) return NULL;
                p += 2;
                continue;
            }
            break;
        default: break;
        }
        int more;
        s = match_item(ms, s, &p, &more);
        if (!more || !s) return s;
    }
}

static const char *do_match(pm_state *ms, const char *s, const char *p) {
    if (ms->depth-- == 0) luaL_error(ms->L, "pattern too complex");
    const char *r = match_loop(ms, s, p);
    ms->depth++;
    return r;
}

/* ---- results ---- */

static void push_one(pm_state *ms, int i, const char *s, const char *e) {
    if (i >= ms->level) {
        if (i != 0) luaL_error(ms->L, "invalid capture index %%%d", i + 1);
        lua_pushlstring(ms->L, s, (size_t)(e - s)); /* the whole match */
        return;
    }
    ptrdiff_t l = ms->cap[i].len;
    if (l == CAP_UNFINISHED) luaL_error(ms->L, "unfinished capture");
    if (l == CAP_POSITION)
        lua_pushinteger(ms->L, (ms->cap[i].init - ms->src_init) + 1);
    else
        lua_pushlstring(ms->L, ms->cap[i].init, (size_t)l);
}

/* The captures, or the whole match when there are none (s != NULL). */
static int push_captures(pm_state *ms, const char *s, const char *e) {
    int n = (ms->level == 0 && s) ? 1 : ms->level;
    luaL_checkstack(ms->L, n, "too many captures");
    for (int i = 0; i < n; i++) push_one(ms, i, s, e);
    return n;
}

static void pm_init(pm_state *ms, lua_State *L, const char *s, size_t ls, const char *p,
                    size_t lp) {
    ms->L = L;
    ms->src_init = s;
    ms->src_end = s + ls;
    ms->p_end = p + lp;
    ms->steps = 0;
}

static void pm_reset(pm_state *ms) {
    ms->level = 0;
    ms->depth = PM_MAXDEPTH;
}

/* A relative start position (negative counts from the end) as 1..len+1,
** or len+2 when it is past the end. */
static size_t start_at(lua_Integer pos, size_t len) {
    if (pos > 0) return (size_t)pos > len + 1 ? len + 2 : (size_t)pos;
    if (pos == 0) return 1;
    if (pos < -(lua_Integer)len) return 1;
    return len + (size_t)pos + 1;
}

static int has_specials(const char *p, size_t lp) {
    for (size_t i = 0; i < lp; i++)
        if (strchr(PM_SPECIALS, p[i]) && p[i] != '\0') return 1;
    return 0;
}

/* Plain search; steps are charged per candidate position. */
static const char *find_plain(lua_State *L, const char *s, size_t ls, const char *p, size_t lp) {
    if (lp == 0) return s;
    if (lp > ls) return NULL;
    const char *end = s + (ls - lp) + 1;
    for (const char *q = s; q < end; q++) {
        q = memchr(q, *p, (size_t)(end - q));
        if (!q) return NULL;
        if (memcmp(q + 1, p + 1, lp - 1) == 0) {
            ps_lua_charge(L, (long)((q - s) / 16));
            return q;
        }
    }
    ps_lua_charge(L, (long)(ls / 16));
    return NULL;
}

static int find_aux(lua_State *L, int find) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_at(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) {
        luaL_pushfail(L);
        return 1;
    }
    if (find && (lua_toboolean(L, 4) || !has_specials(p, lp))) {
        const char *at = find_plain(L, s + init, ls - init, p, lp);
        if (!at) {
            luaL_pushfail(L);
            return 1;
        }
        lua_pushinteger(L, (at - s) + 1);
        lua_pushinteger(L, (lua_Integer)((at - s) + (ptrdiff_t)lp));
        return 2;
    }
    pm_state ms;
    const char *s1 = s + init;
    int anchor = lp > 0 && *p == '^';
    if (anchor) {
        p++;
        lp--;
    }
    pm_init(&ms, L, s, ls, p, lp);
    do {
        pm_reset(&ms);
        const char *e = do_match(&ms, s1, p);
        if (e) {
            charge(&ms);
            if (!find) return push_captures(&ms, s1, e);
            lua_pushinteger(L, (s1 - s) + 1);
            lua_pushinteger(L, e - s);
            return push_captures(&ms, NULL, NULL) + 2;
        }
    } while (s1++ < ms.src_end && !anchor);
    charge(&ms);
    luaL_pushfail(L);
    return 1;
}

static int pm_find(lua_State *L) {
    return find_aux(L, 1);
}

static int pm_match(lua_State *L) {
    return find_aux(L, 0);
}

/* ---- gmatch ---- */

typedef struct gm_state {
    const char *src, *p, *last;
    pm_state ms;
} gm_state;

static int gmatch_next(lua_State *L) {
    gm_state *gm = lua_touserdata(L, lua_upvalueindex(3));
    gm->ms.L = L; /* the iterator may be called from another coroutine */
    for (const char *src = gm->src; src <= gm->ms.src_end; src++) {
        pm_reset(&gm->ms);
        const char *e = do_match(&gm->ms, src, gm->p);
        if (e && e != gm->last) {
            gm->src = gm->last = e;
            charge(&gm->ms);
            return push_captures(&gm->ms, src, e);
        }
    }
    charge(&gm->ms);
    gm->src = gm->ms.src_end + 1; /* stays at the end */
    return 0;
}

static int pm_gmatch(lua_State *L) {
    size_t ls, lp;
    const char *s = luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    size_t init = start_at(luaL_optinteger(L, 3, 1), ls) - 1;
    if (init > ls) init = ls + 1; /* no match at all */
    lua_settop(L, 2);             /* the strings stay alive as upvalues */
    gm_state *gm = lua_newuserdatauv(L, sizeof *gm, 0);
    pm_init(&gm->ms, L, s, ls, p, lp);
    gm->src = s + init;
    gm->p = p;
    gm->last = NULL;
    lua_pushcclosure(L, gmatch_next, 3);
    return 1;
}

/* ---- gsub ---- */

static void add_string(pm_state *ms, luaL_Buffer *b, const char *s, const char *e) {
    size_t l;
    lua_State *L = ms->L;
    const char *news = lua_tolstring(L, 3, &l);
    const char *pct;
    while ((pct = memchr(news, PM_ESC, l)) != NULL) {
        luaL_addlstring(b, news, (size_t)(pct - news));
        pct++;
        if (*pct == PM_ESC) {
            luaL_addchar(b, *pct);
        } else if (*pct == '0') {
            luaL_addlstring(b, s, (size_t)(e - s));
        } else if (isdigit((unsigned char)*pct)) {
            push_one(ms, *pct - '1', s, e);
            luaL_tolstring(L, -1, NULL); /* a position capture is a number */
            lua_remove(L, -2);
            luaL_addvalue(b);
        } else {
            luaL_error(L, "invalid use of '%c' in replacement string", PM_ESC);
        }
        l -= (size_t)(pct + 1 - news);
        news = pct + 1;
    }
    luaL_addlstring(b, news, l);
}

/* Add the replacement of the match s..e; 1 when something was replaced. */
static int add_value(pm_state *ms, luaL_Buffer *b, const char *s, const char *e, int tr) {
    lua_State *L = ms->L;
    if (tr == LUA_TFUNCTION) {
        lua_pushvalue(L, 3);
        int n = push_captures(ms, s, e);
        lua_call(L, n, 1);
    } else if (tr == LUA_TTABLE) {
        push_one(ms, 0, s, e);
        lua_gettable(L, 3);
    } else {
        add_string(ms, b, s, e);
        return 1;
    }
    if (!lua_toboolean(L, -1)) {
        lua_pop(L, 1);
        luaL_addlstring(b, s, (size_t)(e - s)); /* keep the original text */
        return 0;
    }
    if (!lua_isstring(L, -1))
        return luaL_error(L, "invalid replacement value (a %s)", luaL_typename(L, -1));
    luaL_addvalue(b);
    return 1;
}

static int pm_gsub(lua_State *L) {
    size_t srcl, lp;
    const char *src = luaL_checklstring(L, 1, &srcl);
    const char *p = luaL_checklstring(L, 2, &lp);
    const char *last = NULL;
    int tr = lua_type(L, 3);
    lua_Integer max_s = luaL_optinteger(L, 4, (lua_Integer)srcl + 1);
    int anchor = lp > 0 && *p == '^';
    lua_Integer n = 0;
    int changed = 0;
    luaL_argexpected(L, tr == LUA_TNUMBER || tr == LUA_TSTRING || tr == LUA_TFUNCTION ||
                            tr == LUA_TTABLE, 3, "string/function/table");
    if (anchor) {
        p++;
        lp--;
    }
    pm_state ms;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    pm_init(&ms, L, src, srcl, p, lp);
    while (n < max_s) {
        pm_reset(&ms);
        const char *e = do_match(&ms, src, p);
        if (e && e != last) {
            n++;
            changed = add_value(&ms, &b, src, e, tr) | changed;
            src = last = e;
        } else if (src < ms.src_end) {
            luaL_addchar(&b, *src++);
        } else {
            break;
        }
        if (anchor) break;
    }
    charge(&ms);
    if (!changed) {
        lua_pushvalue(L, 1); /* nothing replaced: the same string */
    } else {
        luaL_addlstring(&b, src, (size_t)(ms.src_end - src));
        luaL_pushresult(&b);
    }
    lua_pushinteger(L, n);
    return 2;
}

void ps_lua_open_patterns(lua_State *L, int strlib) {
    static const luaL_Reg fns[] = {{"find", pm_find},
                                   {"match", pm_match},
                                   {"gmatch", pm_gmatch},
                                   {"gsub", pm_gsub},
                                   {NULL, NULL}};
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, strlib, f->name);
    }
}
