import Foundation
import JBTCore
import JBTInput

/// Finds and reads region plugins: one folder per region holding `regio.yaml`.
///
/// Folders are searched in order: the extra folders given by the user (flag or `JBT_PLUGINS`,
/// separated by `:`), then the bundled `Plugins/`. A region id defined twice, an unknown neighbour
/// or a municipality claimed by two regions is an error naming file, line and field.
public enum PluginLoader {
    public static let manifestName = "regio.yaml"

    /// Every plugin folder under the given roots, sorted by path.
    public static func pluginFolders(in roots: [String]) throws -> [String] {
        var folders: [String] = []
        let fm = FileManager.default
        for root in roots {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw InputError(file: root, line: nil, field: nil, message: "pluginmap bestaat niet")
            }
            if fm.fileExists(atPath: root + "/" + manifestName) { folders.append(root); continue }
            for name in try fm.contentsOfDirectory(atPath: root).sorted() where !name.hasPrefix(".") {
                let folder = root + "/" + name
                if fm.fileExists(atPath: folder + "/" + manifestName) { folders.append(folder) }
            }
        }
        return folders
    }

    /// The plugin folders to load from `roots`, of which `bundled` (if among them) holds the
    /// plugins that ship with jbt: a folder of one's own with the name of a bundled plugin (and so
    /// its region id) replaces that plugin. The bundled plugins come first, so that a region or a
    /// municipality claimed a second time is reported against the plugin of one's own.
    public static func pluginFolders(in roots: [String], bundled: String?) throws -> [String] {
        func same(_ a: String, _ b: String) -> Bool {
            URL(fileURLWithPath: a).standardizedFileURL.resolvingSymlinksInPath().path
                == URL(fileURLWithPath: b).standardizedFileURL.resolvingSymlinksInPath().path
        }
        guard let bundled, let index = roots.firstIndex(where: { same($0, bundled) }) else {
            return try pluginFolders(in: roots)
        }
        let own = try pluginFolders(in: roots.enumerated().filter { $0.offset != index && !same($0.element, bundled) }.map(\.element))
        let names = Set(own.map { URL(fileURLWithPath: $0).lastPathComponent })
        let shipped = try pluginFolders(in: [roots[index]]).filter { !names.contains(URL(fileURLWithPath: $0).lastPathComponent) }
        return shipped + own
    }

    /// Loads and cross-checks all plugins under `roots`.
    /// `today` decides which version of dated rules `jbt regions` shows and municipalities map by.
    public static func load(roots: [String], today: CivilDate = CivilDate(dayNumber: 0)) throws -> RegionCatalog {
        let folders = try pluginFolders(in: roots)
        guard !folders.isEmpty else {
            throw InputError(file: roots.joined(separator: ", "), line: nil, field: nil,
                             message: "geen regio-plugins gevonden (een plugin is een map met \(manifestName))")
        }
        return try load(folders: folders, today: today).catalog
    }

    /// Loads and cross-checks the plugins in exactly these folders; every manifest's problems are
    /// collected before anything is thrown.
    public static func load(folders: [String], today: CivilDate = CivilDate(dayNumber: 0)) throws
        -> (catalog: RegionCatalog, sources: [RegionID: ManifestSource]) {
        var loaded: [(RegionTimeline, ManifestSource)] = []
        var errors: [InputError] = []
        for folder in folders {
            do { loaded.append(try RegionManifest.read(path: folder + "/" + manifestName)) } catch let error as InputError {
                errors.append(error)
            } catch let many as InputErrors {
                errors += many.errors
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
        try crossCheck(loaded.map { ($0.0.representative(on: today), $0.1) })
        // Neighbours named in any version must exist too.
        try crossCheck(loaded.flatMap { t, s in t.versions.compactMap(\.rules).map { ($0, s) } }, municipalities: false)
        return (RegionCatalog(timelines: loaded.map(\.0), referenceDay: today),
                Dictionary(loaded.map { ($0.0.id, $0.1) }, uniquingKeysWith: { a, _ in a }))
    }

    static func crossCheck(_ loaded: [(RegionRules, ManifestSource)], municipalities: Bool = true) throws {
        var errors: [InputError] = []
        var byID: [RegionID: ManifestSource] = [:]
        for (rules, source) in loaded where municipalities {
            if let first = byID[rules.id] {
                errors.append(InputError(file: source.file, line: source.lines["id"], field: "id",
                                         message: "regio \(rules.id) is al gedefinieerd in \(first.file); "
                                            + "een eigen map vervangt alleen een meegeleverde plugin (docs/plugins.md)"))
            }
            byID[rules.id] = source
        }
        if !municipalities { for (rules, source) in loaded { byID[rules.id] = source } }
        var owner: [String: (RegionID, String)] = [:]
        for (rules, source) in loaded {
            for (i, neighbour) in rules.neighbours.enumerated() {
                if byID[neighbour] == nil {
                    errors.append(InputError(file: source.file, line: source.lines["buurregios[\(i + 1)]"], field: "buurregios[\(i + 1)]",
                                             message: "onbekende buurregio \"\(neighbour)\"; geladen: \(byID.keys.sorted().joined(separator: ", "))"))
                } else if neighbour == rules.id {
                    errors.append(InputError(file: source.file, line: source.lines["buurregios[\(i + 1)]"], field: "buurregios[\(i + 1)]",
                                             message: "een regio is niet haar eigen buurregio"))
                }
            }
            for (i, municipality) in rules.municipalities.enumerated() where municipalities {
                let key = RegionCatalog.key(municipality)
                if let (other, file) = owner[key], other != rules.id {
                    errors.append(InputError(file: source.file, line: source.lines["gemeenten[\(i + 1)]"], field: "gemeenten[\(i + 1)]",
                                             message: "gemeente \(municipality) hoort al bij regio \(other) (\(file))"))
                }
                owner[key] = (rules.id, source.file)
            }
        }
        if !errors.isEmpty { throw InputErrors(errors) }
    }
}

/// Where each field of a manifest stood, for errors found after reading it.
public struct ManifestSource: Sendable {
    public var file: String
    public var lines: [String: Int]
    /// The dated values in the manifest, by date.
    public var dated: [DatedValues.Entry] = []
    /// What reads but cannot be meant (`ManifestLint`), for `jbt plugins lint` to warn about.
    public var warnings: [InputError] = []
}
