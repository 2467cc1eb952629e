/// What a date entered by a person or a file may be: the years 1900 through 2200.
///
/// Wide enough for every birth date of a parent and every planning horizon; narrow enough that
/// every computation on a plan that starts inside it (weeks ahead, evaluation dates, holidays)
/// stays far from the limits of the calendar arithmetic. Documented in docs/formats.md.
public enum AcceptedDates {
    public static let years = 1900...2200
    public static let first = CivilDate(year: years.lowerBound, month: 1, day: 1)!
    public static let last = CivilDate(year: years.upperBound, month: 12, day: 31)!

    public static func contains(_ date: CivilDate) -> Bool { date >= first && date <= last }

    /// The Dutch refusal of a date outside the range, or nil when it is inside.
    public static func problem(_ date: CivilDate) -> String? {
        guard !contains(date) else { return nil }
        return "datum \(date.iso) ligt buiten de toegestane jaren \(years.lowerBound) t/m \(years.upperBound)"
    }
}

/// The rules for a case reference: the one identifier that leaves the system, in file names,
/// invites and e-mail subjects, so it may hold only what is safe in all of them.
///
/// Letters (also with diacritics, in Unicode NFC), digits, `-`, `_` and `.`; it begins with a
/// letter or a digit, has no `..`, and is at most `maxLength` characters long.
public enum CaseReference {
    /// The longest reference an intake accepts.
    public static let maxLength = 64
    /// The longest reference a command accepts: an intake reference plus a follow-up suffix
    /// such as `-E1` that jbt adds itself.
    public static let maxCommandLength = 80

    /// Why `text` is not a valid reference (Dutch), or nil when it is one.
    public static func problem(_ text: String, maxLength: Int = CaseReference.maxLength) -> String? {
        if text.isEmpty { return "de referentie is leeg" }
        // Counted in scalars first, so that a reference of megabytes is refused without more work.
        if text.unicodeScalars.count > maxLength { return tooLong(maxLength) }
        let allowed = text.unicodeScalars.allSatisfy { scalar in
            isLetterOrDigit(scalar) || scalar == "-" || scalar == "_" || scalar == "."
        }
        guard allowed else {
            return "een referentie bevat alleen letters, cijfers en - _ . (geen spaties, / of regeleinden)"
        }
        guard let first = text.unicodeScalars.first, isLetterOrDigit(first) else {
            return "een referentie begint met een letter of een cijfer"
        }
        if text.contains("..") { return "een referentie bevat geen twee punten achter elkaar" }
        return nil
    }

    public static func tooLong(_ maxLength: Int) -> String {
        "de referentie is te lang (ten hoogste \(maxLength) tekens)"
    }

    static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .decimalNumber: return true
        default: return false
        }
    }
}

/// The check for an e-mail address that jbt will put in an invite or an e-mail header.
///
/// Deliberately stricter than RFC 5322 (no quoted local parts, no comments, no IP literals):
/// what passes is safe in a header and an ATTENDEE line, and is what real addresses look like.
public enum EmailAddress {
    public static let maxLength = 254

    /// Why `text` is not an e-mail address (Dutch), or nil when it is one.
    public static func problem(_ text: String) -> String? {
        let quoted = text.unicodeScalars.count > 80 ? "dit" : "\"\(text)\""
        let refusal = "\(quoted) is geen e-mailadres; schrijf naam@domein.nl"
        guard text.unicodeScalars.count <= maxLength else {
            return "het e-mailadres is te lang (ten hoogste \(maxLength) tekens)"
        }
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return refusal }
        let local = parts[0]
        let domain = parts[1]
        guard (1...64).contains(local.unicodeScalars.count), !local.hasPrefix("."), !local.hasSuffix("."),
              !local.contains(".."),
              local.unicodeScalars.allSatisfy(isLocalCharacter) else { return refusal }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let top = labels.last, top.count >= 2,
              top.unicodeScalars.allSatisfy({ CaseReference.isLetterOrDigit($0) && !isASCIIDigit($0) }) else {
            return refusal
        }
        for label in labels {
            guard (1...63).contains(label.unicodeScalars.count), !label.hasPrefix("-"), !label.hasSuffix("-"),
                  label.unicodeScalars.allSatisfy({ CaseReference.isLetterOrDigit($0) || $0 == "-" }) else {
                return refusal
            }
        }
        return nil
    }

    static func isASCIIDigit(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 48 && scalar.value <= 57 }

    static func isLocalCharacter(_ scalar: Unicode.Scalar) -> Bool {
        if CaseReference.isLetterOrDigit(scalar) { return true }
        return "!#$%&'*+-/=?^_`{|}~.".unicodeScalars.contains(scalar)
    }
}

/// The check for a phone number jbt will print in a letter or match in a family copy: at least six
/// digits and no letters, in whatever format people write it (+31, 06-, spaces, brackets).
public enum PhoneNumber {
    /// Why `text` is not a phone number (Dutch), or nil when it is one.
    public static func problem(_ text: String) -> String? {
        text.filter(\.isNumber).count < 6 || text.contains(where: \.isLetter) ? "\"\(text)\" is geen telefoonnummer" : nil
    }
}
