#!/usr/bin/env python3
"""Writes the default templates of jbt into Templates/: for every kind of document a Word
template (<kind>.docx, neutral letterhead in header and footer) and Mustache templates for HTML
and Markdown (<kind>.html.mustache, <kind>.md.mustache), all from one description per kind so the
three formats say the same.

Run from the repository root with the test virtualenv (python-docx):
    Tests/.venv/bin/python Templates/tools/make_templates.py
The output is reproducible: fixed document properties and zip time stamps.

Deliberate exercises of the Word engine: in the verslag `{{gesprek.datum}}` is written over three
runs with a spelling mark between them (as Word does), and the agreements (verslag, veiligheidsplan)
and the conversations (weekagenda) are repeated table rows.
"""
import datetime
import html
import os
import sys
import zipfile

import docx
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")

# --- The documents, one description each -----------------------------------------------------
# Blocks: ("h1"|"h2", text) ("p", text) ("kv", [(label, value)]) ("if"|"ifnot", name, [blocks])
# ("list", name, item) ("table", name, [(header, cell)]) ("split", [run, run, ...])
# ("loop", name, [blocks]): paragraphs repeated per item. A table may give its column widths in
# millimetres as a fourth element (Word otherwise makes all columns equally wide).
# A heading over a list or text that can be empty sits in ("if", ...) so it never stands alone;
# `heeft_<list>` is set by jbt for every list.

PERSOON = "{{naam}}{{#rol}}, {{rol}}{{/rol}}{{#organisatie}} ({{organisatie}}){{/organisatie}}"


def section(title, field):
    """A heading with one text under it, left out when the text is empty."""
    return ("if", field, [("h2", title), ("p", "{{" + field + "}}")])


def listed(title, name, item):
    """A heading with a list under it, left out when the list is empty."""
    return ("if", "heeft_" + name, [("h2", title), ("list", name, item)])

GESPREK = ("kv", [
    ("Zaak", "{{zaak}}"),
    ("Datum verslag", "{{document.datum}}"),
    ("Soort gesprek", "{{gesprek.soort}}"),
    ("Tijd", "{{gesprek.tijd}}{{^gesprek.niet_vastgelegd}} – {{gesprek.eindtijd}}{{/gesprek.niet_vastgelegd}}"),
    ("Locatie", "{{gesprek.locatie}}"),
    ("Voorzitter", "{{gesprek.voorzitter}}"),
    ("Secretaris", "{{gesprek.secretaris}}"),
])

KINDEREN = [listed("Kinderen", "kinderen", "{{initialen}} ({{leeftijd}} jaar)")]

VERSLAG = [
    ("h1", "{{document.titel}}"),
    ("if", "afgeschermd", [("p", "Afgeschermde zaak (LET JB): deel dit verslag alleen met de mensen op de verzendlijst.")]),
    ("if", "gezinsexemplaar", [("p", "Exemplaar voor {{ontvanger.naam}} ({{ontvanger.rol}}).")]),
    ("split", ["Gesprek op ", "{{ges", "PROOF", "prek.da", "tum}}",
               "{{^gesprek.niet_vastgelegd}} om {{gesprek.tijd}}{{/gesprek.niet_vastgelegd}}"]),
    ("if", "gesprek.niet_vastgelegd", [("p", "{{gesprek.niet_vastgelegd}}")]),
    GESPREK,
    *KINDEREN,
    listed("Aanwezig", "aanwezigen", PERSOON),
    ("kv", [("Verwijzer", "{{verwijzer.naam}}{{#verwijzer.organisatie}}, {{verwijzer.organisatie}}{{/verwijzer.organisatie}}")]),
    section("Wat gaat goed", "gaat_goed"),
    section("Zorgen", "zorgen"),
    section("Visie van de ouders", "visie_ouders"),
    section("Visie van het kind", "visie_kind"),
    ("h2", "Uitkomst"),
    ("p", "{{#uitkomst.vrijwillig}}☒{{/uitkomst.vrijwillig}}{{^uitkomst.vrijwillig}}☐{{/uitkomst.vrijwillig}} Vrijwillig kader"),
    ("p", "{{#uitkomst.verplicht_vrijwillig}}☒{{/uitkomst.verplicht_vrijwillig}}{{^uitkomst.verplicht_vrijwillig}}☐{{/uitkomst.verplicht_vrijwillig}} Verplicht vrijwillig kader"),
    ("p", "{{#uitkomst.verplicht_vrijwillig_en_raadsonderzoek}}☒{{/uitkomst.verplicht_vrijwillig_en_raadsonderzoek}}{{^uitkomst.verplicht_vrijwillig_en_raadsonderzoek}}☐{{/uitkomst.verplicht_vrijwillig_en_raadsonderzoek}} Verplicht vrijwillig kader en raadsonderzoek"),
    ("p", "{{#uitkomst.raadsonderzoek}}☒{{/uitkomst.raadsonderzoek}}{{^uitkomst.raadsonderzoek}}☐{{/uitkomst.raadsonderzoek}} Raadsonderzoek"),
    ("p", "{{uitkomst.tekst}}"),
    ("h2", "Besluiten"),
    ("kv", [("a. Route", "{{besluiten.route}}"), ("b. Hulp", "{{besluiten.hulp}}"), ("c. Veiligheid", "{{besluiten.veiligheid}}")]),
    ("if", "heeft_afspraken", [
        ("h2", "Afspraken"),
        ("table", "afspraken", [("Wat", "{{wat}}"), ("Wie", "{{wie}}"), ("Wanneer", "{{wanneer}}")], [90, 40, 30]),
    ]),
    section("Toezicht op de afspraken", "monitoring"),
    ("if", "heeft_evaluatie", [("h2", "Evaluatie"), ("p", "{{evaluatie.datum}}: {{evaluatie.vorm}}")]),
    section("Als de afspraken niet worden nagekomen", "consequentie"),
    ("if", "heeft_reacties", [
        ("h2", "Reacties op dit verslag"),
        ("loop", "reacties", [("kv", [("Reactie van", "{{van}} ({{rol}}), {{datum}}")]), ("p", "{{tekst}}")]),
    ]),
]

