/*
 * The sandbox: a memory cap in the allocator, an instruction budget in a count hook, and the
 * libraries a rule may use (base, table, string, math, utf8) with everything that reaches outside
 * the state, loads code, or escapes the budget removed or wrapped. Removed names are not merely
 * absent: touching one stops the script as "forbidden", with a message saying why.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>
#include <lua.h>
#include <lauxlib.h>
#include <lualib.h>
#include "sandbox.h"

enum { HOOK_STEP = 1000, FIND_MAX_WORK = 10000000, BYTES_PER_INSTRUCTION = 64, TEXT_BYTES_PER_INSTRUCTION = 16 };

static long long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (long long)t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void count_hook(lua_State *L, lua_Debug *ar);

/* ---- allocator ---- */

void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    sandbox *s = ud;
    size_t old = ptr ? osize : 0;   /* without ptr, osize is a type tag, not a size */
    if (nsize == 0) {
        free(ptr);
        s->used -= old;
        return NULL;
    }
    /* Growth beyond the cap is refused while a script runs; shrinking never fails. */
    if (s->capped && nsize > old) {
        if (s->used - old + nsize > s->cap) return NULL;
        /* Allocating is work too (a concatenation copies its bytes): it is charged to the budget,
           which the count hook checks at its next tick. */
        s->spent += (long long)((nsize - old) / BYTES_PER_INSTRUCTION);
    }
    void *block = realloc(ptr, nsize);
    if (block == NULL) return NULL;
    s->used = s->used - old + nsize;
    if (s->capped && !s->tracing && s->L && s->used > s->cap / 2) {
        /* Near the cap: follow the script's line at every instruction, so a memory error (which
           Lua raises without calling the message handler) can still name its line. lua_sethook
           only sets fields, so it is safe here. */
        s->tracing = 1;
        s->step = 1;
        lua_sethook(s->L, count_hook, LUA_MASKCOUNT, 1);
    }
    return block;
}

sandbox *sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return ud;
}

int sandbox_current_line(lua_State *L, int level) {
    lua_Debug ar;
    for (int i = level; i < level + 200 && lua_getstack(L, i, &ar); i++)
        if (lua_getinfo(L, "l", &ar) && ar.currentline > 0) return ar.currentline;
    return 0;
}

/* Stops the script: the reason is sticky, so a pcall inside the script cannot swallow it. */
static int kill(lua_State *L, int reason, const char *format, ...) {
    sandbox *s = sandbox_of(L);
    if (!s->kill) {
        s->kill = reason;
        va_list args;
        va_start(args, format);
        vsnprintf(s->message, sizeof s->message, format, args);
        va_end(args);
        if (!s->line) s->line = sandbox_current_line(L, 0);
        /* Should anything swallow the error, the hook raises it again at the next instruction. */
        s->step = 1;
        lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
    }
    lua_pushliteral(L, "jbt: regel gestopt");
    return lua_error(L);
}

/* ---- budget ---- */

static const char BUDGET_MESSAGE[] = "de rekengrens van %lld instructies is overschreden (een eindeloze lus, of te veel werk)";

static void count_hook(lua_State *L, lua_Debug *ar) {
    sandbox *s = sandbox_of(L);
    if (lua_getinfo(L, "l", ar) && ar->currentline > 0) s->last_line = ar->currentline;
    s->spent += s->step;
    int late = now_ns() > s->deadline;
    if (!s->kill && s->spent <= s->budget && !late) return;
    if (!s->kill) s->line = ar->currentline > 0 ? ar->currentline : 0;
    s->step = 1;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);   /* from now on: stop at every instruction */
    if (late && s->spent <= s->budget)
        kill(L, KILL_BUDGET, "de rekentijd van %.1f s is overschreden", (double)(s->deadline - s->started) / 1e9);
    kill(L, KILL_BUDGET, BUDGET_MESSAGE, s->budget);
}

/* Charges the work of a C function (which the count hook cannot see) to the budget. */
void sandbox_charge(lua_State *L, long long cost) {
    sandbox *s = sandbox_of(L);
    s->spent += cost;
    if (s->spent > s->budget) kill(L, KILL_BUDGET, BUDGET_MESSAGE, s->budget);
}

