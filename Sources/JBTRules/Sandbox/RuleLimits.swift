/// The limits of one evaluation (top level and hook together), and of all of a region's
/// evaluations in one command together.
public struct RuleLimits: Sendable, Hashable {
    /// Lua VM instructions, counted in steps of 1,000.
    public var instructions: Int
    /// Bytes the whole Lua state may hold while the script runs (the libraries and a small script take about 20 KB).
    public var memoryBytes: Int
    /// Lua VM instructions for all evaluations of one region's rules in one command together
    /// (counted as `instructions` is: deterministic). About 0.2 s of work: thousands of evaluations
    /// of an ordinary rule, twenty of one that uses its whole per-call limit every time.
    public var totalInstructions: Int

    public init(instructions: Int = 1_000_000, memoryBytes: Int = 4 << 20, totalInstructions: Int = 20_000_000) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
        self.totalInstructions = totalInstructions
    }
}
