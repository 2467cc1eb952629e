import Foundation

/// A value behind a lock. `@unchecked Sendable` is safe because `value` is only reached inside
/// `withLock`, which holds `lock` for the whole access. (NSLock rather than `Mutex`: the package
/// still builds for macOS 14.)
final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
