/* jbt_value trees and their conversion to and from Lua values. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <lua.h>
#include <lauxlib.h>
#include "sandbox.h"

enum { MAX_DEPTH = 32, MAX_NODES = 100000 };

jbt_value *jbt_value_new(void) { return calloc(1, sizeof(jbt_value)); }

void value_clear(jbt_value *value) {
    if (value == NULL) return;
    for (size_t i = 0; i < value->count; i++) {
        if (value->items) value_clear(&value->items[i]);
        if (value->keys) value_clear(&value->keys[i]);
    }
    free(value->items);
    free(value->keys);
    free(value->bytes);
    memset(value, 0, sizeof *value);
}

void jbt_value_free(jbt_value *value) {
    value_clear(value);
    free(value);
}

static int set_bytes(jbt_value *value, jbt_kind kind, const char *bytes, size_t length) {
    char *copy = malloc(length + 1);
    if (copy == NULL) return -1;
    if (length > 0) memcpy(copy, bytes, length);
    copy[length] = 0;
    value_clear(value);
    value->kind = kind;
    value->bytes = copy;
    value->length = length;
    return 0;
}

int jbt_value_set_string(jbt_value *value, const char *bytes, size_t length) {
    return set_bytes(value, JBT_STRING, bytes, length);
}

int jbt_value_set_container(jbt_value *value, jbt_kind kind, size_t count) {
    if (kind != JBT_LIST && kind != JBT_TABLE) return -1;
    value_clear(value);
    jbt_value *items = calloc(count ? count : 1, sizeof(jbt_value));
    jbt_value *keys = kind == JBT_TABLE ? calloc(count ? count : 1, sizeof(jbt_value)) : NULL;
    if (items == NULL || (kind == JBT_TABLE && keys == NULL)) {
        free(items);
        free(keys);
        return -1;
    }
    value->kind = kind;
    value->items = items;
    value->keys = keys;
    value->count = count;
    return 0;
}

/* ---- Lua -> C: raw access only, so no script code (metamethods) runs during conversion. ---- */

typedef struct { size_t nodes; } conversion;

static int opaque(jbt_value *out, const char *description) {
    return set_bytes(out, JBT_OPAQUE, description, strlen(description));
}

static int convert(lua_State *L, int index, jbt_value *out, int depth, conversion *c);

static int convert_table(lua_State *L, int index, jbt_value *out, int depth, conversion *c) {
    if (depth >= MAX_DEPTH) return opaque(out, "een tabel die te diep genest is");
    if (!lua_checkstack(L, 8)) return opaque(out, "een tabel die te diep genest is");
    if (proxy_is(L, index)) {   /* a hook argument (or one the script returns): what it holds */
        proxy_snapshot(L, index);
        int r = convert_table(L, lua_gettop(L), out, depth, c);
        lua_pop(L, 1);
        return r;
    }
    /* First pass: classify. */
    size_t count = 0, strings = 0;
    lua_Integer max = 0;
    int integers_only = 1;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {
        count++;
        if (lua_type(L, -2) == LUA_TSTRING) {
            strings++;
            integers_only = 0;
        } else if (lua_isinteger(L, -2)) {
            lua_Integer k = lua_tointeger(L, -2);
            if (k < 1) integers_only = 0; else if (k > max) max = k;
        } else {
            integers_only = 0;
        }
        lua_pop(L, 1);
    }
    if (c->nodes + count > MAX_NODES) return opaque(out, "een tabel die te groot is");
    c->nodes += count;
    if (count > 0 && strings != count && !(integers_only && (size_t)max == count))
        return opaque(out, "een tabel met gemengde sleutels");
    if (count == 0 || strings != count) {
        if (jbt_value_set_container(out, JBT_LIST, count) != 0) return -1;
        for (size_t i = 0; i < count; i++) {
            lua_rawgeti(L, index, (lua_Integer)i + 1);
            int r = convert(L, lua_gettop(L), &out->items[i], depth + 1, c);
            lua_pop(L, 1);
            if (r != 0) return -1;
        }
        return 0;
    }
    if (jbt_value_set_container(out, JBT_TABLE, count) != 0) return -1;
    size_t i = 0;
    lua_pushnil(L);
    while (lua_next(L, index) != 0) {   /* the same `count` string keys as the first pass */
        size_t length;
        const char *key = lua_tolstring(L, -2, &length);   /* a string already: no conversion */
        if (jbt_value_set_string(&out->keys[i], key, length) != 0
            || convert(L, lua_gettop(L), &out->items[i], depth + 1, c) != 0) {
            lua_pop(L, 2);
            return -1;
        }
        lua_pop(L, 1);
        i++;
    }
    return 0;
}

static int convert(lua_State *L, int index, jbt_value *out, int depth, conversion *c) {
    value_clear(out);
    switch (lua_type(L, index)) {
    case LUA_TNIL: out->kind = JBT_NIL; return 0;
    case LUA_TBOOLEAN: out->kind = JBT_BOOL; out->boolean = lua_toboolean(L, index); return 0;
    case LUA_TNUMBER:
        out->kind = JBT_NUMBER;
        out->number = lua_isinteger(L, index) ? (double)lua_tointeger(L, index) : lua_tonumber(L, index);
        return 0;
    case LUA_TSTRING: {
        size_t length;
        const char *bytes = lua_tolstring(L, index, &length);
        return jbt_value_set_string(out, bytes, length);
    }
    case LUA_TTABLE: return convert_table(L, index, out, depth, c);
    case LUA_TFUNCTION: {
        if (opaque(out, "function") != 0) return -1;
        lua_Debug ar;
        lua_pushvalue(L, index);
        if (lua_getinfo(L, ">S", &ar) && ar.linedefined > 0) out->line = ar.linedefined;
        return 0;
    }
    default: return opaque(out, lua_typename(L, lua_type(L, index)));
    }
}

int value_from_lua(lua_State *L, int index, jbt_value *out) {
    conversion c = { 0 };
    return convert(L, lua_absindex(L, index), out, 0, &c);
}

/* ---- C -> Lua ---- */

static void push(lua_State *L, const jbt_value *value, int depth) {
    luaL_checkstack(L, 3, "argumenten te diep genest");
    switch (value->kind) {
    case JBT_BOOL: lua_pushboolean(L, value->boolean); return;
    case JBT_NUMBER: {
        double d = value->number;
        if (d == floor(d) && fabs(d) < 9007199254740992.0) lua_pushinteger(L, (lua_Integer)d);
        else lua_pushnumber(L, d);
        return;
    }
    case JBT_STRING: lua_pushlstring(L, value->bytes ? value->bytes : "", value->length); return;
    case JBT_LIST:
        if (depth >= MAX_DEPTH) break;
        lua_createtable(L, (int)value->count, 0);
        for (size_t i = 0; i < value->count; i++) {
            push(L, &value->items[i], depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i + 1);
        }
        return;
    case JBT_TABLE:
        if (depth >= MAX_DEPTH) break;
        lua_createtable(L, 0, (int)value->count);
        for (size_t i = 0; i < value->count; i++) {
            if (value->items[i].kind == JBT_NIL || value->keys[i].kind != JBT_STRING) continue;
            lua_pushlstring(L, value->keys[i].bytes, value->keys[i].length);
            push(L, &value->items[i], depth + 1);
            lua_rawset(L, -3);
        }
        return;
    default: break;
    }
    lua_pushnil(L);
}

void value_push(lua_State *L, const jbt_value *value) { push(L, value, 0); }