void sandbox_arm(lua_State *L) {
    sandbox *s = sandbox_of(L);
    s->L = L;
    if (!s->deadline) {
        /* About 1 microsecond per instruction allowed, at least 1 s: a hundred times what a rule needs. */
        double seconds = s->budget / 1e6 < 1 ? 1 : s->budget / 1e6;
        s->started = now_ns();
        s->deadline = s->started + (long long)(seconds * 1e9);
    }
    if (!s->tracing) s->step = s->budget < HOOK_STEP ? (s->budget > 0 ? (int)s->budget : 1) : HOOK_STEP;
    lua_sethook(L, count_hook, LUA_MASKCOUNT, s->step);
    s->capped = 1;
}

void sandbox_disarm(lua_State *L) {
    sandbox *s = sandbox_of(L);
    s->capped = 0;
    lua_sethook(L, NULL, 0, 0);
}

/* ---- the message handler of the outermost call ---- */

int sandbox_message_handler(lua_State *L) {
    sandbox *s = sandbox_of(L);
    if (!s->line) s->line = sandbox_current_line(L, 1);
    if (s->kill) return 1;
    /* Copy the message without allocating (the memory cap may be reached). */
    switch (lua_type(L, 1)) {
    case LUA_TSTRING: snprintf(s->message, sizeof s->message, "%s", lua_tostring(L, 1)); break;
    case LUA_TNUMBER:
        if (lua_isinteger(L, 1)) snprintf(s->message, sizeof s->message, "fout %lld", (long long)lua_tointeger(L, 1));
        else snprintf(s->message, sizeof s->message, "fout %g", (double)lua_tonumber(L, 1));
        break;
    case LUA_TNIL: snprintf(s->message, sizeof s->message, "fout zonder bericht (nil)"); break;
    default:
        snprintf(s->message, sizeof s->message, "fout zonder tekst: het foutobject is een %s; geef error() een tekst",
                 lua_typename(L, lua_type(L, 1)));
        break;
    }
    return 1;
}

/* ---- forbidden names ---- */

