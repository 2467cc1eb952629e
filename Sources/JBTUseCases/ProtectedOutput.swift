import Foundation

/// The files jbt itself depends on and so never replaces with something it writes: the store, its
/// journal and lock files, and every file of a plugin. `jbt document … --out jbt.sqlite` once
/// replaced the store with the document: every registration, booking and audit row gone.
struct ProtectedOutput {
    /// The store and the files SQLite and jbt keep beside it.
    let storeFiles: [String]
    /// Plugin folders (resolved): nothing is written inside them.
    let pluginFolders: [String]

    static let storeSuffixes = ["", "-wal", "-shm", "-journal", ".lock"]

    init(storePath: String, pluginFolders: [String]) {
        storeFiles = Self.storeSuffixes.map { Self.resolved(storePath + $0) }
        self.pluginFolders = pluginFolders.map { Self.resolved($0) }
    }

    /// Why `path` may not be written, or nil when it may.
    func problem(writing path: String) -> String? {
        let target = Self.resolved(path)
        if storeFiles.contains(target) || sameFile(path, asAnyOf: storeFiles) {
            return "\(path) is de opslag van jbt (of een bestand dat erbij hoort: -wal, -shm, .lock); "
                + "jbt overschrijft dat nooit. Kies een ander uitvoerbestand"
        }
        for folder in pluginFolders where target == folder || target.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/") {
            return "\(path) ligt in de map van een regio-plugin (\(folder)); jbt schrijft niets in een plugin. "
                + "Kies een uitvoerbestand buiten de plugin"
        }
        return nil
    }

    /// The absolute path with the folder's (and, for an existing link, the file's) symbolic links followed.
    static func resolved(_ path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL
        if let real = realPath(absolute.path) { return real }
        let folder = absolute.deletingLastPathComponent().path
        let base = realPath(folder) ?? folder
        return (base == "/" ? "" : base) + "/" + absolute.lastPathComponent
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// A hard link (or a case-insensitive file system) names one file by another path.
    private func sameFile(_ path: String, asAnyOf others: [String]) -> Bool {
        var target = stat()
        guard stat(path, &target) == 0 else { return false }
        for other in others {
            var info = stat()
            if stat(other, &info) == 0, info.st_dev == target.st_dev, info.st_ino == target.st_ino { return true }
        }
        return false
    }
}

extension App {
    /// The store's and plugins' files, which no output of jbt may replace.
    var protectedOutput: ProtectedOutput {
        ProtectedOutput(storePath: workspace.storePath, pluginFolders: Array(pluginFolders.values))
    }

    /// Refuses to write `path` when it names the store, its journal or lock files, or a plugin's file.
    /// Every front end that writes what jbt made (a document, an invite) checks its path here first.
    public func checkOutput(_ path: String) throws {
        if let problem = protectedOutput.problem(writing: path) { throw ServiceError.invalid(problem) }
    }
}
