/// The limits of one evaluation (top level and hook together).
public struct RuleLimits: Sendable, Hashable {
    /// Lua VM instructions, counted in steps of 1,000.
    public var instructions: Int
    /// Bytes the whole Lua state may hold while the script runs (the libraries and a small script take about 20 KB).
    public var memoryBytes: Int

    public init(instructions: Int = 1_000_000, memoryBytes: Int = 4 << 20) {
        self.instructions = instructions
        self.memoryBytes = memoryBytes
    }
}
