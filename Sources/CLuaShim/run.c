/* One evaluation: a fresh state, the sandbox, the chunk, the top level, the hook, the result. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lua.h>
#include <lauxlib.h>
#include "sandbox.h"

typedef struct {
    sandbox box;
    const char *source;
    size_t length;
    const char *chunkname;     /* with the leading '=' */
    const char *hook;
    const jbt_value *args;
    jbt_value *result;
    int status;                /* Lua status of the script's part */
    int loading;               /* the failure happened while compiling */
    int missing_hook;
    int host_out_of_memory;
} run;

static void copy_message(sandbox *s, lua_State *L, int index) {
    if (lua_type(L, index) == LUA_TSTRING) snprintf(s->message, sizeof s->message, "%s", lua_tostring(L, index));
}

/* The globals the top level created or changed, compared with `baseline` (a copy taken before). */
static int changed_globals(lua_State *L, int baseline, jbt_value *out) {
    lua_pushglobaltable(L);
    int globals = lua_gettop(L);
    size_t count = 0;
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1 && jbt_value_set_container(out, JBT_TABLE, count) != 0) return -1;
        size_t i = 0;
        lua_pushnil(L);
        while (lua_next(L, globals) != 0) {
            if (lua_type(L, -2) == LUA_TSTRING) {
                lua_pushvalue(L, -2);
                lua_rawget(L, baseline);
                int same = lua_rawequal(L, -1, -2);
                lua_pop(L, 1);
                if (!same) {
                    if (pass == 1 && i < count) {
                        size_t length;
                        const char *key = lua_tolstring(L, -2, &length);
                        if (jbt_value_set_string(&out->keys[i], key, length) != 0
                            || value_from_lua(L, -1, &out->items[i]) != 0) {
                            lua_pop(L, 3);
                            return -1;
                        }
                    }
                    i++;
                }
            }
            lua_pop(L, 1);
        }
        count = i;
    }
    lua_pop(L, 1);
    return 0;
}

static int protected_run(lua_State *L) {
    run *r = lua_touserdata(L, 1);
    sandbox *s = &r->box;
    lua_settop(L, 0);
    sandbox_open(L);
    lua_pushcfunction(L, sandbox_message_handler);   /* index 1 */
    int baseline = 0;
    if (r->hook == NULL) {
        lua_newtable(L);
        baseline = lua_gettop(L);
        lua_pushglobaltable(L);
        lua_pushnil(L);
        while (lua_next(L, -2) != 0) {
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, baseline);
        }
        lua_pop(L, 1);
    }

    sandbox_arm(L);
    int status = luaL_loadbufferx(L, r->source, r->length, r->chunkname, "t");
    if (status != LUA_OK) {
        sandbox_disarm(L);
        r->status = status;
        r->loading = 1;
        copy_message(s, L, -1);
        return 0;
    }
    status = lua_pcall(L, 0, 0, 1);
    if (status == LUA_OK && r->hook != NULL) {
        s->capped = 0;   /* the host's own work: fetching the hook, pushing the arguments */
        lua_pushglobaltable(L);
        lua_pushstring(L, r->hook);
        lua_rawget(L, -2);
        lua_remove(L, -2);
        if (lua_type(L, -1) != LUA_TFUNCTION) {
            sandbox_disarm(L);
            r->missing_hook = 1;
            snprintf(s->message, sizeof s->message, "de functie '%s' bestaat niet (het is een %s)", r->hook,
                     luaL_typename(L, -1));
            return 0;
        }
        int count = 0;
        if (r->args && r->args->kind == JBT_LIST) {
            luaL_checkstack(L, (int)r->args->count + 2, "te veel argumenten");
            for (size_t i = 0; i < r->args->count; i++, count++) {
                value_push(L, &r->args->items[i]);
                if (r->args->items[i].kind == JBT_TABLE) proxy_wrap(L, (int)i + 1);
            }
        }
        s->capped = 1;
        status = lua_pcall(L, count, 1, 1);
    }
    sandbox_disarm(L);
    if (status != LUA_OK) {
        r->status = status;
        return 0;
    }
    int failed = r->hook ? value_from_lua(L, -1, r->result) : changed_globals(L, baseline, r->result);
    if (failed) r->host_out_of_memory = 1;
    return 0;
}

static jbt_run_status classify(run *r, jbt_outcome *outcome) {
    sandbox *s = &r->box;
    outcome->line = s->line;
    snprintf(outcome->message, sizeof outcome->message, "%s", s->message);
    if (r->missing_hook) return JBT_RUN_ERROR;
    switch (s->kill) {
    case KILL_BUDGET: return JBT_RUN_BUDGET;
    case KILL_MEMORY: if (!outcome->line) outcome->line = s->last_line; return JBT_RUN_MEMORY;
    case KILL_FORBIDDEN: return JBT_RUN_FORBIDDEN;
    default: break;
    }
    if (r->status == LUA_ERRMEM) {
        if (!outcome->line) outcome->line = s->last_line;
        snprintf(outcome->message, sizeof outcome->message, "de geheugengrens van %zu bytes is bereikt", s->cap);
        return JBT_RUN_MEMORY;
    }
    if (r->loading) return JBT_RUN_SYNTAX;
    if (r->status == LUA_ERRERR && outcome->message[0] == 0)
        snprintf(outcome->message, sizeof outcome->message, "fout in de foutafhandeling (te diepe recursie?)");
    return JBT_RUN_ERROR;
}

jbt_run_status jbt_rule_run(const char *source, size_t length, const char *chunkname, const char *hook,
                            const jbt_value *args, jbt_limits limits, jbt_value **result, jbt_outcome *outcome) {
    memset(outcome, 0, sizeof *outcome);
    *result = NULL;
    run r;
    memset(&r, 0, sizeof r);
    r.box.cap = limits.memory_bytes;
    r.box.budget = limits.instructions;
    if (hook != NULL) r.box.trace = &outcome->trace;
    r.source = source;
    r.length = length;
    r.hook = hook;
    r.args = args;
    size_t name_length = strlen(chunkname);
    char *name = malloc(name_length + 2);
    r.result = jbt_value_new();
    lua_State *L = lua_newstate(sandbox_alloc, &r.box);
    if (name == NULL || r.result == NULL || L == NULL) {
        free(name);
        jbt_value_free(r.result);
        if (L) lua_close(L);
        outcome->status = JBT_RUN_HOST;
        snprintf(outcome->message, sizeof outcome->message, "geen geheugen om de regel uit te voeren");
        return JBT_RUN_HOST;
    }
    name[0] = '=';
    memcpy(name + 1, chunkname, name_length + 1);
    r.chunkname = name;

    lua_pushcfunction(L, protected_run);
    lua_pushlightuserdata(L, &r);
    int outer = lua_pcall(L, 1, 0, 0);
    sandbox_disarm(L);
    jbt_run_status status;
    if (outer != LUA_OK || r.host_out_of_memory) {
        status = JBT_RUN_HOST;
        snprintf(outcome->message, sizeof outcome->message, "de regel kon niet worden uitgevoerd: %s",
                 outer != LUA_OK && lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "geen geheugen");
    } else if (r.status != LUA_OK || r.missing_hook || r.box.kill) {
        status = classify(&r, outcome);
    } else {
        status = JBT_RUN_OK;
        *result = r.result;
        r.result = NULL;
    }
    outcome->status = status;
    outcome->spent = r.box.spent;
    lua_close(L);   /* no finalisers can exist (setmetatable refuses __gc), so closing runs no script code */
    jbt_value_free(r.result);
    free(name);
    return status;
}