VEILIGHEIDSPLAN = [
    ("h1", "{{document.titel}}"),
    ("if", "afgeschermd", [("p", "Afgeschermde zaak (LET JB): deel dit plan alleen met de mensen op de verzendlijst.")]),
    ("kv", [("Zaak", "{{zaak}}"), ("Opgesteld door", "{{opgesteld_door}}"), ("Datum", "{{document.datum}}"),
            ("Gesprek", "{{gesprek.datum}}, {{gesprek.soort}}")]),
    *KINDEREN,
    listed("Betrokkenen", "aanwezigen", PERSOON),
    listed("Netwerk", "netwerk", "{{naam}}{{#rol}}, {{rol}}{{/rol}}"),
    section("Zorgen", "zorgen"),
    section("Wat er kan gebeuren als er niets verandert", "risico"),
    listed("Veiligheidsdoelen", "doelen", "{{tekst}}"),
    ("if", "heeft_afspraken", [
        ("h2", "Afspraken"),
        ("table", "afspraken", [("Doel", "{{doel}}"), ("Wat doen we", "{{gedrag}}"), ("Wie", "{{wie}}"),
                                ("Wanneer", "{{wanneer}}"), ("Steun van", "{{steun}}")], [35, 50, 25, 25, 25]),
    ]),
    section("Wie ondersteunt de ouders", "ondersteuning"),
    section("Wie houdt de afspraken in de gaten", "monitoring"),
    listed("Signalen dat het niet goed gaat", "signalen", "{{tekst}}"),
    listed("Wat gebeurt er als de afspraken niet lukken", "escalatie", "{{stap}}"),
    ("kv", [("Evaluatie", "{{evaluatie.datum}}")]),
    ("h2", "Instemming van de ouders"),
    ("if", "instemming_ouders", [("p", "De ouders stemmen in met dit plan.")]),
    ("ifnot", "instemming_ouders", [("p", "De ouders hebben (nog) niet ingestemd met dit plan.")]),
    # The parents' own words, whether they agree or not: a disagreement needs them most.
    ("if", "instemming_tekst", [("kv", [("Toelichting van de ouders", "{{instemming_tekst}}")])]),
]

