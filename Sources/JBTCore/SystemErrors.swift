import Foundation

/// Errors of the operating system (a file that cannot be written, a full disk) in Dutch, with
/// the file they are about; never Foundation's English description.
public enum SystemErrors {
    public static func message(for error: Error) -> String {
        let ns = error as NSError
        let file = (ns.userInfo[NSFilePathErrorKey] as? String)
            ?? (ns.userInfo[NSURLErrorKey] as? URL)?.path
        return describe(ns, prefix: file.map { "\($0): " } ?? "")
    }

    /// The same without the file, for a message that names it already.
    public static func reason(for error: Error) -> String { describe(error as NSError, prefix: "") }

    static func describe(_ ns: NSError, prefix: String) -> String {
        if ns.domain == NSCocoaErrorDomain {
            switch CocoaError.Code(rawValue: ns.code) {
            case .fileNoSuchFile, .fileReadNoSuchFile: return prefix + "bestand of map bestaat niet"
            case .fileReadNoPermission, .fileWriteNoPermission: return prefix + "geen toestemming (bestandsrechten)"
            case .fileWriteOutOfSpace: return prefix + "de schijf is vol"
            case .fileWriteVolumeReadOnly: return prefix + "de schijf is alleen-lezen"
            case .fileWriteFileExists: return prefix + "bestaat al"
            case .fileReadCorruptFile, .fileReadInapplicableStringEncoding:
                return prefix + "niet te lezen (geen geldige tekst)"
            case .fileReadTooLarge: return prefix + "bestand is te groot"
            default: break
            }
            if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
                return prefix + posix(Int32(underlying.code))
            }
            return prefix + "lezen of schrijven mislukt (fout \(ns.code))"
        }
        if ns.domain == NSPOSIXErrorDomain { return prefix + posix(Int32(ns.code)) }
        return "onverwachte fout (\(ns.domain) \(ns.code)); het commando is afgebroken en heeft niets opgeslagen"
    }

    public static func posix(_ code: Int32) -> String {
        switch code {
        case ENOENT: return "bestand of map bestaat niet"
        case EACCES, EPERM: return "geen toestemming (bestandsrechten)"
        case ENOSPC: return "de schijf is vol"
        case EROFS: return "de schijf is alleen-lezen"
        case EISDIR: return "is een map, geen bestand"
        case ENOTDIR: return "een deel van het pad is geen map"
        case EEXIST: return "bestaat al"
        case ENAMETOOLONG: return "de bestandsnaam is te lang"
        case EMFILE, ENFILE: return "te veel open bestanden"
        default: return "systeemfout \(code)"
        }
    }
}
