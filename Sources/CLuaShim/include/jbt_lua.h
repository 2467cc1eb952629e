#ifndef JBT_LUA_H
#define JBT_LUA_H
/*
 * A sandboxed Lua 5.4 evaluation behind plain C values. Nothing Lua-specific crosses this header:
 * the caller hands in a source text and a tree of `jbt_value`s and gets a tree back. Every Lua
 * error (and so every longjmp) is caught inside the shim.
 */
#include <stddef.h>

typedef enum {
    JBT_NIL = 0,
    JBT_BOOL = 1,
    JBT_NUMBER = 2,
    JBT_STRING = 3,
    JBT_LIST = 4,    /* a table with keys 1...n (an empty table is an empty list) */
    JBT_TABLE = 5,   /* a table whose keys are all strings */
    JBT_OPAQUE = 6   /* anything else: `bytes` holds a description (Lua type name, e.g. "function") */
} jbt_kind;

/// One value. Trees are owned by whoever made them and freed with `jbt_value_free`.
typedef struct jbt_value {
    jbt_kind kind;
    int boolean;
    double number;
    char *bytes;                 /* STRING contents (not NUL-terminated in Lua terms), OPAQUE description */
    size_t length;
    size_t count;                /* LIST/TABLE: number of items */
    struct jbt_value *items;     /* LIST/TABLE: the values */
    struct jbt_value *keys;      /* TABLE: the keys (all STRING) */
    int line;                    /* OPAQUE function: the line it was defined on; otherwise 0 */
} jbt_value;

/// A new NIL value (NULL when out of memory).
jbt_value *jbt_value_new(void);
/// Frees a tree made by `jbt_value_new` or returned by `jbt_rule_run`.
void jbt_value_free(jbt_value *value);
/// Makes `value` a STRING holding a copy of `bytes`. Returns 0, or -1 when out of memory.
int jbt_value_set_string(jbt_value *value, const char *bytes, size_t length);
/// Makes `value` a LIST or TABLE of `count` NIL items (and, for a TABLE, NIL keys to set with
/// `jbt_value_set_string`). Returns 0, or -1 when out of memory.
int jbt_value_set_container(jbt_value *value, jbt_kind kind, size_t count);

typedef enum {
    JBT_RUN_OK = 0,
    JBT_RUN_SYNTAX = 1,     /* the text does not compile (or is bytecode) */
    JBT_RUN_ERROR = 2,      /* a runtime error, or the hook is not a function */
    JBT_RUN_BUDGET = 3,     /* the instruction budget ran out */
    JBT_RUN_MEMORY = 4,     /* the memory cap was reached */
    JBT_RUN_FORBIDDEN = 5,  /* the script touched something the sandbox does not offer */
    JBT_RUN_HOST = 6        /* the host could not set up the evaluation (out of memory) */
} jbt_run_status;

typedef struct {
    long long instructions;   /* VM instructions allowed for the whole evaluation */
    size_t memory_bytes;      /* bytes the Lua state may hold while the script runs */
} jbt_limits;

enum { JBT_TRACE_MAX = 64, JBT_TRACE_KEY_MAX = 64 };

/// One field of a hook argument the script read: `argument` is 1-based, `key` its name (not NUL-terminated).
typedef struct {
    int argument;
    size_t length;
    char key[JBT_TRACE_KEY_MAX];
} jbt_read;

/**
 * What a hook call saw of its table arguments (which reach the script as read-only-looking
 * proxies): the distinct fields it read, in the order of their first read. When `everything` is
 * set, the script also saw the arguments as a whole after `reads[count - 1]` (pairs, next, #,
 * tostring, ipairs, a table function, returning or converting an argument, a non-text key, more
 * than JBT_TRACE_MAX fields): its answer may depend on every field.
 */
typedef struct {
    int everything;
    size_t count;
    jbt_read reads[JBT_TRACE_MAX];
} jbt_trace;

typedef struct {
    jbt_run_status status;
    int line;                 /* the Lua line of the failure; 0 when unknown */
    char message[600];        /* the failure in words (Lua's own message for runtime errors) */
    jbt_trace trace;          /* what the hook read of its table arguments (also when it failed) */
    long long spent;          /* instructions the evaluation used (counted as the budget counts them) */
} jbt_outcome;

/**
 * One evaluation in a fresh, sandboxed lua_State: loads `source` as text (never bytecode) under
 * the chunk name `=chunkname`, runs its top level and then, when `hook` is not NULL, calls the
 * global function `hook` with the items of `args` (a LIST) as arguments. On JBT_RUN_OK `*result`
 * holds the hook's first result, or (hook == NULL) a TABLE of the global variables the top level
 * created or changed, functions as OPAQUE "function" with their line. The caller frees `*result`.
 * Every TABLE argument reaches the hook as a proxy that behaves like the table but logs the fields
 * the script reads into `outcome->trace`: the result (or failure) is a function of those values.
 */
jbt_run_status jbt_rule_run(const char *source, size_t length, const char *chunkname, const char *hook,
                            const jbt_value *args, jbt_limits limits, jbt_value **result, jbt_outcome *outcome);

#endif
