import Foundation

/// The bounds a Word template (a ZIP package) must keep before jbt reads it: how many entries,
/// how large each part and all parts together may become when inflated, and which entry names are
/// acceptable. A template is a file anyone can hand to jbt; these bounds keep a hostile one
/// (a zip bomb, a name that climbs out of the package) from costing unbounded time, memory or disk,
/// and from being copied into every document jbt writes.
public struct PackageLimits: Sendable, Equatable {
    /// The template file itself.
    public var maxFileBytes: Int
    /// Entries in the package (a Word document has a few dozen).
    public var maxEntries: Int
    /// One inflated part that jbt fills (`word/document.xml`, a header, a footer).
    public var maxTemplatedPartBytes: Int
    /// One inflated part that jbt copies (an image, a font, the styles).
    public var maxPartBytes: Int
    /// All inflated parts together.
    public var maxTotalBytes: Int

    public init(maxFileBytes: Int = 64 << 20, maxEntries: Int = 1_000, maxTemplatedPartBytes: Int = 16 << 20,
                maxPartBytes: Int = 64 << 20, maxTotalBytes: Int = 128 << 20) {
        self.maxFileBytes = maxFileBytes
        self.maxEntries = maxEntries
        self.maxTemplatedPartBytes = maxTemplatedPartBytes
        self.maxPartBytes = maxPartBytes
        self.maxTotalBytes = maxTotalBytes
    }

    /// The limits jbt uses for every template.
    public static let standard = PackageLimits()

    /// Why `name` cannot be the name of an entry in a package jbt reads and writes, or nil when it can:
    /// no absolute paths, no `..` or `.` steps, no empty steps, no backslashes, drive letters or
    /// control characters.
    static func problem(withName name: String) -> String? {
        if name.isEmpty { return "een onderdeel zonder naam" }
        if name.utf8.count > 1_024 { return "een onderdeel met een naam van meer dan 1024 tekens" }
        if name.hasPrefix("/") { return "een onderdeel met een absoluut pad (begint met /)" }
        if name.contains("\\") { return "een onderdeel met een backslash in de naam" }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "een onderdeel met een stuurteken in de naam"
        }
        let steps = name.split(separator: "/", omittingEmptySubsequences: false)
        if let first = steps.first, first.count == 2, first.last == ":", first.first?.isLetter == true {
            return "een onderdeel met een stationsletter (\(first))"
        }
        // A trailing slash marks a folder entry; any other empty step is `a//b`.
        for (index, step) in steps.enumerated() where step.isEmpty && index != steps.count - 1 {
            return "een onderdeel met een lege stap in het pad (//)"
        }
        if steps.contains(where: { $0 == ".." }) { return "een onderdeel met .. in het pad (buiten het pakket)" }
        if steps.contains(where: { $0 == "." }) { return "een onderdeel met . in het pad" }
        return nil
    }

    static func megabytes(_ bytes: Int) -> String { "\(bytes >> 20) MB" }
}

/// Counts the bytes of one part while it is inflated and stops as soon as a limit is passed, so
/// a size the package declares falsely costs no more than the limit.
struct InflationBudget {
    let limits: PackageLimits
    let file: String
    private(set) var total = 0

    init(limits: PackageLimits, file: String) {
        self.limits = limits
        self.file = file
    }

    /// Thrown from inside the inflater's consumer to stop it; turned into a `DocumentError` by the caller.
    struct Exceeded: Error {
        var error: DocumentError
    }

    /// Checks a part's declared size before inflating it.
    func checkDeclared(path: String, size: UInt64, templated: Bool) throws {
        let limit = templated ? limits.maxTemplatedPartBytes : limits.maxPartBytes
        if size > UInt64(limit) {
            throw tooLarge(path: path, detail: "het pakket geeft dit onderdeel op als \(size) bytes uitgepakt; "
                           + "de grens is \(PackageLimits.megabytes(limit))")
        }
        if UInt64(total) + size > UInt64(limits.maxTotalBytes) {
            throw tooLarge(path: path, detail: "samen met de eerdere onderdelen wordt het pakket uitgepakt groter dan "
                           + "\(PackageLimits.megabytes(limits.maxTotalBytes))")
        }
    }

    /// Adds `count` inflated bytes of part `path`, of which `partSoFar` were already counted.
    mutating func add(_ count: Int, partSoFar: Int, path: String, templated: Bool) throws {
        let limit = templated ? limits.maxTemplatedPartBytes : limits.maxPartBytes
        total += count
        if partSoFar + count > limit {
            throw Exceeded(error: tooLarge(path: path, detail: "dit onderdeel wordt uitgepakt groter dan "
                                           + "\(PackageLimits.megabytes(limit)) (meer dan het pakket opgeeft)"))
        }
        if total > limits.maxTotalBytes {
            throw Exceeded(error: tooLarge(path: path, detail: "het pakket wordt uitgepakt groter dan "
                                           + "\(PackageLimits.megabytes(limits.maxTotalBytes))"))
        }
    }

    private func tooLarge(path: String, detail: String) -> DocumentError {
        DocumentError(.packageTooLarge, file: file, place: path,
                      detail: "\(detail); zo'n sjabloon kan een zipbom zijn en wordt niet gebruikt. "
                      + "Sla het sjabloon opnieuw op in Word, zonder grote ingesloten bestanden")
    }
}
