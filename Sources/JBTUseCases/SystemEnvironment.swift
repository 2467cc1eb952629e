import Foundation
import JBTCore

/// The edges of a front end: what the command line (and later the web server) reads from the
/// process's environment and the file system layout, to hand to the use cases. No use case calls
/// these; they get the values passed in through `Dependencies` and `Workspace`.
public enum SystemEnvironment {
    /// The clock: the system's, or the day `JBT_TODAY` (JJJJ-MM-DD) names, for tests and for
    /// looking at the rules as they will be.
    public static func clock(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SystemClock {
        SystemClock(fixedDay: environment["JBT_TODAY"].flatMap(CivilDate.init(iso:)))
    }

    /// Settings that are set but cannot be meant: refused rather than silently ignored.
    public static func validate(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        if let day = environment["JBT_TODAY"], CivilDate(iso: day) == nil {
            throw ServiceError.invalid("JBT_TODAY \"\(day)\" is geen geldige datum; schrijf JJJJ-MM-DD")
        }
        if let wait = environment["JBT_STORE_WAIT"], Workspace.storeWait(wait) == nil {
            throw ServiceError.invalid("JBT_STORE_WAIT \"\(wait)\" is geen aantal seconden tussen 0 en 86400")
        }
    }

    /// Everything the use cases need from the world, as this process's environment configures it.
    public static func dependencies(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Dependencies {
        let root = Workspace.bundledRoot()
        var dependencies = Dependencies(
            clock: clock(environment),
            templateFolder: root.map { $0 + "/Templates" },
            sampleFolder: root.map { $0 + "/Samples" },
            calendar: CalDAVPublisher(environment: environment))
        // A broken mail setting matters only to what sends mail: kept, not thrown here.
        do {
            dependencies.mail = try SMTPSender(environment: environment)
        } catch {
            dependencies.mailError = ServiceError(error)
        }
        return dependencies
    }
}
