// A small C interface to COIN-OR CLP's simplex for the scheduler's linear relaxation and branch
// and bound. CLP's own C interface resets every bound at once, which makes each re-solve rebuild
// the scaled matrix and the factorization; here a bound changes alone and the dual simplex
// re-solves from the kept work areas and factorization, as a branch and bound needs. One call
// hands a part of the model to COIN-OR CBC's branch and cut.
#ifndef JBT_CLP_SHIM_H
#define JBT_CLP_SHIM_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct jbt_lp jbt_lp;

/// A new, empty model with CLP's messages off; NULL when out of memory.
jbt_lp *jbt_lp_new(void);
void jbt_lp_free(jbt_lp *lp);
/// An independent copy of the model, its solution and basis; NULL when out of memory.
jbt_lp *jbt_lp_copy(const jbt_lp *lp);
/// The model in column-major form: `start` has `columns + 1` entries into `rows` and `values`.
void jbt_lp_load(jbt_lp *lp, int columns, int rows, const int *start, const int *row, const double *value,
                 const double *columnLower, const double *columnUpper, const double *objective,
                 const double *rowLower, const double *rowUpper);
void jbt_lp_add_columns(jbt_lp *lp, int columns, const double *columnLower, const double *columnUpper,
                        const double *objective, const int *start, const int *row, const double *value);
void jbt_lp_set_column_bounds(jbt_lp *lp, int column, double lower, double upper);
/// The first solve (primal simplex from a slack basis).
void jbt_lp_initial_solve(jbt_lp *lp);
/// Re-solves from the last basis: the primal simplex after columns were added, the dual
/// simplex after bounds changed (keeping CLP's work areas between calls).
void jbt_lp_primal(jbt_lp *lp);
void jbt_lp_dual(jbt_lp *lp);
/// Branch and cut by COIN-OR CBC on the model's `count` given `columns` (every row), each a 0/1
/// variable: CBC's cut generators at the root and strong branching, no heuristics, at most
/// `maxNodes` nodes (the same on every machine), only solutions below `cutoff`. Returns 1 when it
/// found one (written to `solution`, a value per given column), 0 when not,
/// -1 on an error. Nothing is said about optimality: CBC's node solves go through CLP's
/// branch-and-bound shortcuts (special option 1024, set by OsiClp's resolve), which may call a
/// numerically troubled node infeasible, so a search CBC finishes is not taken as a proof.
/// Calls on different models may run at the same time (nothing they write is shared, checked on
/// CBC 2.10; with another version the calls take turns); `lp` is only read.
int jbt_lp_branch_and_cut(const jbt_lp *lp, int count, const int *columns, double cutoff, int maxNodes,
                          double *solution);
/// CLP's message level (0: silent; anything else prints to standard output).
int jbt_lp_log_level(const jbt_lp *lp);
/// 1 when the last solve ended at an optimum.
int jbt_lp_optimal(const jbt_lp *lp);
/// CLP's status of the last solve: 0 optimal, 1 primal infeasible, 2 dual infeasible, 3 stopped
/// on a limit, 4 stopped for numerical trouble.
int jbt_lp_status(const jbt_lp *lp);
/// Simplex iterations of the last solve.
int jbt_lp_iterations(const jbt_lp *lp);
double jbt_lp_objective(const jbt_lp *lp);
const double *jbt_lp_column_solution(const jbt_lp *lp);
const double *jbt_lp_row_duals(const jbt_lp *lp);

#ifdef __cplusplus
}
#endif
#endif
