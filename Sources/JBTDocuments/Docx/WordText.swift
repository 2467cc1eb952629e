import Foundation
import ZIPFoundation

/// The plain text a reader of a Word document sees, from every XML part under `word/` (body,
/// headers, footers): runs joined as Word shows them, paragraphs on lines of their own. For
/// checks of what a document says (LET JB shielding), not for display.
public enum WordText {
    /// Parts larger than this are not read back (jbt never writes one).
    static let partLimit = 64 << 20

    public static func plainText(_ docx: Data) throws -> String {
        let archive: Archive
        do { archive = try Archive(data: docx, accessMode: .read) } catch {
            throw DocumentError(.unreadableTemplate, file: "document.docx", detail: "geen geldig Word-bestand")
        }
        var text = ""
        for entry in archive where entry.path.hasPrefix("word/") && entry.path.hasSuffix(".xml") {
            guard entry.uncompressedSize <= UInt64(partLimit) else { continue }
            var xml = Data()
            _ = try archive.extract(entry, skipCRC32: true) { xml.append($0) }
            text += visibleText(String(decoding: xml, as: UTF8.self)) + "\n"
        }
        return text
    }

    static func visibleText(_ xml: String) -> String {
        var out = ""
        var inTag = false
        var tag = ""
        for character in xml {
            if inTag {
                if character == ">" {
                    inTag = false
                    if tag.hasPrefix("/w:p") || tag.hasPrefix("w:tab") || tag.hasPrefix("w:br") || tag.hasPrefix("w:cr")
                    {
                        out.append("\n")
                    }
                    tag = ""
                } else if tag.count < 8 {
                    tag.append(character)
                }
            } else if character == "<" {
                inTag = true
            } else {
                out.append(character)
            }
        }
        return unescape(out)
    }

    static func unescape(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&apos;", with: "'")
        while let range = out.range(of: "&#[0-9]{1,7};", options: .regularExpression) {
            let digits = out[range].dropFirst(2).dropLast()
            let scalar = UInt32(digits).flatMap(Unicode.Scalar.init).map(String.init) ?? " "
            out.replaceSubrange(range, with: scalar)
        }
        return out.replacingOccurrences(of: "&amp;", with: "&")
    }
}