UITNODIGING = [
    ("p", "{{ontvanger.naam}}"),
    ("p", "{{document.plaats}}, {{document.datum}}"),
    ("h1", "{{document.titel}}"),
    ("p", "Beste {{ontvanger.naam}},"),
    ("p", "{{tekst.inleiding}}"),
    ("kv", [("Datum", "{{gesprek.datum}}"), ("Tijd", "{{gesprek.tijd}} – {{gesprek.eindtijd}}"),
            ("Plaats", "{{gesprek.locatie}}"), ("Voorzitter", "{{gesprek.voorzitter}}")]),
    ("if", "heeft_kinderen", [("p", "Het gesprek gaat over {{kinderen_tekst}}.")]),
    ("if", "gesprek.heeft_kindgesprek", [
        ("p", "Voor het gesprek, om {{gesprek.kindgesprek_tijd}}, praat de voorzitter eerst even met uw kind."),
    ]),
    ("if", "heeft_gi", [("p", "Ook {{gi.naam}} van {{gi.organisatie}} is bij het gesprek.")]),
    ("if", "map_link", [("p", "Meer informatie over de Jeugdbeschermingstafel vindt u op {{map_link}}.")]),
    ("p", "Kunt u niet komen of heeft u vragen? Neem dan contact op met {{contact.naam}}."),
    ("if", "contact.telefoon", [("kv", [("Telefoon", "{{contact.telefoon}}")])]),
    ("p", "Met vriendelijke groet,"),
    ("p", "{{#gesprek.voorzitter}}{{gesprek.voorzitter}}, voorzitter {{/gesprek.voorzitter}}Jeugdbeschermingstafel {{gesprek.regio}}"),
]

WACHTTIJDSIGNALERING = [
    ("p", "{{escalatie.naam}}"),
    ("p", "{{escalatie.organisatie}}"),
    ("p", "{{#document.plaats}}{{document.plaats}}, {{/document.plaats}}{{document.datum}}"),
    ("h1", "{{document.titel}}"),
    ("kv", [("Datum", "{{document.datum}}"), ("Periode", "{{periode.van}} tot en met {{periode.tot}}"),
            ("Aantal zaken", "{{aantal}}")]),
    ("p", "In de periode hierboven kon voor de volgende zaken geen gesprek binnen de norm van twee weken na aanmelding worden gepland."),
    ("table", "zaken", [("Zaak", "{{zaak}}"), ("Gemeente", "{{gemeente}}"), ("Aangemeld", "{{aangemeld}}"),
                        ("Uiterlijk", "{{uiterlijk}}"),
                        ("Gepland", "{{#geboekt}}{{geboekt}}{{/geboekt}}{{^geboekt}}nog niet gepland{{/geboekt}}"),
                        ("Reden", "{{reden}}")], [32, 27, 25, 25, 25, 113]),
    ("p", "Wij vragen u om met ons te zoeken naar extra capaciteit."),
    ("p", "Vragen over deze signalering? Neem contact op met {{contact.naam}}."),
    ("if", "contact.telefoon", [("kv", [("Telefoon", "{{contact.telefoon}}")])]),
    ("p", "Met vriendelijke groet,"),
    ("p", "Secretariaat Jeugdbeschermingstafel {{regio.naam}}"),
]

WEEKAGENDA = [
    ("h1", "{{document.titel}} – week {{week}}"),
    ("loop", "dagen", [
        ("h2", "{{datum}}"),
        ("loop", "tafels", [
            ("kv", [("Tafel {{tafel}}", "voorzitter {{voorzitter}}, RvdK {{rvdk}}, {{locatie}}")]),
            ("table", "gesprekken", [
                ("Tijd", "{{tijd}} – {{eindtijd}}"), ("Zaak", "{{zaak}}"), ("Soort", "{{soort}}"),
                ("Kindgesprek", "{{#heeft_kindgesprek}}{{kindgesprek_tijd}}{{/heeft_kindgesprek}}{{^heeft_kindgesprek}}–{{/heeft_kindgesprek}}"),
                ("Aanwezigen", "{{#aanwezigen_tekst}}{{aanwezigen_tekst}}{{/aanwezigen_tekst}}{{^aanwezigen_tekst}}nog geen uitnodigingen verstuurd{{/aanwezigen_tekst}}"),
            ], [25, 38, 38, 24, 122]),
        ]),
    ]),
]

KINDS = {
    "verslag": VERSLAG, "veiligheidsplan": VEILIGHEIDSPLAN, "uitnodiging": UITNODIGING,
    "wachttijdsignalering": WACHTTIJDSIGNALERING, "weekagenda": WEEKAGENDA,
}
LETTERHEAD = "Jeugdbeschermingstafel {{regio.naam}}"
# A case's documents come from the table that holds the conversation (a neighbouring region's, too).
LETTERHEAD_CASE = "Jeugdbeschermingstafel {{gesprek.regio}}"
CASE_KINDS = ("verslag", "veiligheidsplan", "uitnodiging")
WIDE_KINDS = ("wachttijdsignalering", "weekagenda")
FOOTER = "{{#zaak}}{{zaak}} · {{/zaak}}Vertrouwelijk · versie {{document.versie}}"
FOOTER_WEEK = "Week {{week}} · Vertrouwelijk · versie {{document.versie}}"

