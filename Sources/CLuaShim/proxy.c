/*
 * Hook arguments as proxies. A hook's table arguments (`zaak`, `plek`) reach the script as empty
 * tables whose protected metatable looks every read up in the real table and logs the field in
 * the evaluation's trace. An evaluation is deterministic, so its answer is a function of the
 * values it read; the host memoises on exactly those (a decision tree per hook).
 *
 * Whatever could see an argument without going through __index either goes through the same
 * lookup (rawget) or marks the trace "everything" (pairs, next, #, rawlen, tostring, the table
 * functions, a non-text key, converting an argument into a result). Writes land on the proxy
 * itself and are remembered, so a written field never reads from the input again, even after it
 * was set to nil: the proxy behaves like the plain table it stands for.
 */
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "sandbox.h"

static const char PROXY_TAG = 0;
enum { MT_REAL = 1, MT_WRITTEN = 2, MT_ARGUMENT = 3 };

/* 1 and its metatable pushed when the value at `index` is a proxy; otherwise 0, nothing pushed. */
static int push_proxy_metatable(lua_State *L, int index) {
    if (lua_type(L, index) != LUA_TTABLE || !lua_getmetatable(L, index)) return 0;
    if (lua_rawgetp(L, -1, &PROXY_TAG) == LUA_TBOOLEAN) {
        lua_pop(L, 1);
        return 1;
    }
    lua_pop(L, 2);
    return 0;
}

int proxy_is(lua_State *L, int index) {
    if (!push_proxy_metatable(L, index)) return 0;
    lua_pop(L, 1);
    return 1;
}

void proxy_mark_everything(lua_State *L) {
    sandbox *s = sandbox_of(L);
    if (s->trace) s->trace->everything = 1;
}

/* Logs the first read of field `key` (a stack index) of argument `argument`. */
static void log_read(lua_State *L, int argument, int key) {
    jbt_trace *t = sandbox_of(L)->trace;
    if (t == NULL || t->everything) return;
    if (lua_type(L, key) != LUA_TSTRING) {
        t->everything = 1;   /* the inputs have text keys only, but a general answer costs nothing */
        return;
    }
    size_t length;
    const char *name = lua_tolstring(L, key, &length);
    for (size_t i = 0; i < t->count; i++)
        if (t->reads[i].argument == argument && t->reads[i].length == length && memcmp(t->reads[i].key, name, length) == 0)
            return;
    if (t->count == JBT_TRACE_MAX || length > JBT_TRACE_KEY_MAX) {
        t->everything = 1;
        return;
    }
    jbt_read *r = &t->reads[t->count++];
    r->argument = argument;
    r->length = length;
    memcpy(r->key, name, length);
}

/* Pushes what the plain table would hold at `key` (absolute indices); logs the read when `track`. */
static void get(lua_State *L, int proxy, int key, int track) {
    lua_pushvalue(L, key);
    if (lua_rawget(L, proxy) != LUA_TNIL) return;        /* written by the script */
    lua_pop(L, 1);
    push_proxy_metatable(L, proxy);                      /* mt */
    lua_rawgeti(L, -1, MT_WRITTEN);
    lua_pushvalue(L, key);
    int written = lua_rawget(L, -2) != LUA_TNIL;
    lua_pop(L, 2);
    if (written) {                                       /* written, then set to nil */
        lua_pop(L, 1);
        lua_pushnil(L);
        return;
    }
    if (track) {
        lua_rawgeti(L, -1, MT_ARGUMENT);
        int argument = (int)lua_tointeger(L, -1);
        lua_pop(L, 1);
        log_read(L, argument, key);
    }
    lua_rawgeti(L, -1, MT_REAL);                         /* mt, real */
    lua_pushvalue(L, key);
    lua_rawget(L, -2);                                   /* mt, real, value */
    lua_replace(L, -3);
    lua_pop(L, 1);
}

