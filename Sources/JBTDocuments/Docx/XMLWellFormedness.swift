import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks XML with Foundation's parser. On Linux `XMLParser.parse()` returns true for malformed
/// XML, so the parser's error is what counts.
enum XMLWellFormedness {
    /// nil when well-formed, else the line and the parser's message.
    static func problem(in data: Data) -> (line: Int, message: String)? {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let error = parser.parserError {
            return (parser.lineNumber, (error as NSError).localizedDescription)
        }
        if !ok { return (parser.lineNumber, "onleesbare XML") }
        return nil
    }
}
