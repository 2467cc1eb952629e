@testable import JBTRules

let file = "Plugins/proef/regels.lua"

/// A script with `contract = 1` on line 1 and `body` from line 2.
func script(_ body: String) throws -> RuleScript {
    try RuleScript(source: "contract = 1\n" + body, file: file)
}

/// Calls `toelaten` of a script whose body runs `code` inside the hook (line 3 onwards).
func hostile(_ code: String, limits: RuleLimits = .init()) throws -> Result<RuleValue, RuleFailure> {
    let s = try script("function toelaten(zaak, plek) do\n" + code + "\nend return true end\n")
    return s.call("toelaten", [zaak.ruleValue, plek.ruleValue], limits: limits)
}

let zaak = HookCase(soort: "kwart-voor-twaalf", regio: "proef", gemeente: "Ede", kinderen: 2,
                    oudsteKind: 14, jongsteKind: nil, letJB: false, gi: "vast")
let plek = HookSlot(regio: "proef", weekdag: "dinsdag", begintijd: "09:30", tafel: 1, locatie: "Gemeentehuis Ede")

extension Result {
    var failure: Failure? { if case .failure(let f) = self { return f } else { return nil } }
    var value: Success? { if case .success(let v) = self { return v } else { return nil } }
}