/* A write: remembered (so the key never reads from the input again), then stored on the proxy. */
static void set(lua_State *L, int proxy, int key, int value) {
    push_proxy_metatable(L, proxy);
    lua_rawgeti(L, -1, MT_WRITTEN);
    lua_pushvalue(L, key);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);                                   /* raises for a nil or NaN key, as a plain table does */
    lua_pop(L, 2);
    lua_pushvalue(L, key);
    lua_pushvalue(L, value);
    lua_rawset(L, proxy);
}

int proxy_rawget(lua_State *L) {
    luaL_checkany(L, 2);
    get(L, 1, 2, 1);
    return 1;
}

int proxy_rawset(lua_State *L) {
    luaL_checkany(L, 3);
    set(L, 1, 2, 3);
    lua_settop(L, 1);
    return 1;
}

void proxy_snapshot(lua_State *L, int index) {
    int proxy = lua_absindex(L, index);
    proxy_mark_everything(L);
    lua_newtable(L);
    int out = lua_gettop(L);
    push_proxy_metatable(L, proxy);
    lua_rawgeti(L, -1, MT_REAL);
    int real = lua_gettop(L);
    lua_rawgeti(L, -2, MT_WRITTEN);
    int written = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, real) != 0) {
        lua_pushvalue(L, -2);
        int was_written = lua_rawget(L, written) != LUA_TNIL;
        lua_pop(L, 1);
        if (!was_written) {
            lua_pushvalue(L, -2);
            lua_pushvalue(L, -2);
            lua_rawset(L, out);
        }
        lua_pop(L, 1);
    }
    lua_pushnil(L);
    while (lua_next(L, proxy) != 0) {
        lua_pushvalue(L, -2);
        lua_pushvalue(L, -2);
        lua_rawset(L, out);
        lua_pop(L, 1);
    }
    lua_settop(L, out);
}

void proxy_get_untracked(lua_State *L, int proxy, int key) {
    get(L, lua_absindex(L, proxy), lua_absindex(L, key), 0);
}

lua_Integer proxy_length(lua_State *L, int index) {
    int proxy = lua_absindex(L, index);
    proxy_mark_everything(L);
    lua_Integer n = 0;
    for (;;) {
        lua_pushinteger(L, n + 1);
        get(L, proxy, lua_gettop(L), 0);
        int absent = lua_isnil(L, -1);
        lua_pop(L, 2);
        if (absent) return n;
        n++;
    }
}

/* ---- the metamethods ---- */

static int proxy_index(lua_State *L) {
    get(L, 1, 2, 1);
    return 1;
}

static int proxy_newindex(lua_State *L) {
    set(L, 1, 2, 3);
    return 0;
}

static int proxy_len(lua_State *L) {
    lua_Integer n = proxy_length(L, 1);
    sandbox_charge(L, 1 + (long long)n);
    lua_pushinteger(L, n);
    return 1;
}

/* A fixed text: a table's address would differ from run to run. */
static int proxy_tostring(lua_State *L) {
    proxy_mark_everything(L);
    push_proxy_metatable(L, 1);
    lua_rawgeti(L, -1, MT_ARGUMENT);
    lua_pushfstring(L, "argument %d", (int)lua_tointeger(L, -1));
    return 1;
}

void proxy_wrap(lua_State *L, int argument) {
    int real = lua_gettop(L);
    lua_newtable(L);                              /* the proxy */
    lua_createtable(L, 3, 6);                     /* its metatable, out of the script's reach */
    lua_pushvalue(L, real);
    lua_rawseti(L, -2, MT_REAL);
    lua_newtable(L);
    lua_rawseti(L, -2, MT_WRITTEN);
    lua_pushinteger(L, argument);
    lua_rawseti(L, -2, MT_ARGUMENT);
    lua_pushboolean(L, 1);
    lua_rawsetp(L, -2, &PROXY_TAG);
    lua_pushcfunction(L, proxy_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, proxy_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, proxy_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, proxy_tostring);
    lua_setfield(L, -2, "__tostring");
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_replace(L, real);
}
