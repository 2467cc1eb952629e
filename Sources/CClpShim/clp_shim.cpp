#include "clp_shim.h"
#include <coin/ClpSimplex.hpp>
#include <coin/CbcConfig.h>
#include <coin/CbcModel.hpp>
#include <coin/CglClique.hpp>
#include <coin/CglFlowCover.hpp>
#include <coin/CglGomory.hpp>
#include <coin/CglKnapsackCover.hpp>
#include <coin/CglMixedIntegerRounding2.hpp>
#include <coin/CglTwomir.hpp>
#include <coin/CglZeroHalf.hpp>
#include <coin/OsiClpSolverInterface.hpp>
#include <mutex>
#include <new>
#include <vector>

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

int jbt_lp_branch_and_cut(const jbt_lp *lp, int count, const int *columns, double cutoff, int maxNodes,
                          double *solution) {
    // CBC on a model without columns writes where it should not (and there is nothing to find).
    if (count <= 0) return 0;
#if !(CBC_VERSION_MAJOR == 2 && CBC_VERSION_MINOR == 10)
    // Two calls at once were checked on CBC 2.10 (below); another version gets one at a time.
    static std::mutex oneAtATime;
    std::lock_guard<std::mutex> guard(oneAtATime);
#endif
    try {
        const int rows = lp->model.numberRows();
        std::vector<int> allRows(rows);
        for (int i = 0; i < rows; i++) allRows[i] = i;
        ClpSimplex simplex(&lp->model, rows, allRows.data(), count, columns);
        simplex.setLogLevel(0);
        for (int j = 0; j < count; j++) simplex.setColumnBounds(j, 0.0, 1.0);
        OsiClpSolverInterface solver(&simplex, false);
        for (int j = 0; j < count; j++) solver.setInteger(j);
        solver.messageHandler()->setLogLevel(0);
        solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);
        CbcModel model(solver);
        model.setLogLevel(0);
        model.messageHandler()->setLogLevel(0);
        model.solver()->messageHandler()->setLogLevel(0);
        // The cut generators CBC's own solver uses by default, probing aside (slow here, and
        // without effect on these models), at the root only.
        CglGomory gomory;
        gomory.setLimitAtRoot(1000);
        CglTwomir twomir;
        twomir.setMaxElements(250);
        CglClique clique;
        clique.setStarCliqueReport(false);
        clique.setRowCliqueReport(false);
        CglMixedIntegerRounding2 rounding;
        CglKnapsackCover knapsack;
        CglFlowCover flow;
        CglZeroHalf zeroHalf;
        model.addCutGenerator(&gomory, -99, "Gomory");
        model.addCutGenerator(&knapsack, -99, "Knapsack");
        model.addCutGenerator(&clique, -99, "Clique");
        model.addCutGenerator(&rounding, -99, "MixedIntegerRounding2");
        model.addCutGenerator(&flow, -99, "FlowCover");
        model.addCutGenerator(&twomir, -99, "TwoMirCuts");
        model.addCutGenerator(&zeroHalf, -99, "ZeroHalf");
        // Two calls may run at the same time, each on its own objects (the dives' threads). The
        // one state CBC shares between models on this path is CoinDrand48's seed, drawn from where
        // CBC makes up a "fake objective" for models with few costed variables (every variable
        // here has a cost, so it never does); this option keeps it from ever doing so. Checked
        // against the CBC 2.10.8, Cgl 0.60.3, Clp 1.17.6 and CoinUtils 2.11.4 sources and
        // Debian's libraries (every writable symbol and what writes it), and under helgrind.
        model.setMoreSpecialOptions(model.moreSpecialOptions() | 536870912);
        model.setMaximumCutPassesAtRoot(3);
        model.setNumberStrong(5);
        model.setNumberBeforeTrust(10);
        model.setNumberThreads(0);
        model.setMaximumNodes(maxNodes);
        model.setCutoff(cutoff);
        // Integer costs: a better plan is better by at least one.
        model.setCutoffIncrement(0.9999);
        model.branchAndBound();
        if (model.getSolutionCount() > 0 && model.bestSolution() && model.getObjValue() < cutoff) {
            const double *best = model.bestSolution();
            for (int j = 0; j < count; j++) solution[j] = best[j];
            return 1;
        }
        return 0;
    } catch (...) {
        return -1;
    }
}

int jbt_lp_log_level(const jbt_lp *lp) { return lp->model.logLevel(); }
int jbt_lp_optimal(const jbt_lp *lp) { return lp->model.isProvenOptimal() ? 1 : 0; }
int jbt_lp_status(const jbt_lp *lp) { return lp->model.problemStatus(); }
int jbt_lp_iterations(const jbt_lp *lp) { return lp->model.numberIterations(); }
double jbt_lp_objective(const jbt_lp *lp) { return lp->model.objectiveValue(); }
const double *jbt_lp_column_solution(const jbt_lp *lp) { return lp->model.getColSolution(); }
const double *jbt_lp_row_duals(const jbt_lp *lp) { return lp->model.getRowPrice(); }

}