/* __index of a guarded table: upvalue 1 maps forbidden names to the reason. */
static int guarded_index(lua_State *L) {
    if (lua_type(L, 2) == LUA_TSTRING) {
        lua_pushvalue(L, 2);
        if (lua_rawget(L, lua_upvalueindex(1)) == LUA_TSTRING)
            return kill(L, KILL_FORBIDDEN, "'%s' is niet toegestaan in een regel: %s", lua_tostring(L, 2), lua_tostring(L, -1));
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    return 1;
}

typedef struct { const char *name; const char *reason; } forbidden_name;

/* Removes `names` from the table on top of the stack and guards it so touching them stops the script. */
static void guard(lua_State *L, const forbidden_name *names) {
    int table = lua_gettop(L);
    lua_newtable(L);                       /* reasons */
    for (const forbidden_name *n = names; n->name; n++) {
        lua_pushnil(L);
        lua_setfield(L, table, n->name);
        lua_pushstring(L, n->reason);
        lua_setfield(L, -2, n->name);
    }
    lua_newtable(L);                       /* metatable */
    lua_insert(L, -2);
    lua_pushcclosure(L, guarded_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, table);
}

static const char NO_FILES[] = "een regel leest en schrijft geen bestanden";
static const char NO_OS[] = "een regel heeft geen toegang tot het besturingssysteem";
static const char NO_CODE[] = "een regel laadt geen andere code";
static const char NO_PATTERN[] = "patronen kunnen de rekengrens omzeilen; zoek een gewone tekst met string.find(tekst, stuk, 1, true)";

static const forbidden_name GLOBALS[] = {
    { "io", NO_FILES }, { "os", NO_OS }, { "debug", "de debugbibliotheek kan de sandbox openbreken" },
    { "package", NO_CODE }, { "require", NO_CODE }, { "load", NO_CODE }, { "loadfile", NO_CODE },
    { "dofile", NO_CODE }, { "loadstring", NO_CODE },
    { "collectgarbage", "het geheugenbeheer is van de sandbox" },
    { "print", "een regel geeft een waarde terug en schrijft niets" }, { "warn", "een regel schrijft niets" },
    { "coroutine", "coroutines vallen buiten de rekengrens" },
    { NULL, NULL }
};
static const forbidden_name STRINGS[] = {
    { "dump", "bytecode is niet toegestaan" },
    { "match", NO_PATTERN }, { "gmatch", NO_PATTERN }, { "gsub", NO_PATTERN },
    { "pack", "binaire gegevens horen niet in een regel" }, { "unpack", "binaire gegevens horen niet in een regel" },
    { "packsize", "binaire gegevens horen niet in een regel" },
    { NULL, NULL }
};
static const forbidden_name MATHS[] = {
    { "random", "een regel moet bij dezelfde invoer hetzelfde antwoord geven" },
    { "randomseed", "een regel moet bij dezelfde invoer hetzelfde antwoord geven" },
    { NULL, NULL }
};
static const forbidden_name TABLES[] = {
    { "move", "kan buiten de rekengrens om lang duren; gebruik een for-lus" },
    { NULL, NULL }
};


/* ---- the same answer for the same input ---- */

/* `tostring` of a table, function or coroutine shows its heap address in plain Lua, which differs
   from run to run (and would reach an agenda or decide a comparison). Here such a value is named by
   the order in which the evaluation first asked for it ("table: 1", "function: 2"): a function of
   the evaluation, which is itself deterministic. A value with its own __tostring keeps it. */
static const char IDENTITIES = 0;

static int has_address(lua_State *L, int index) {
    int t = lua_type(L, index);
    return t == LUA_TTABLE || t == LUA_TFUNCTION || t == LUA_TTHREAD || t == LUA_TUSERDATA
        || t == LUA_TLIGHTUSERDATA;
}

/* Pushes the fixed name of the value at `index` (which has_address); charges nothing. May raise (memory). */
static void push_identity(lua_State *L, int index) {
    index = lua_absindex(L, index);
    if (lua_rawgetp(L, LUA_REGISTRYINDEX, &IDENTITIES) != LUA_TTABLE) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_rawsetp(L, LUA_REGISTRYINDEX, &IDENTITIES);
    }
    int identities = lua_gettop(L);
    lua_pushvalue(L, index);
    lua_Integer id;
    if (lua_rawget(L, identities) == LUA_TNUMBER) {
        id = lua_tointeger(L, -1);
    } else {
        id = (lua_Integer)lua_rawlen(L, identities) + 1;
        lua_pushvalue(L, index);
        lua_rawseti(L, identities, id);     /* the list of named values: its length is the next id */
        lua_pushvalue(L, index);
        lua_pushinteger(L, id);
        lua_rawset(L, identities);
    }
    lua_pop(L, 2);
    const char *kind = luaL_typename(L, index);
    if (luaL_getmetafield(L, index, "__name") != LUA_TNIL) {
        if (lua_type(L, -1) == LUA_TSTRING) kind = lua_tostring(L, -1);
        lua_pushfstring(L, "%s: %I", kind, (LUAI_UACINT)id);
        lua_remove(L, -2);
    } else {
        lua_pushfstring(L, "%s: %I", kind, (LUAI_UACINT)id);
    }
}

static int sb_tostring(lua_State *L) {
    luaL_checkany(L, 1);
    if (has_address(L, 1) && luaL_getmetafield(L, 1, "__tostring") == LUA_TNIL) {
        push_identity(L, 1);
        return 1;
    }
    lua_settop(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 1, 1);
    return 1;
}

/* string.format: `%p` is an address and is refused; `%s` of a table or function without its own
   __tostring gets the fixed name `tostring` gives. */
