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
