internal import CYaml
import Foundation

/// The bounds on every YAML or JSON file jbt reads, checked before the document is built: a file
/// too large, nested too deep, with too many values or aliases that expand too far (a "billion
/// laughs") is refused with a Dutch message naming file and line, in time and memory proportional
/// to the file. Documented in docs/formats.md.
public struct InputLimits: Sendable {
    /// The largest file, in bytes.
    public var maxBytes: Int
    /// The deepest nesting of lists and mappings.
    public var maxDepth: Int
    /// The most values (scalars, lists, mappings), counting each alias as the values it stands for.
    public var maxNodes: Int
    /// The most aliases (`*name`).
    public var maxAliases: Int

    public init(maxBytes: Int, maxDepth: Int, maxNodes: Int, maxAliases: Int) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxNodes = maxNodes
        self.maxAliases = maxAliases
    }

    /// Generous for every file a person writes (an intake of ten thousand aanmeldingen is about
    /// 5 MB and 200,000 values), small enough that reading stays well under a second and 1 GB.
    public static let standard = InputLimits(maxBytes: 16 << 20, maxDepth: 64, maxNodes: 1_000_000, maxAliases: 10_000)
}

/// A first pass over a YAML document with libyaml's event parser (iterative, no recursion):
/// it enforces `InputLimits` and turns libyaml's English errors into Dutch, so that the second
/// pass (Yams composing the tree, recursively) only ever sees a bounded, well-formed document.
enum YAMLPrescan {
    static func check(_ text: String, file: String, limits: InputLimits) throws {
        // An empty document is Yams's to report ("leeg"); libyaml wants a buffer to read from.
        guard !text.isEmpty else { return }
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            throw InputError(file: file, line: nil, field: nil, message: "onvoldoende geheugen om het bestand te lezen")
        }
        defer { yaml_parser_delete(&parser) }
        var text = text
        text.makeContiguousUTF8()
        try text.utf8.withContiguousStorageIfAvailable { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            try walk(&parser, file: file, limits: limits)
        }
    }

    private static func walk(_ parser: inout yaml_parser_t, file: String, limits: InputLimits) throws {
        // Per open list or mapping: the values under it so far (aliases expanded) and its anchor.
        var open: [(nodes: Int, anchor: String?)] = []
        var anchorSizes: [String: Int] = [:]
        var total = 0
        var aliases = 0
        var documents = 0
        func fail(_ line: Int, _ message: String) -> InputError {
            InputError(file: file, line: line, field: nil, message: message)
        }
        func add(_ nodes: Int, line: Int) throws {
            // Saturating: an alias to an alias to … must not overflow while being counted.
            total = total > limits.maxNodes - nodes ? limits.maxNodes + 1 : total + nodes
            if total > limits.maxNodes {
                throw fail(line, "te veel waarden (meer dan \(limits.maxNodes), aliassen meegeteld); "
                           + "splits het bestand of gebruik minder aliassen (*naam)")
            }
            if !open.isEmpty {
                let current = open[open.count - 1].nodes
                open[open.count - 1].nodes = current > limits.maxNodes - nodes ? limits.maxNodes + 1 : current + nodes
            }
        }
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw syntaxError(parser, file: file, limits: limits)
            }
            defer { yaml_event_delete(&event) }
            let line = Int(event.start_mark.line) + 1
            switch event.type {
            case YAML_STREAM_END_EVENT:
                return
            case YAML_DOCUMENT_START_EVENT:
                documents += 1
                if documents > 1 {
                    throw fail(line, "het bestand bevat meer dan één YAML-document (---); zet alles in één document")
                }
            case YAML_SCALAR_EVENT:
                try add(1, line: line)
                if let anchor = string(event.data.scalar.anchor) { anchorSizes[anchor] = 1 }
            case YAML_ALIAS_EVENT:
                aliases += 1
                if aliases > limits.maxAliases {
                    throw fail(line, "te veel aliassen (meer dan \(limits.maxAliases))")
                }
                let name = string(event.data.alias.anchor) ?? ""
                guard let size = anchorSizes[name] else {
                    throw fail(line, "alias *\(name) verwijst naar een anker (&\(name)) dat er niet (eerder) is")
                }
                try add(size, line: line)
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                try add(1, line: line)
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? string(event.data.sequence_start.anchor) : string(event.data.mapping_start.anchor)
                open.append((nodes: 1, anchor: anchor))
                if open.count > limits.maxDepth {
                    throw fail(line, "lijsten en velden zijn te diep genest (meer dan \(limits.maxDepth) niveaus)")
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { break }
                if let anchor = closed.anchor { anchorSizes[anchor] = closed.nodes }
                if !open.isEmpty {
                    let current = open[open.count - 1].nodes
                    let sum = current > limits.maxNodes - closed.nodes ? limits.maxNodes + 1 : current + closed.nodes - 1
                    open[open.count - 1].nodes = sum
                }
            default:
                break
            }
        }
    }

    private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        guard let pointer else { return nil }
        return String(cString: pointer)
    }

    private static func syntaxError(_ parser: yaml_parser_t, file: String, limits: InputLimits) -> InputError {
        let problem = parser.problem.map { String(cString: $0) } ?? ""
        if problem.hasPrefix("Maximum nesting level reached") {
            // libyaml's own bound (1000), met while it looks ahead past ours.
            return InputError(file: file, line: Int(parser.problem_mark.line) + 1, field: nil,
                              message: "lijsten en velden zijn te diep genest (meer dan \(limits.maxDepth) niveaus)")
        }
        let line: Int
        switch parser.error {
        case YAML_READER_ERROR:
            // A reader error has an offset, not a line: count the lines before it.
            line = 0
        default:
            line = Int(parser.problem_mark.line) + 1
        }
        return InputError(file: file, line: line > 0 ? line : nil, field: nil,
                          message: "geen geldige YAML/JSON: " + dutch(problem))
    }

    /// libyaml's problem texts in Dutch; a text not in the list gets a general Dutch description
    /// rather than the English one.
    static func dutch(_ problem: String) -> String {
        let table: [(String, String)] = [
            ("mapping values are not allowed in this context",
             "een dubbele punt op een plaats waar geen veld kan beginnen (staat er een ':' in een tekst zonder aanhalingstekens?)"),
            ("found character that cannot start any token",
             "een teken waarmee geen waarde kan beginnen (zet de tekst tussen aanhalingstekens)"),
            ("did not find expected key", "een veld verwacht; controleer het inspringen"),
            ("did not find expected '-' indicator", "een lijstelement (-) verwacht; controleer het inspringen"),
            ("did not find expected node content", "hier ontbreekt een waarde"),
            ("did not find expected ',' or ']'", "een ',' of ']' verwacht: is een lijst [ … ] niet gesloten?"),
            ("did not find expected ',' or '}'", "een ',' of '}' verwacht: is een { … } niet gesloten?"),
            ("could not find expected ':'", "een ':' verwacht na een veldnaam"),
            ("found unexpected end of stream", "het bestand houdt onverwacht op (een aanhalingsteken niet gesloten?)"),
            ("found unknown escape character", "een onbekende escape (\\…) in een tekst tussen dubbele aanhalingstekens"),
            ("found a tab character that violates indentation", "een tab in het inspringen; spring in met spaties"),
            ("found a tab character where an indentation space is expected", "een tab in het inspringen; spring in met spaties"),
            ("block sequence entries are not allowed in this context", "een lijstelement (-) op een plaats waar dat niet kan"),
            ("mapping keys are not allowed in this context", "een veld op een plaats waar dat niet kan"),
            ("found unexpected ':'", "een onverwachte ':'"),
            ("found unexpected document indicator", "een onverwachte documentmarkering (--- of ...)"),
            ("control characters are not allowed", "het bestand bevat stuurtekens die in tekst niet zijn toegestaan"),
            ("found undefined tag handle", "een onbekende tag (!…)"),
            ("did not find expected whitespace or line break", "een spatie of regeleinde verwacht"),
            ("did not find expected comment or line break", "na deze waarde mag alleen commentaar (#) of een regeleinde staan"),
            ("did not find expected alphabetic or numeric character",
             "een anker of alias (& of *) zonder geldige naam"),
            ("did not find expected <document start>", "het begin van het document (---) verwacht"),
            ("invalid leading UTF-8 octet", "het bestand is geen geldige UTF-8-tekst"),
            ("invalid trailing UTF-8 octet", "het bestand is geen geldige UTF-8-tekst"),
            ("incomplete UTF-8 octet sequence", "het bestand is geen geldige UTF-8-tekst"),
            ("invalid Unicode character", "het bestand bevat een ongeldig Unicode-teken"),
            ("input is too long", "het bestand is te groot"),
            ("found extremely long version number", "een te lang versienummer in %YAML"),
            ("found duplicate %YAML directive", "%YAML staat er twee keer"),
            ("found incompatible YAML document", "een YAML-versie die jbt niet leest (alleen 1.1 en 1.2)"),
            ("found unknown directive name", "een onbekende %-regel"),
        ]
        for (english, dutch) in table where problem == english { return dutch }
        if problem.hasPrefix("Maximum nesting level reached") { return "lijsten en velden zijn te diep genest" }
        if problem.contains("UTF") { return "het bestand is geen geldige UTF-8-tekst" }
        return "de opbouw klopt hier niet (inspringen, aanhalingstekens, haakjes)"
    }
}