static int sb_format(lua_State *L) {
    size_t length;
    const char *format = luaL_checklstring(L, 1, &length);
    int argument = 1;
    for (size_t i = 0; i < length; i++) {
        if (format[i] != '%') continue;
        i++;
        if (i < length && format[i] == '%') continue;
        while (i < length && strchr("-+ #0123456789.", format[i]) != NULL) i++;
        if (i >= length) break;
        argument++;
        if (format[i] == 'p')
            return kill(L, KILL_FORBIDDEN, "string.format met %%p is niet toegestaan in een regel: het geeft een "
                        "geheugenadres, dat per run verschilt (een regel geeft bij dezelfde invoer hetzelfde antwoord)");
        if (format[i] != 's' || argument > lua_gettop(L) || !has_address(L, argument)) continue;
        if (luaL_getmetafield(L, argument, "__tostring") != LUA_TNIL) {
            lua_pop(L, 1);
            continue;
        }
        push_identity(L, argument);
        lua_replace(L, argument);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* ---- wrapped functions ---- */

static int sb_pcall(lua_State *L) {
    luaL_checkany(L, 1);
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 2, LUA_MULTRET, 0);
    if (status == LUA_OK) return lua_gettop(L);
    sandbox *s = sandbox_of(L);
    if (status == LUA_ERRMEM && !s->kill) {
        s->kill = KILL_MEMORY;
        s->line = s->last_line;
    }
    if (s->kill) return lua_error(L);      /* a limit or a forbidden act is not the script's to catch */
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
}

/* The script's message handler, called only for the script's own errors. Lua calls a handler for
   an error raised inside the count hook with hooks switched off: a script's handler looping there
   would never be stopped, so after a stop the handler is skipped. */
static int xpcall_handler(lua_State *L) {
    if (sandbox_of(L)->kill) return 1;
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_xpcall(lua_State *L) {
    int n = lua_gettop(L);
    luaL_checktype(L, 2, LUA_TFUNCTION);
    lua_pushvalue(L, 2);
    lua_pushcclosure(L, xpcall_handler, 1);
    lua_replace(L, 2);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, 1);
    lua_rotate(L, 3, 2);                   /* f, handler, true, f, args... */
    int status = lua_pcall(L, n - 2, LUA_MULTRET, 2);
    if (status == LUA_OK) return lua_gettop(L) - 2;
    sandbox *s = sandbox_of(L);
    if (status == LUA_ERRMEM && !s->kill) {
        s->kill = KILL_MEMORY;
        s->line = s->last_line;
    }
    if (s->kill) return lua_error(L);
    lua_pushboolean(L, 0);
    lua_pushvalue(L, -2);
    return 2;
}

static int sb_getmetatable(lua_State *L) {
    luaL_checkany(L, 1);
    if (lua_type(L, 1) != LUA_TTABLE)
        return kill(L, KILL_FORBIDDEN, "getmetatable op een %s is niet toegestaan in een regel", luaL_typename(L, 1));
    if (!lua_getmetatable(L, 1)) { lua_pushnil(L); return 1; }
    luaL_getmetafield(L, 1, "__metatable");
    return 1;
}

static int sb_setmetatable(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int t = lua_type(L, 2);
    luaL_argexpected(L, t == LUA_TNIL || t == LUA_TTABLE, 2, "nil or table");
    if (t == LUA_TTABLE) {
        /* A finaliser runs with hooks off, outside the budget. */
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return kill(L, KILL_FORBIDDEN, "een metatabel met __gc is niet toegestaan in een regel");
        lua_pop(L, 1);
        /* Weak tables (ephemerons) can make a collection cycle quadratic, and the collector runs unhooked. */
        lua_pushliteral(L, "__mode");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return kill(L, KILL_FORBIDDEN, "een metatabel met __mode (zwakke tabel) is niet toegestaan in een regel");
        lua_pop(L, 1);
    }
    if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
    lua_settop(L, 2);
    lua_setmetatable(L, 1);
    return 1;
}

static int has_specials(const char *p, size_t length) {
    for (size_t i = 0; i < length; i++)
        if (strchr("^$*+?.([%-", p[i]) && p[i] != 0) return 1;
    return 0;
}

/* string.find with plain text only, and bounded work (the search runs in C, outside the hook). */
static int sb_find(lua_State *L) {
    size_t ls, lp;
    luaL_checklstring(L, 1, &ls);
    const char *p = luaL_checklstring(L, 2, &lp);
    if (!lua_toboolean(L, 4) && has_specials(p, lp))
        return kill(L, KILL_FORBIDDEN, "string.find met een patroon ('%.40s') is niet toegestaan in een regel: %s", p, NO_PATTERN);
    if ((double)ls * (double)(lp ? lp : 1) > FIND_MAX_WORK)
        return kill(L, KILL_BUDGET, "string.find op te lange tekst (%zu en %zu tekens) past niet in de rekengrens", ls, lp);
    lua_settop(L, 3);
    lua_pushboolean(L, 1);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 4, LUA_MULTRET);
    return lua_gettop(L);
}

