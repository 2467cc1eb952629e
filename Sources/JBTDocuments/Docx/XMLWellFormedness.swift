import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Checks XML with Foundation's parser. On Linux `XMLParser.parse()` returns true for malformed
/// XML, so the parser's error is what counts. What is wrong is said in Dutch, never in the
/// parser's own words ("NSXMLParserErrorDomain error 5").
enum XMLWellFormedness {
    /// nil when well-formed, else the line and a Dutch description of what is wrong.
    static func problem(in data: Data) -> (line: Int, message: String)? {
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        if let error = parser.parserError {
            return (max(parser.lineNumber, 1), dutch((error as NSError).code, column: parser.columnNumber))
        }
        if !ok { return (max(parser.lineNumber, 1), "onleesbare XML") }
        return nil
    }

    /// A Dutch description of libxml2's error code, as Foundation passes it on.
    static func dutch(_ code: Int, column: Int) -> String {
        let at = column > 0 ? " (bij teken \(column) van de regel)" : ""
        switch code {
        case 4: return "het onderdeel is leeg"
        case 5: return "het document houdt te vroeg op of er staat nog iets na het laatste element" + at
        case 3, 46, 47, 64: return "het begin van het document is geen geldige XML" + at
        case 6, 7, 8, 9, 10, 11, 12, 13:
            return "er staat een teken in dat in XML niet mag (of een ongeldige tekenverwijzing &#…;)" + at
        case 14...25, 26, 27, 28, 29, 30, 89:
            return "er staat een & die geen geldige verwijzing begint (schrijf &amp;), of een onbekende entiteit" + at
        case 31, 32: return "de tekenset van het document is onbekend of wordt niet ondersteund"
        case 38: return "er staat een < in een attribuutwaarde" + at
        case 39, 40, 41, 43, 44: return "een attribuut is niet goed geschreven (waarde tussen aanhalingstekens?)" + at
        case 42: return "een element heeft hetzelfde attribuut twee keer" + at
        case 45: return "een commentaar (<!-- … -->) wordt niet gesloten" + at
        case 63: return "een CDATA-blok wordt niet gesloten" + at
        case 65, 68, 73, 74, 77:
            return "een element is niet goed geschreven of wordt niet gesloten" + at
        case 76: return "een element wordt gesloten met een andere naam dan waarmee het werd geopend" + at
        case 1: return "het document is te diep genest of te groot om te lezen" + at
        case 2: return "te weinig geheugen om het document te lezen"
        case 200...299: return "een naamruimte (voorvoegsel als w:) is niet gedeclareerd of ongeldig" + at
        default: return "het document is geen geldige XML (foutcode \(code))" + at
        }
    }
}
