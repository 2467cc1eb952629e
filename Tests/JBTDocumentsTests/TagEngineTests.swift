import Foundation
import Testing
@testable import JBTDocuments

@Suite("Tag engine (HTML and Markdown)")
struct TagEngineTests {
    func html(_ template: String, _ value: DocumentValue) throws -> String {
        let t = try TextTemplate(text: template, file: "test.html.mustache")
        return String(decoding: TagRenderer(escaping: HTMLEscaping()).render(t.nodes, value: value), as: UTF8.self)
    }
    func md(_ template: String, _ value: DocumentValue) throws -> String {
        let t = try TextTemplate(text: template, file: "test.md.mustache")
        return String(decoding: TagRenderer(escaping: MarkdownEscaping()).render(t.nodes, value: value), as: UTF8.self)
    }

    @Test("Values are escaped for HTML, line breaks become <br>")
    func htmlEscaping() throws {
        #expect(try html("<p>{{x}}</p>", .fields(["x": .text("a & b < c > d \"e\"\ntweede")]))
                == "<p>a &amp; b &lt; c &gt; d &quot;e&quot;<br>\ntweede</p>")
        #expect(try html("{{{x}}}{{&x}}", .fields(["x": .text("<b>")])) == "&lt;b&gt;&lt;b&gt;", "raw forms are escaped too")
    }

    @Test("Markdown keeps text but neutralises HTML tags; line breaks are hard breaks")
    func markdownEscaping() throws {
        #expect(try md("{{x}}", .fields(["x": .text("a & b < c > d <script>\nregel 2")]))
                == "a & b < c > d &lt;script>\\\nregel 2")
    }

    @Test("Sections: lists repeat, false/empty hide, inverted shows, names resolve outwards")
    func sections() throws {
        let value = DocumentValue.fields([
            "zaak": .text("JBT-1"),
            "lijst": .list([.fields(["n": .text("a")]), .fields(["n": .text("b")])]),
            "leeg": .text(""), "waar": .bool(true), "onwaar": .bool(false),
            "obj": .fields(["x": .text("X")]),
        ])
        #expect(try html("{{#lijst}}[{{n}} {{zaak}}]{{/lijst}}", value) == "[a JBT-1][b JBT-1]")
        #expect(try html("{{#leeg}}ja{{/leeg}}{{^leeg}}nee{{/leeg}}", value) == "nee")
        #expect(try html("{{#waar}}1{{/waar}}{{#onwaar}}2{{/onwaar}}{{^onwaar}}3{{/onwaar}}", value) == "13")
        #expect(try html("{{#obj}}{{x}}{{/obj}}{{obj.x}}{{ontbreekt}}", value) == "XX")
        #expect(try html("{{^lijst}}geen{{/lijst}}{{^ontbreekt}}leeg{{/ontbreekt}}", value) == "leeg")
        #expect(try html("{{waar}}/{{onwaar}}", value) == "ja/nee")
    }

    @Test("A section tag alone on its line takes the line with it")
    func standaloneLines() throws {
        let value = DocumentValue.fields(["l": .list([.text("a"), .text("b")])])
        #expect(try md("# Kop\n{{#l}}\n- {{.}}\n{{/l}}\neinde\n", value) == "# Kop\n- a\n- b\neinde\n")
        #expect(try md("  {{! opmerking }}  \nx", value) == "x")
        #expect(try md("{{#l}}{{.}} {{/l}}\n", value) == "a b \n", "inline sections keep their line")
        #expect(try md("kop\n\n{{#nee}}\nverborgen\n\n{{/nee}}\n{{#l}}\n{{.}}\n{{/l}}\nstaart", value) == "kop\n\na\nb\nstaart",
                "standalone tags on consecutive lines each take their line")
    }

    @Test("Broken templates name the tag and the line")
    func brokenTemplates() throws {
        func failure(_ template: String) -> DocumentError? {
            do { _ = try TextTemplate(text: template, file: "x.md.mustache"); return nil } catch let e as DocumentError { return e } catch { return nil }
        }
        let unclosed = try #require(failure("a\nb {{#lijst}}\nc"))
        #expect(unclosed.code == .unclosedSection && unclosed.tag == "{{#lijst}}" && unclosed.place == "regel 2")
        #expect(unclosed.errorDescription == "x.md.mustache, regel 2: {{#lijst}}: sectie wordt niet gesloten; voeg {{/lijst}} toe")
        let mismatched = try #require(failure("{{#a}}\n{{#b}}\n{{/a}}\n{{/b}}"))
        #expect(mismatched.code == .mismatchedClose && mismatched.tag == "{{/a}}" && mismatched.place == "regel 3")
        let stray = try #require(failure("x {{/a}}"))
        #expect(stray.code == .mismatchedClose && stray.tag == "{{/a}}")
        let open = try #require(failure("regel\n{{zaak"))
        #expect(open.code == .unclosedTag && open.place == "regel 2")
        let partial = try #require(failure("{{> kop}}"))
        #expect(partial.code == .unsupportedTag && partial.tag == "{{> kop}}")
    }
}