# --- Word ------------------------------------------------------------------------------------

def word(kind, blocks):
    d = docx.Document()
    d.core_properties.author = "jbt"
    d.core_properties.title = kind
    fixed = datetime.datetime(2026, 1, 1)
    d.core_properties.created = fixed
    d.core_properties.modified = fixed
    d.core_properties.last_modified_by = "jbt"
    d.core_properties.revision = 1
    normal = d.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    sec = d.sections[0]
    # A4, as Dutch letters are (python-docx's default package is US Letter).
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    if kind in WIDE_KINDS:
        # Lists of cases with long reasons or many attendees: landscape, so a row is two lines, not twenty.
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = Mm(297), Mm(210)
    sec.left_margin = sec.right_margin = Mm(25)
    sec.top_margin, sec.bottom_margin = Mm(25), Mm(20)
    head = sec.header.paragraphs[0]
    r = head.add_run(LETTERHEAD_CASE if kind in CASE_KINDS else LETTERHEAD)
    r.bold = True
    r.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
    foot = sec.footer.paragraphs[0]
    foot.text = FOOTER_WEEK if kind == "weekagenda" else FOOTER
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for run in foot.runs:
        run.font.size = Pt(8)
    word_blocks(d, blocks)
    slim(d)
    path = os.path.join(OUT, kind + ".docx")
    d.save(path)
    normalise_zip(path)


def slim(d):
    """Drops what python-docx's default package carries and a letter does not need: the Word 2010
    copy of the styles (stylesWithEffects.xml, 438 KB) and the thumbnail. Every document copies
    the template's fixed parts, so a smaller template is a faster document."""
    for rId, rel in list(d.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            d.part.drop_rel(rId)
    package = d.part.package
    for rId, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rId)


def word_blocks(d, blocks):
    for b in blocks:
        t = b[0]
        if t == "h1":
            d.add_heading(b[1], level=1)
        elif t == "h2":
            d.add_heading(b[1], level=2)
        elif t == "p":
            d.add_paragraph(b[1])
        elif t == "kv":
            for label, value in b[1]:
                p = d.add_paragraph()
                p.add_run(label + ": ").bold = True
                p.add_run(value)
        elif t in ("if", "ifnot", "loop"):
            d.add_paragraph(("{{#" if t != "ifnot" else "{{^") + b[1] + "}}")
            word_blocks(d, b[2])
            d.add_paragraph("{{/" + b[1] + "}}")
        elif t == "list":
            d.add_paragraph("{{#" + b[1] + "}}")
            d.add_paragraph(b[2], style="List Bullet")
            d.add_paragraph("{{/" + b[1] + "}}")
        elif t == "table":
            cols = b[2]
            table = d.add_table(rows=2, cols=len(cols))
            table.style = "Table Grid"
            if len(b) > 3:
                # Fixed widths: LibreOffice and Word otherwise give every column the same share,
                # and a long text (the reasons of the signalering) fills pages at 2.5 cm wide.
                table.autofit = False
                for i, width in enumerate(b[3]):
                    table.columns[i].width = Mm(width)
                    for row in table.rows:
                        row.cells[i].width = Mm(width)
            for i, (header, cell) in enumerate(cols):
                table.rows[0].cells[i].paragraphs[0].add_run(header).bold = True
                text = cell
                if i == 0:
                    text = "{{#" + b[1] + "}}" + text
                if i == len(cols) - 1:
                    text = text + "{{/" + b[1] + "}}"
                table.rows[1].cells[i].paragraphs[0].text = text
        elif t == "split":
            # As Word writes it after editing: the tag in pieces, in runs of different formatting,
            # with a spelling mark between two of them.
            p = d.add_paragraph()
            for piece in b[1]:
                if piece == "PROOF":
                    mark = OxmlElement("w:proofErr")
                    mark.set(qn("w:type"), "spellStart")
                    p._p.append(mark)
                    continue
                run = p.add_run(piece)
                if piece.startswith("prek"):
                    run.italic = True
        else:
            raise ValueError(t)