/* string.rep refused before it starts when the result would not fit (and "" repeated is just ""). */
static int sb_rep(lua_State *L) {
    size_t l, lsep;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || l + lsep == 0) {
        lua_pushliteral(L, "");
        return 1;
    }
    double total = (double)l * (double)n + (double)lsep * (double)(n - 1);
    sandbox *s = sandbox_of(L);
    if (total > (double)s->cap)
        return kill(L, KILL_MEMORY, "string.rep zou %.0f bytes maken; de geheugengrens is %zu bytes", total, s->cap);
    lua_settop(L, 3);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, 3, 1);
    return 1;
}

/* `pairs` in a fixed order. Lua seeds its string hashes per state, so plain `pairs` over text keys
   visits them in a different order from run to run, and a rule that stops at its first match would
   plan differently for the same input. Here the keys are collected once and sorted: numbers
   ascending, then texts by their bytes, then false before true; one other key (a table, a function)
   comes last, and two or more are refused (their only order is their addresses). A table with a metatable is refused, as for the table
   functions (its __pairs could hide work in C), except a hook argument's proxy. */
static int key_rank(lua_State *L, int i) {
    switch (lua_type(L, i)) {
    case LUA_TNUMBER: return 0;
    case LUA_TSTRING: return 1;
    case LUA_TBOOLEAN: return 2;
    default: return 3;
    }
}

/* -1, 0 or 1 for the keys at stack slots a and b. */
static int key_order(lua_State *L, int a, int b) {
    int ra = key_rank(L, a), rb = key_rank(L, b);
    if (ra != rb) return ra < rb ? -1 : 1;
    switch (ra) {
    case 0:
        if (lua_compare(L, a, b, LUA_OPLT)) return -1;
        return lua_compare(L, b, a, LUA_OPLT) ? 1 : 0;
    case 1: {
        size_t la, lb;
        const char *sa = lua_tolstring(L, a, &la), *sb = lua_tolstring(L, b, &lb);
        int c = memcmp(sa, sb, la < lb ? la : lb);
        if (c != 0) return c < 0 ? -1 : 1;
        return la == lb ? 0 : (la < lb ? -1 : 1);
    }
    case 2: return lua_toboolean(L, a) - lua_toboolean(L, b);
    default: return 0;
    }
}

/* Upvalues: the table (or proxy), the sorted keys, the position, and whether the table is a proxy. */
static int sorted_next(lua_State *L) {
    lua_Integer i = lua_tointeger(L, lua_upvalueindex(3)) + 1;
    if (lua_rawgeti(L, lua_upvalueindex(2), i) == LUA_TNIL) return 1;
    lua_pushinteger(L, i);
    lua_replace(L, lua_upvalueindex(3));
    if (lua_toboolean(L, lua_upvalueindex(4))) {
        proxy_get_untracked(L, lua_upvalueindex(1), -1);
        return 2;
    }
    lua_pushvalue(L, -1);
    lua_rawget(L, lua_upvalueindex(1));
    return 2;
}

lua_Integer sandbox_sorted_keys(lua_State *L, int table) {
    table = lua_absindex(L, table);
    lua_newtable(L);
    int keys = lua_gettop(L);
    lua_Integer n = 0;
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        lua_pop(L, 1);
        lua_pushvalue(L, -1);
        lua_rawseti(L, keys, ++n);
    }
    sandbox_charge(L, 1 + (long long)((double)n * (log2((double)n + 1) + 1)));
    /* Keys that are tables or functions have no order but their addresses, which differ per run. */
    int unordered = 0;
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, keys, i);
        unordered += key_rank(L, -1) == 3;
        lua_pop(L, 1);
    }
    if (unordered > 1)
        kill(L, KILL_FORBIDDEN, "pairs of next over een tabel met tabellen of functies als sleutel is niet toegestaan in "
             "een regel: hun volgorde verschilt per run; gebruik teksten of getallen als sleutel");
    /* Insertion of each key into the sorted prefix, by binary search: stable, n log n comparisons. */
    for (lua_Integer i = 2; i <= n; i++) {
        lua_rawgeti(L, keys, i);                       /* the key to place */
        int key = lua_gettop(L);
        lua_Integer lo = 1, hi = i;
        while (lo < hi) {
            lua_Integer mid = (lo + hi) / 2;
            lua_rawgeti(L, keys, mid);
            int c = key_order(L, key, lua_gettop(L));
            lua_pop(L, 1);
            if (c < 0) hi = mid; else lo = mid + 1;
        }
        for (lua_Integer j = i; j > lo; j--) {        /* shift: moving references, no hashing */
            lua_rawgeti(L, keys, j - 1);
            lua_rawseti(L, keys, j);
        }
        lua_rawseti(L, keys, lo);
        sandbox_charge(L, (long long)(i - lo));        /* the shifts are work too */
    }
    return n;
}

