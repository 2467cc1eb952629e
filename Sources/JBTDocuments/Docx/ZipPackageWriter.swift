import Foundation
import ZIPFoundation

/// Writes a .docx package (a plain ZIP file) in memory. The parts that never change are
/// compressed once when the template is read; only the filled parts are compressed per document.
/// (ZIPFoundation reads the templates and provides zlib's deflate and CRC-32; writing the few
/// headers here avoids recompressing the unchanged parts of every document.)
struct ZipPackageWriter {
    /// One entry, ready to write.
    struct Entry: Sendable {
        var path: [UInt8]
        var method: UInt16        // 0 stored, 8 deflated
        var crc: UInt32
        var uncompressedSize: Int
        var payload: Data         // the bytes as stored in the package
    }

    /// Compresses `data` (deflate) when that makes it smaller, else stores it.
    static func entry(path: String, data: Data) throws -> Entry {
        var compressed = Data()
        let crc: UInt32
        if data.count > 256 {
            crc = try Data.compress(size: Int64(data.count), bufferSize: max(data.count, 16 * 1024), provider: { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }, consumer: { compressed.append($0) })
        } else {
            crc = data.crc32(checksum: 0)
        }
        if data.count > 256, compressed.count < data.count {
            return Entry(path: Array(path.utf8), method: 8, crc: crc, uncompressedSize: data.count, payload: compressed)
        }
        return Entry(path: Array(path.utf8), method: 0, crc: crc, uncompressedSize: data.count, payload: data)
    }

    /// The entries of a ZIP file as stored (still compressed), from its central directory, so the
    /// unchanged parts of a template are copied without recompressing them. nil for anything
    /// unusual (ZIP64, encryption), then the caller compresses the parts itself.
    static func storedEntries(_ data: Data) -> [String: Entry]? {
        let b = [UInt8](data)
        func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
        func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
        guard b.count >= 22 else { return nil }
        var eocd = b.count - 22
        while eocd >= max(0, b.count - 22 - 65_535) {
            if u32(eocd) == 0x0605_4b50 { break }
            eocd -= 1
        }
        guard eocd >= 0, u32(eocd) == 0x0605_4b50 else { return nil }
        let count = u16(eocd + 10)
        var p = u32(eocd + 16)
        var result: [String: Entry] = [:]
        for _ in 0..<count {
            guard p + 46 <= b.count, u32(p) == 0x0201_4b50 else { return nil }
            let flags = u16(p + 8), method = u16(p + 10)
            let crc = UInt32(u32(p + 16)), compressed = u32(p + 20), size = u32(p + 24)
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            let local = u32(p + 42)
            guard flags & 1 == 0, method == 0 || method == 8, compressed != 0xFFFF_FFFF, size != 0xFFFF_FFFF,
                  local + 30 <= b.count, u32(local) == 0x0403_4b50, p + 46 + nameLength <= b.count else { return nil }
            let path = Array(b[(p + 46)..<(p + 46 + nameLength)])
            let start = local + 30 + u16(local + 26) + u16(local + 28)
            guard start + compressed <= b.count else { return nil }
            result[String(decoding: path, as: UTF8.self)] = Entry(path: path, method: UInt16(method), crc: crc,
                                                                  uncompressedSize: size, payload: data.subdata(in: start..<(start + compressed)))
            p += 46 + nameLength + extraLength + commentLength
        }
        return result
    }

    /// The package: local headers and data in order, then the central directory.
    static func package(_ entries: [Entry]) -> Data {
        var out = Data()
        out.reserveCapacity(entries.reduce(0) { $0 + $1.payload.count + 2 * $1.path.count + 100 } + 22)
        var offsets: [Int] = []
        // 2026-01-01 00:00 in MS-DOS form, so equal input gives equal bytes.
        let time: UInt16 = 0, date: UInt16 = (46 << 9) | (1 << 5) | 1
        let utf8Names: UInt16 = 0x0800
        for e in entries {
            offsets.append(out.count)
            out.le32(0x0403_4b50); out.le16(20); out.le16(utf8Names); out.le16(e.method); out.le16(time); out.le16(date)
            out.le32(e.crc); out.le32(UInt32(e.payload.count)); out.le32(UInt32(e.uncompressedSize))
            out.le16(UInt16(e.path.count)); out.le16(0)
            out.append(contentsOf: e.path)
            out.append(e.payload)
        }
        let directoryStart = out.count
        for (e, offset) in zip(entries, offsets) {
            out.le32(0x0201_4b50); out.le16(20); out.le16(20); out.le16(utf8Names); out.le16(e.method); out.le16(time); out.le16(date)
            out.le32(e.crc); out.le32(UInt32(e.payload.count)); out.le32(UInt32(e.uncompressedSize))
            out.le16(UInt16(e.path.count)); out.le16(0); out.le16(0); out.le16(0); out.le16(0); out.le32(0)
            out.le32(UInt32(offset))
            out.append(contentsOf: e.path)
        }
        let directorySize = out.count - directoryStart
        out.le32(0x0605_4b50); out.le16(0); out.le16(0)
        out.le16(UInt16(entries.count)); out.le16(UInt16(entries.count))
        out.le32(UInt32(directorySize)); out.le32(UInt32(directoryStart)); out.le16(0)
        return out
    }
}

private extension Data {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xff)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { le16(UInt16(v & 0xffff)); le16(UInt16(v >> 16)) }
}
