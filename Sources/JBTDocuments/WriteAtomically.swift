import Foundation
import JBTCore

/// Writes `data` to `url` through a temporary file in the same folder that is renamed into place,
/// with mode 0600, so a reader never sees half a document and a failure leaves nothing behind.
public func writeAtomically(_ data: Data, to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    let temporary = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    let fail = { (why: String) in
        DocumentError(.writeFailed, file: url.path, detail: "kan het bestand niet schrijven: \(why)")
    }
    let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
    guard fd >= 0 else { throw fail(SystemErrors.posix(errno)) }
    var ok = true
    var reason = ""
    data.withUnsafeBytes { buffer in
        var offset = 0
        while offset < buffer.count {
            let n = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                ok = false; reason = SystemErrors.posix(errno); return
            }
            offset += n
        }
    }
    if ok && fsync(fd) != 0 { ok = false; reason = SystemErrors.posix(errno) }
    close(fd)
    guard ok else {
        unlink(temporary.path)
        throw fail(reason)
    }
    guard rename(temporary.path, url.path) == 0 else {
        let why = SystemErrors.posix(errno)
        unlink(temporary.path)
        throw fail(why)
    }
}
