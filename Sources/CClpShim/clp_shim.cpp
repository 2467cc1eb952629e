#include "clp_shim.h"
#include <coin/ClpSimplex.hpp>
#include <new>

struct jbt_lp {
    ClpSimplex model;
    /// Work areas and the factorization are kept from the last solve.
    bool warm = false;
};

extern "C" {

jbt_lp *jbt_lp_new(void) {
    jbt_lp *lp = new (std::nothrow) jbt_lp();
    // CLP's default options: its shortcuts for branch and bound (special option 1024) may report
    // a numerically troubled node as infeasible, which would cut it and could make a proof wrong.
    if (lp) lp->model.setLogLevel(0);
    return lp;
}

void jbt_lp_free(jbt_lp *lp) { delete lp; }

jbt_lp *jbt_lp_copy(const jbt_lp *lp) {
    jbt_lp *copy = new (std::nothrow) jbt_lp();
    if (copy) {
        copy->model = lp->model;
        // The assignment copies the message handler's level afresh: silence it again.
        copy->model.setLogLevel(0);
    }
    return copy;
}

void jbt_lp_load(jbt_lp *lp, int columns, int rows, const int *start, const int *row, const double *value,
                 const double *columnLower, const double *columnUpper, const double *objective,
                 const double *rowLower, const double *rowUpper) {
    lp->model.loadProblem(columns, rows, start, row, value, columnLower, columnUpper, objective, rowLower, rowUpper);
    lp->warm = false;
}

void jbt_lp_add_columns(jbt_lp *lp, int columns, const double *columnLower, const double *columnUpper,
                        const double *objective, const int *start, const int *row, const double *value) {
    lp->model.addColumns(columns, columnLower, columnUpper, objective, start, row, value);
    lp->warm = false;
}

void jbt_lp_set_column_bounds(jbt_lp *lp, int column, double lower, double upper) {
    lp->model.setColumnBounds(column, lower, upper);
}

void jbt_lp_initial_solve(jbt_lp *lp) {
    lp->model.initialPrimalSolve();
    lp->warm = false;
}

void jbt_lp_primal(jbt_lp *lp) {
    lp->model.primal(0, 0);
    lp->warm = false;
}

void jbt_lp_dual(jbt_lp *lp) {
    // 1: keep work areas and factorization; 2: reuse the factorization; 4: skip what has not
    // changed. Only column bounds have (through setColumnBounds; CLP copies them again in any
    // case); the matrix, the rows, the objective and the basis are those of the last solve.
    if (lp->warm) {
        lp->model.setWhatsChanged(ROW_COLUMN_COUNTS_SAME | MATRIX_SAME | ROW_LOWER_SAME | ROW_UPPER_SAME |
                                  OBJECTIVE_SAME | BASIS_SAME);
        lp->model.dual(0, 1 | 2 | 4);
    } else {
        lp->model.dual(0, 1);
    }
    lp->warm = true;
}

int jbt_lp_log_level(const jbt_lp *lp) { return lp->model.logLevel(); }
int jbt_lp_optimal(const jbt_lp *lp) { return lp->model.isProvenOptimal() ? 1 : 0; }
int jbt_lp_status(const jbt_lp *lp) { return lp->model.problemStatus(); }
int jbt_lp_iterations(const jbt_lp *lp) { return lp->model.numberIterations(); }
double jbt_lp_objective(const jbt_lp *lp) { return lp->model.objectiveValue(); }
const double *jbt_lp_column_solution(const jbt_lp *lp) { return lp->model.getColSolution(); }
const double *jbt_lp_row_duals(const jbt_lp *lp) { return lp->model.getRowPrice(); }

}
