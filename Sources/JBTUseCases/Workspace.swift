import Foundation
import JBTCore
import JBTInput
import JBTPlugins
import JBTStorage

/// Where the tool finds its plugins, bundled data and store, from any working directory.
public struct Workspace: Sendable {
    public var storePath: String
    public var pluginRoots: [String]
    /// How long a command waits for another one that is writing the store (`$JBT_STORE_WAIT`, seconds).
    public var storeWait: Double = SQLiteStore.defaultBusyTimeout
    /// A store handed in instead of the file at `storePath` (the demo's and the tests' in-memory one).
    public var store: (any Store)?

    public init(storePath: String, pluginRoots: [String]) {
        self.storePath = storePath
        self.pluginRoots = pluginRoots
    }

    /// A workspace over a store that is already open (an `InMemoryStore`, say).
    public init(store: any Store, pluginRoots: [String]) {
        self.init(storePath: "", pluginRoots: pluginRoots)
        self.store = store
    }

    /// The folder holding the bundled `Plugins/`, `Samples/` and `Templates/`: found by walking up
    /// from the executable (a build inside the repository) or, failing that, from this source file.
    public static func bundledRoot() -> String? {
        var candidates: [String] = []
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() { candidates.append(executable.path) }
        candidates.append(exe.path)
        candidates.append(#filePath)
        for start in candidates {
            var url = URL(fileURLWithPath: start).deletingLastPathComponent()
            for _ in 0..<8 {
                if FileManager.default.fileExists(atPath: url.appendingPathComponent("Plugins").path),
                   FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
                    || FileManager.default.fileExists(atPath: url.appendingPathComponent("Samples").path) {
                    return url.path
                }
                url.deleteLastPathComponent()
            }
        }
        return nil
    }

    /// Resolves the store and plugin folders from flags, then the environment, then defaults.
    public static func resolve(store: String?, plugins: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Workspace {
        let storePath = store ?? environment["JBT_STORE"] ?? defaultStorePath(environment)
        var roots = plugins
        if let extra = environment["JBT_PLUGINS"] { roots += extra.split(separator: ":").map(String.init) }
        if environment["JBT_NO_BUNDLED_PLUGINS"] == nil, let root = bundledRoot() { roots.append(root + "/Plugins") }
        var workspace = Workspace(storePath: storePath, pluginRoots: roots)
        if let seconds = environment["JBT_STORE_WAIT"].flatMap(storeWait) { workspace.storeWait = seconds }
        return workspace
    }

    /// `$JBT_STORE_WAIT` as seconds, when it is a number from 0 to a day.
    public static func storeWait(_ text: String) -> Double? {
        Double(text).flatMap { (0...86_400).contains($0) ? $0 : nil }
    }

    static func defaultStorePath(_ environment: [String: String]) -> String {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/jbt/jbt.sqlite" }
        return (environment["HOME"] ?? NSHomeDirectory()) + "/.local/share/jbt/jbt.sqlite"
    }

    public func loadRegions(today: CivilDate) throws -> RegionCatalog { try loadPlugins(today: today).catalog }

    /// The plugin folders to load: a folder of one's own (`--plugins`, `$JBT_PLUGINS`) named like
    /// a bundled plugin replaces that plugin (`PluginLoader.pluginFolders(in:bundled:)`).
    public func pluginFolders() throws -> [String] {
        try PluginLoader.pluginFolders(in: pluginRoots, bundled: Workspace.bundledRoot().map { $0 + "/Plugins" })
    }

    /// The regions and each region's plugin folder (its templates, texts and Lua rules live there),
    /// with the dated rules in force `today`.
    public func loadPlugins(today: CivilDate) throws -> (catalog: RegionCatalog, folders: [RegionID: String]) {
        let folders = try pluginFolders()
        guard !folders.isEmpty else {
            throw InputError(file: pluginRoots.joined(separator: ", "), line: nil, field: nil,
                             message: "geen regio-plugins gevonden (een plugin is een map met \(PluginLoader.manifestName))")
        }
        let (catalog, sources) = try PluginLoader.load(folders: folders, today: today)
        return (catalog, sources.mapValues { ($0.file as NSString).deletingLastPathComponent })
    }

    public func openStore() throws -> any Store {
        if let store { return store }
        return try SQLiteStore(path: storePath, busyTimeout: storeWait)
    }
}
