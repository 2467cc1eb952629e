// Replaced by the sandbox tests from the lua branch.
