import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program in a process group of its own and stops the whole group when it is done, so a
/// program that leaves helpers behind (LibreOffice starts `oosplash` and `soffice.bin`) leaves
/// nothing running. While it runs, SIGINT, SIGTERM and SIGHUP to jbt stop the group too.
enum ProcessGroup {
    enum Exit: CustomStringConvertible {
        case exited(Int32)
        case signalled(Int32)
        case timedOut

        var description: String {
            switch self {
            case .exited(let code): "afsluitcode \(code)"
            case .signalled(let signal): "gestopt door signaal \(signal)"
            case .timedOut: "te lang bezig"
            }
        }
    }

    struct SpawnFailed: Error {
        var code: Int32
    }

    /// Runs `arguments[0]` with its output in `log`, waits at most `timeoutSeconds`, then stops the group.
    static func run(_ arguments: [String], environment: [String: String], log: String, timeoutSeconds: Double) throws -> Exit {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let started = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard started == 0 else { throw SpawnFailed(code: started) }
        ActiveGroup.begin(pid)
        defer { ActiveGroup.end() }
        let deadline = Date(timeIntervalSinceNow: timeoutSeconds)
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0 && errno != EINTR { break }
            if Date() >= deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return .timedOut
            }
            usleep(20_000)
        }
        // Whatever the program left running in its group goes with it.
        kill(-pid, SIGKILL)
        if status & 0x7f == 0 { return .exited((status >> 8) & 0xff) }
        return .signalled(status & 0x7f)
    }

    /// Stops every process of this user whose environment has `HOME=home` (a conversion's own folder).
    static func killProcesses(withHome home: String) {
        guard let pids = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return }
        let marker = Array("HOME=\(home)".utf8)
        for entry in pids {
            guard let pid = pid_t(entry), pid != getpid(),
                  let environ = FileManager.default.contents(atPath: "/proc/\(entry)/environ") else { continue }
            let variables = environ.split(separator: 0, omittingEmptySubsequences: true)
            if variables.contains(where: { $0.elementsEqual(marker) }) { kill(pid, SIGKILL) }
        }
    }
}

/// The process group of the conversion running now, for the signal handler. A C signal handler
/// cannot capture context, so this is one global the handler reads; only `begin` and `end` write it.
nonisolated(unsafe) private var activeGroup: pid_t = 0

private enum ActiveGroup {
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func begin(_ group: pid_t) {
        activeGroup = group
        for s in signals {
            signal(s) { received in
                if activeGroup > 0 { kill(-activeGroup, SIGKILL) }
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    static func end() {
        activeGroup = 0
        for s in signals { signal(s, SIG_DFL) }
    }
}
