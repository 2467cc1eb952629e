import Dispatch

/// Runs `body(0)`, …, `body(count - 1)` on up to `count` threads and returns the results in index
/// order: what each call returns does not depend on which thread ran it or when, so the caller's
/// merge is as deterministic as a loop.
func parallelMap<T>(_ count: Int, _ body: (Int) -> T) -> [T] {
    if count <= 1 { return (0..<count).map(body) }
    let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
    slots.initialize(repeating: nil)
    defer { _ = slots.deinitialize(); slots.deallocate() }
    // Safe to share: each call writes only its own slot, and `concurrentPerform` returns only
    // after every call has finished, so the slots are read after all writes.
    nonisolated(unsafe) let shared = slots
    withoutActuallyEscaping(body) { body in
        nonisolated(unsafe) let work = body
        DispatchQueue.concurrentPerform(iterations: count) { i in shared[i] = work(i) }
    }
    return slots.map { $0! }
}

/// Runs `first` and `second` at the same time and returns both results.
func parallel<A, B>(_ first: () -> A, _ second: () -> B) -> (A, B) {
    let a = UnsafeMutablePointer<A?>.allocate(capacity: 1), b = UnsafeMutablePointer<B?>.allocate(capacity: 1)
    a.initialize(to: nil); b.initialize(to: nil)
    defer { a.deinitialize(count: 1); a.deallocate(); b.deinitialize(count: 1); b.deallocate() }
    // As in `parallelMap`: each call writes only its own result, read after both have finished.
    nonisolated(unsafe) let slots = (a, b)
    withoutActuallyEscaping(first) { first in
        withoutActuallyEscaping(second) { second in
            nonisolated(unsafe) let jobs = (first, second)
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                if i == 0 { slots.0.pointee = jobs.0() } else { slots.1.pointee = jobs.1() }
            }
        }
    }
    return (a.pointee!, b.pointee!)
}
