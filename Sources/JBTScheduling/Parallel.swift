#if canImport(Glibc)
import Glibc
#endif
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

/// Runs the `producers` side by side; each returns follow-up tasks, which join one queue that
/// every thread takes from (first come, first served) once its own producer is done. Returns, per
/// producer, its tasks' results in task order: which thread ran what does not show.
///
/// A thread waits only while another is still running something that may queue more, so the
/// work finishes even where the system runs the threads one after the other.
func pipeline<T>(_ producers: [() -> [() -> T]]) -> [[T]] {
    let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    let wake = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    pthread_mutex_init(lock, nil); pthread_cond_init(wake, nil)
    defer { pthread_mutex_destroy(lock); pthread_cond_destroy(wake); lock.deallocate(); wake.deallocate() }
    let shared = PipelineState<T>()
    shared.queue = producers.indices.map { PipelineState<T>.Item.producer($0) }
    shared.results = Array(repeating: [], count: producers.count)
    do {
        nonisolated(unsafe) let (state, jobs, lock, wake) = (shared, producers, lock, wake)
        DispatchQueue.concurrentPerform(iterations: max(producers.count, 1)) { _ in
            pthread_mutex_lock(lock)
            while true {
                if state.next < state.queue.count {
                    let item = state.queue[state.next]
                    state.next += 1
                    state.running += 1
                    pthread_mutex_unlock(lock)
                    switch item {
                    case .producer(let p):
                        let tasks = jobs[p]()
                        pthread_mutex_lock(lock)
                        state.results[p] = Array(repeating: nil, count: tasks.count)
                        for (k, task) in tasks.enumerated() { state.queue.append(.task(p, k, task)) }
                    case .task(let p, let k, let body):
                        let result = body()
                        pthread_mutex_lock(lock)
                        state.results[p][k] = result
                    }
                    state.running -= 1
                    pthread_cond_broadcast(wake)
                } else if state.running == 0 {
                    break
                } else {
                    pthread_cond_wait(wake, lock)
                }
            }
            pthread_mutex_unlock(lock)
        }
    }
    return shared.results.map { $0.map { $0! } }
}

/// What the threads of `pipeline` share, under its lock: the queue, how many items are running,
/// and the results.
private final class PipelineState<T> {
    enum Item { case producer(Int), task(Int, Int, () -> T) }
    var queue: [Item] = []
    var next = 0
    var running = 0
    var results: [[T?]] = []
}
