import Foundation

/// Where a template may come from: a template in a template folder (a plugin's `templates/`, the
/// bundled `Templates/`) must be a file inside that folder, also after following symbolic links,
/// so a plugin cannot make jbt copy any file of the machine into a document.
public enum TemplateLocation {
    /// Throws `templateOutsideFolder` when `url`, with every symbolic link followed, is not inside
    /// `folder` (also with its links followed). A folder named `templates` must itself stay inside
    /// the folder that holds it (the plugin's folder).
    public static func checkInside(_ url: URL, folder: URL) throws {
        guard let file = realPath(url.path) else { return }   // missing: the caller reports that
        guard var boundary = realPath(folder.path) else { return }
        if folder.lastPathComponent == "templates", let parent = realPath(folder.deletingLastPathComponent().path) {
            guard isInside(boundary, parent) else {
                throw DocumentError(.templateOutsideFolder, file: folder.path,
                                    detail: "de sjablonenmap verwijst (via een symbolische koppeling) naar \(boundary), buiten de plugin-map \(parent); zet de sjablonen zelf in de plugin-map")
            }
            boundary = parent
        }
        guard isInside(file, boundary) else {
            throw DocumentError(.templateOutsideFolder, file: url.path,
                                detail: "het sjabloon verwijst (via een symbolische koppeling) naar \(file), buiten \(boundary); kopieer het sjabloon zelf in de map in plaats van ernaar te verwijzen")
        }
        var info = stat()
        guard stat(file, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            throw DocumentError(.unreadableTemplate, file: url.path, detail: "het sjabloon is geen gewoon bestand")
        }
    }

    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isInside(_ path: String, _ folder: String) -> Bool {
        folder == "/" || path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }
}
