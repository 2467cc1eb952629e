#ifndef JBT_SANDBOX_H
#define JBT_SANDBOX_H
/* Internal to CLuaShim: the state of one sandboxed evaluation. */
#include <lua.h>
#include "jbt_lua.h"

enum { KILL_NONE = 0, KILL_BUDGET, KILL_MEMORY, KILL_FORBIDDEN };

typedef struct {
    size_t used;          /* bytes currently held by the Lua state */
    size_t cap;           /* memory cap, enforced only while `capped` */
    int capped;
    long long budget;     /* instructions allowed */
    long long spent;      /* instructions counted so far (in steps of `step`) */
    int step;
    int kill;             /* why the script was stopped (KILL_*); sticky: pcall cannot undo it */
    int line;             /* the Lua line of the failure, 0 unknown */
    int last_line;        /* the line the count hook last saw (for memory errors) */
    long long started, deadline;   /* monotonic nanoseconds: a backstop for work the counts cannot see */
    int tracing;          /* the hook runs at every instruction (memory above half the cap) */
    lua_State *L;
    jbt_trace *trace;     /* where the proxies log the fields the hook reads; NULL without a hook */
    char message[600];
} sandbox;

/* The allocator given to lua_newstate, with a `sandbox` as its user data. */
void *sandbox_alloc(void *ud, void *ptr, size_t osize, size_t nsize);
/* The sandbox of a state. */
sandbox *sandbox_of(lua_State *L);
/* Opens the safe libraries and installs the wrappers. May raise (memory). */
void sandbox_open(lua_State *L);
/* Starts/stops the limits around script code. */
void sandbox_arm(lua_State *L);
void sandbox_disarm(lua_State *L);
/* The error handler passed to lua_pcall: records message and line, keeps the error object. */
int sandbox_message_handler(lua_State *L);
/* The first Lua line on the call stack from `level` up; 0 if none. */
int sandbox_current_line(lua_State *L, int level);

/* Charges the work of a C function (which the count hook cannot see) to the budget; may raise. */
void sandbox_charge(lua_State *L, long long cost);
/* Pushes a list of the keys of the plain table at `table` in pairs order; returns their number. May raise. */
lua_Integer sandbox_sorted_keys(lua_State *L, int table);

/* Proxies (proxy.c): a hook's table arguments, logging what the script reads into the trace. */
/* Replaces the table on top of the stack by its proxy; `argument` is its 1-based position. */
void proxy_wrap(lua_State *L, int argument);
int proxy_is(lua_State *L, int index);
/* The script saw the arguments as a whole: its answer may depend on every field. */
void proxy_mark_everything(lua_State *L);
/* Pushes a plain table with what the proxy holds (input fields and the script's writes); marks everything. */
void proxy_snapshot(lua_State *L, int index);
/* Pushes the proxy's value at `key` without logging it. */
void proxy_get_untracked(lua_State *L, int proxy, int key);
/* The length `#` of the plain table the proxy stands for (its first border); marks everything. */
lua_Integer proxy_length(lua_State *L, int index);
/* rawget and rawset on a proxy (arguments at 1, 2, 3): rawget is a tracked read. */
int proxy_rawget(lua_State *L);
int proxy_rawset(lua_State *L);

/* Values: Lua -> C (never raises; returns -1 when the host is out of memory) and C -> Lua (may raise). */
int value_from_lua(lua_State *L, int index, jbt_value *out);
void value_push(lua_State *L, const jbt_value *value);
void value_clear(jbt_value *value);
#endif