def normalise_zip(path):
    """Rewrites the package with fixed time stamps, so the same script gives the same bytes."""
    with zipfile.ZipFile(path) as z:
        items = [(i.filename, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in items:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)

# --- HTML ------------------------------------------------------------------------------------

def esc(text):
    # Tags contain no & < >; the literal Dutch text around them may.
    return html.escape(text, quote=False)


def html_doc(kind, blocks):
    foot = FOOTER_WEEK if kind == "weekagenda" else FOOTER
    out = [
        "<!DOCTYPE html>",
        '<html lang="nl">',
        "<head>",
        '<meta charset="utf-8">',
        "<title>{{document.titel}}</title>",
        "<style>body{font-family:Carlito,Calibri,sans-serif;max-width:48em;margin:2em auto}"
        "header{color:#1f3a5f;font-weight:bold;border-bottom:1px solid #1f3a5f}"
        "footer{font-size:.8em;text-align:center;border-top:1px solid #999;margin-top:2em}"
        "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.2em .4em;vertical-align:top}</style>",
        "</head>",
        "<body>",
        "<header>" + esc(LETTERHEAD_CASE if kind in CASE_KINDS else LETTERHEAD) + "</header>",
        "<main>",
    ]
    html_blocks(out, blocks)
    out += ["</main>", "<footer>" + esc(foot) + "</footer>", "</body>", "</html>", ""]
    write(kind + ".html.mustache", "\n".join(out))


def html_blocks(out, blocks):
    for b in blocks:
        t = b[0]
        if t == "h1":
            out.append("<h1>" + esc(b[1]) + "</h1>")
        elif t == "h2":
            out.append("<h2>" + esc(b[1]) + "</h2>")
        elif t == "p":
            out.append("<p>" + esc(b[1]) + "</p>")
        elif t == "split":
            out.append("<p>" + esc("".join(x for x in b[1] if x != "PROOF")) + "</p>")
        elif t == "kv":
            for label, value in b[1]:
                out.append("<p><strong>" + esc(label) + ":</strong> " + esc(value) + "</p>")
        elif t in ("if", "ifnot", "loop"):
            out.append(("{{#" if t != "ifnot" else "{{^") + b[1] + "}}")
            html_blocks(out, b[2])
            out.append("{{/" + b[1] + "}}")
        elif t == "list":
            out += ["<ul>", "{{#" + b[1] + "}}", "<li>" + esc(b[2]) + "</li>", "{{/" + b[1] + "}}", "</ul>"]
        elif t == "table":
            cols = b[2]
            out.append("<table>")
            out.append("<tr>" + "".join("<th>" + esc(h) + "</th>" for h, _ in cols) + "</tr>")
            out.append("{{#" + b[1] + "}}")
            out.append("<tr>" + "".join("<td>" + esc(c) + "</td>" for _, c in cols) + "</tr>")
            out.append("{{/" + b[1] + "}}")
            out.append("</table>")
        else:
            raise ValueError(t)

# --- Markdown --------------------------------------------------------------------------------

def md_doc(kind, blocks):
    foot = FOOTER_WEEK if kind == "weekagenda" else FOOTER
    out = ["*" + (LETTERHEAD_CASE if kind in CASE_KINDS else LETTERHEAD) + "*", ""]
    md_blocks(out, blocks)
    out += ["---", "", foot, ""]
    write(kind + ".md.mustache", "\n".join(out))


def md_blocks(out, blocks):
    for b in blocks:
        t = b[0]
        if t == "h1":
            out += ["# " + b[1], ""]
        elif t == "h2":
            out += ["## " + b[1], ""]
        elif t == "p":
            out += [b[1], ""]
        elif t == "split":
            out += ["".join(x for x in b[1] if x != "PROOF"), ""]
        elif t == "kv":
            for label, value in b[1]:
                out.append("- **" + label + ":** " + value)
            out.append("")
        elif t in ("if", "ifnot", "loop"):
            out.append(("{{#" if t != "ifnot" else "{{^") + b[1] + "}}")
            md_blocks(out, b[2])
            out.append("{{/" + b[1] + "}}")
        elif t == "list":
            out += ["{{#" + b[1] + "}}", "- " + b[2], "{{/" + b[1] + "}}", ""]
        elif t == "table":
            cols = b[2]
            out.append("| " + " | ".join(h for h, _ in cols) + " |")
            out.append("|" + "|".join("---" for _ in cols) + "|")
            out.append("{{#" + b[1] + "}}")
            out.append("| " + " | ".join(c for _, c in cols) + " |")
            out.append("{{/" + b[1] + "}}")
            out.append("")
        else:
            raise ValueError(t)


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)


def main():
    for kind, blocks in KINDS.items():
        word(kind, blocks)
        html_doc(kind, blocks)
        md_doc(kind, blocks)
    print("sjablonen geschreven in", os.path.abspath(OUT), file=sys.stderr)


if __name__ == "__main__":
    main()