/* pairs on a hook argument (a proxy) visits what the plain table would hold, and marks the trace
   "everything": which keys exist is a property of the whole input. */
static int sb_pairs(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_settop(L, 1);
    int proxy = proxy_is(L, 1);
    if (proxy) {
        proxy_snapshot(L, 1);                          /* 2 */
    } else {
        if (lua_getmetatable(L, 1))
            return kill(L, KILL_FORBIDDEN, "pairs op een tabel met een metatabel is niet toegestaan in een regel");
        lua_pushvalue(L, 1);
    }
    sandbox_sorted_keys(L, 2);                         /* 3: the keys, in order */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 3);
    lua_pushinteger(L, 0);
    lua_pushboolean(L, proxy);
    lua_pushcclosure(L, sorted_next, 4);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

/* next on a proxy: the key after `key` in pairs order (fixed, unlike plain next's hash order). */
static int sb_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    int proxy = proxy_is(L, 1);
    lua_settop(L, 2);
    if (proxy) {
        proxy_snapshot(L, 1);                          /* 3 */
    } else {
        /* Plain `next` follows the hash order, which the per-state seed changes from run to run. */
        if (lua_getmetatable(L, 1))
            return kill(L, KILL_FORBIDDEN, "next op een tabel met een metatabel is niet toegestaan in een regel");
        lua_pushvalue(L, 1);                           /* 3 */
    }
    lua_Integer n = sandbox_sorted_keys(L, 3);         /* 4 */
    lua_Integer i = 0;
    if (!lua_isnil(L, 2)) {
        for (i = 1; i <= n; i++) {
            lua_rawgeti(L, 4, i);
            int found = lua_rawequal(L, -1, 2);
            lua_pop(L, 1);
            if (found) break;
        }
        sandbox_charge(L, (long long)i);
        if (i > n) return luaL_error(L, "invalid key to 'next'");
    }
    if (lua_rawgeti(L, 4, i + 1) == LUA_TNIL) return 1;
    if (!proxy) {
        lua_pushvalue(L, -1);
        lua_rawget(L, 1);
        return 2;
    }
    proxy_get_untracked(L, 1, -1);
    return 2;
}

