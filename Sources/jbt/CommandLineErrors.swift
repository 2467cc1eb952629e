import ArgumentParser
import Foundation
import JBTCore
import JBTInput

/// The argument parser's own errors (unknown option, missing argument, bad value), said in Dutch.
///
/// A wrong command line is bad input like any other: a Dutch message and exit code 1 (not the
/// parser's 64), with a pointer to the command's help. The parser's English texts are matched
/// by their fixed shapes (swift-argument-parser 1.8); one that is not known gets a general Dutch
/// message rather than the English one.
enum CommandLineErrors {
    /// The Dutch message for an error thrown while parsing the command line.
    static func message(for error: Error) -> String {
        let english = JBT.message(for: error)
        let first = english.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        return translate(first)
    }

    /// The help pointer, e.g. `jbt plan --help`, from the parser's full message.
    static func helpCommand(for error: Error) -> String {
        let full = JBT.fullMessage(for: error)
        if let range = full.range(of: #"See '[^']+ --help'"#, options: .regularExpression) {
            return String(full[range].dropFirst(5).dropLast(1))
        }
        return "jbt --help"
    }

    static let rules: [(pattern: String, dutch: @Sendable ([String]) -> String)] = [
        (#"^Unknown option '([^']*)'\. Did you mean '([^']*)'\?$"#, { "onbekende optie '\($0[0])'; bedoelt u '\($0[1])'?" }),
        (#"^Unknown option '([^']*)'$"#, { "onbekende optie '\($0[0])'" }),
        (#"^Missing value for '([^']*)'$"#, { "bij '\(name($0[0]))' ontbreekt de waarde" }),
        (#"^Missing expected argument '([^']*)'$"#, { "verplicht argument \(name($0[0])) ontbreekt" }),
        (#"^Missing one of: (.*)$"#, { "geef een van: \(names($0[0]))" }),
        (#"^Unexpected argument '(.*)'$"#, { "onverwacht argument '\(shown($0[0]))'" }),
        (#"^([0-9]+) unexpected arguments: (.*)$"#, { "\($0[0]) onverwachte argumenten: \(shown($0[1]))" }),
        (#"^The value '(.*)' is invalid for '([^']*)'"#, { invalidValue($0[0], $0[1]) }),
        (#"^The value '(.*)' is invalid\."#, { "de waarde '\(shown($0[0]))' is ongeldig" }),
        (#"^The option '([^']*)' does not take any value, but '(.*)' was specified\.$"#,
         { "'\($0[0])' neemt geen waarde, maar kreeg '\(shown($0[1]))'" }),
        (#"^Value to be set with (.*) had already been set with (.*)$"#,
         { "\(flagText($0[0])) is al gegeven met \(flagText($0[1])); geef het één keer" }),
        (#"^Invalid option: (.*)$"#, { "ongeldige optie \(shown($0[0]))" }),
        (#"^Missing required subcommand\.$"#, { _ in "geef een subcommando" }),
    ]

    static func translate(_ english: String) -> String {
        for rule in rules {
            guard let regex = try? NSRegularExpression(pattern: rule.pattern, options: [.dotMatchesLineSeparators]),
                  let match = regex.firstMatch(in: english, range: NSRange(english.startIndex..., in: english)) else {
                continue
            }
            let groups = (1..<match.numberOfRanges).map { i -> String in
                guard let range = Range(match.range(at: i), in: english) else { return "" }
                return String(english[range])
            }
            return rule.dutch(groups)
        }
        return "ongeldige opdrachtregel"
    }

    /// The parser's help text with its fixed English parts in Dutch (the texts of the options
    /// themselves are Dutch already).
    static func dutchHelp(_ text: String) -> String {
        let replacements: [(String, String)] = [
            ("OVERVIEW:", "OVERZICHT:"), ("USAGE:", "GEBRUIK:"), ("ARGUMENTS:", "ARGUMENTEN:"),
            ("OPTIONS:", "OPTIES:"), ("SUBCOMMANDS:", "SUBCOMMANDO'S:"), ("Show help information.", "Toon deze hulp."),
            ("Show the version.", "Toon de versie."),
            ("<subcommand>", "<subcommando>"), ("[<options>]", "[<opties>]"), ("<options>", "<opties>"),
            ("(default: ", "(standaard: "), ("(default)  ", "(standaard)"), ("(default)", "(standaard)"),
        ]
        var result = text
        for (english, dutch) in replacements { result = result.replacingOccurrences(of: english, with: dutch) }
        return result.replacingOccurrences(of: #"See '([^']*)' for detailed help\."#, with: "Zie '$1' voor uitgebreide hulp.",
                                           options: .regularExpression)
    }

    /// `--weeks <weeks>` → `--weeks`; a positional `<reference>` → its Dutch name.
    static func name(_ synopsis: String) -> String {
        if synopsis.hasPrefix("-") { return String(synopsis.split(separator: " ").first ?? "") }
        let bare = synopsis.trimmingCharacters(in: CharacterSet(charactersIn: "<>."))
        let dutch = ["reference": "REFERENTIE", "file": "BESTAND", "files": "BESTAND(EN)", "id": "ID",
                     "items": "SOORT", "paths": "MAP"]
        return dutch[bare] ?? bare.uppercased()
    }

    static func names(_ list: String) -> String {
        list.split(separator: ",").map { name($0.trimmingCharacters(in: CharacterSet(charactersIn: " '"))) }
            .joined(separator: ", ")
    }

    static func flagText(_ text: String) -> String {
        text.replacingOccurrences(of: "flag ", with: "").replacingOccurrences(of: "position ", with: "positie ")
    }

    static func invalidValue(_ value: String, _ synopsis: String) -> String {
        let option = name(synopsis)
        let integers: Set<String> = ["--weeks", "--weken", "--versie"]
        let hint = integers.contains(option) ? "; geef een geheel getal" : ""
        return "de waarde '\(shown(value))' is ongeldig voor \(option)\(hint)"
    }

    /// A value from the command line shown in a message: on one line, cut short when long.
    static func shown(_ text: String) -> String {
        OneLine.text(text, limit: 80)
    }
}