static int sb_rawget(lua_State *L) {
    if (proxy_is(L, 1)) return proxy_rawget(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_rawset(lua_State *L) {
    if (proxy_is(L, 1)) return proxy_rawset(L);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

static int sb_rawlen(lua_State *L) {
    if (proxy_is(L, 1)) {
        lua_Integer n = proxy_length(L, 1);
        sandbox_charge(L, 1 + (long long)n);
        lua_pushinteger(L, n);
        return 1;
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

enum { COST_TEXT = 0, COST_TABLE = 1, COST_SORT = 2 };

/* Every C function of string, table and utf8 (and tonumber/tostring) runs through here: its work,
   linear in the size of its arguments, is charged to the budget before it starts. The table
   functions refuse tables with a metatable, whose __len/__index could make them loop in C. */
static int metered(lua_State *L) {
    int n = lua_gettop(L);
    int mode = (int)lua_tointeger(L, lua_upvalueindex(2));
    long long cost = 1;
    if (mode != COST_TEXT && lua_type(L, 1) == LUA_TTABLE) {
        double length;
        if (proxy_is(L, 1)) {
            /* A hook argument: its metamethods are the shim's own and bounded; the answer may
               depend on the whole input. */
            length = (double)proxy_length(L, 1);
        } else if (lua_getmetatable(L, 1)) {
            return kill(L, KILL_FORBIDDEN, "table.%s op een tabel met een metatabel is niet toegestaan in een regel",
                        lua_tostring(L, lua_upvalueindex(3)));
        } else {
            length = (double)lua_rawlen(L, 1);
        }
        cost += (long long)(mode == COST_SORT ? length * (log2(length + 1) + 1) : length);
    }
    for (int i = 1; i <= n; i++)
        if (lua_type(L, i) == LUA_TSTRING) cost += (long long)(lua_rawlen(L, i) / TEXT_BYTES_PER_INSTRUCTION);
    sandbox_charge(L, cost);
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, n, LUA_MULTRET);
    return lua_gettop(L);
}

/* Meters every function in the table on top of the stack (or only `name` when given). */
static void meter(lua_State *L, const char *name, int mode) {
    int table = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, table) != 0) {
        if (lua_type(L, -1) == LUA_TFUNCTION && lua_type(L, -2) == LUA_TSTRING
            && (name == NULL || strcmp(lua_tostring(L, -2), name) == 0)) {
            const char *key = lua_tostring(L, -2);
            int m = mode == COST_TABLE && strcmp(key, "sort") == 0 ? COST_SORT : mode;
            lua_pushvalue(L, -1);               /* key, original, | original */
            lua_pushinteger(L, m);              /* mode */
            lua_pushvalue(L, -4);               /* name */
            lua_pushcclosure(L, metered, 3);    /* key, original, closure */
            lua_pushvalue(L, -3);
            lua_insert(L, -2);                  /* key, original, key, closure */
            lua_rawset(L, table);               /* replacing an existing key keeps lua_next valid */
        }
        lua_pop(L, 1);
    }
}

/* Replaces field `name` of the table on top of the stack by `f`, with the original as upvalue. */
static void wrap(lua_State *L, const char *name, lua_CFunction f) {
    lua_getfield(L, -1, name);
    lua_pushcclosure(L, f, 1);
    lua_setfield(L, -2, name);
}

static void open(lua_State *L, const char *name, lua_CFunction opener) {
    luaL_requiref(L, name, opener, 1);
    lua_pop(L, 1);
}

void sandbox_open(lua_State *L) {
    open(L, LUA_GNAME, luaopen_base);
    open(L, LUA_TABLIBNAME, luaopen_table);
    open(L, LUA_STRLIBNAME, luaopen_string);
    open(L, LUA_MATHLIBNAME, luaopen_math);
    open(L, LUA_UTF8LIBNAME, luaopen_utf8);
    /* luaL_requiref leaves the modules in the registry's _LOADED; nothing can reach it from a script. */

    lua_pushglobaltable(L);
    lua_pushcfunction(L, sb_pcall);
    lua_setfield(L, -2, "pcall");
    lua_pushcfunction(L, sb_xpcall);
    lua_setfield(L, -2, "xpcall");
    lua_pushcfunction(L, sb_getmetatable);
    lua_setfield(L, -2, "getmetatable");
    lua_pushcfunction(L, sb_setmetatable);
    lua_setfield(L, -2, "setmetatable");
    lua_pushcfunction(L, sb_pairs);
    lua_setfield(L, -2, "pairs");
    wrap(L, "next", sb_next);
    wrap(L, "rawget", sb_rawget);
    wrap(L, "rawset", sb_rawset);
    wrap(L, "rawlen", sb_rawlen);
    guard(L, GLOBALS);
    wrap(L, "tostring", sb_tostring);
    meter(L, "tonumber", COST_TEXT);
    meter(L, "tostring", COST_TEXT);

    lua_getfield(L, -1, LUA_STRLIBNAME);
    wrap(L, "find", sb_find);
    wrap(L, "rep", sb_rep);
    wrap(L, "format", sb_format);
    guard(L, STRINGS);
    meter(L, NULL, COST_TEXT);
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_MATHLIBNAME);
    guard(L, MATHS);
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_TABLIBNAME);
    guard(L, TABLES);
    meter(L, NULL, COST_TABLE);
    lua_pop(L, 1);
    lua_getfield(L, -1, LUA_UTF8LIBNAME);
    meter(L, NULL, COST_TEXT);
    lua_pop(L, 1);
    lua_pop(L, 1);

    /* The metatable of strings: read-only for scripts. */
    lua_pushliteral(L, "");
    if (lua_getmetatable(L, -1)) {
        lua_pushboolean(L, 0);
        lua_setfield(L, -2, "__metatable");
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
}
