"""The docxtpl side of Benchmarks/docs.sh: builds a docxtpl template equivalent to
Templates/verslag.docx (same description, Templates/tools/make_templates.py, translated from
Mustache to docxtpl's Jinja syntax: {{ x }}, {%p if %}, {%p for %}, {%tr for %}) and fills it N
times with the same data as `jbt-bench docs` (the full sample, as JSON). Prints documents per second.

    docs_docxtpl.py SAMPLE.json N [--keep OUT.docx]
"""
import io
import json
import os
import re
import sys
import tempfile
import time

import docx
from docxtpl import DocxTemplate

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Templates", "tools"))
import make_templates as spec  # noqa: E402

TAG = re.compile(r"\{\{([#^/]?)\s*([^}]*?)\s*\}\}")


class Scope:
    """Maps Mustache names to Jinja expressions: inside a loop a name of the item gets the loop variable."""

    def __init__(self, sample):
        self.sample = sample
        self.loops = []  # (variable, an item of the list)

    def expr(self, name):
        first = name.split(".")[0]
        for var, item in reversed(self.loops):
            if isinstance(item, dict) and first in item:
                return var + "." + name
        return name

    def value(self, name):
        for _, item in reversed(self.loops):
            if isinstance(item, dict) and name.split(".")[0] in item:
                return lookup(item, name)
        return lookup(self.sample, name)

    def open(self, name, inverted):
        """The Jinja opener for a section, and how to close it."""
        v = self.value(name)
        if isinstance(v, list) and not inverted:
            var = "i%d" % (len(self.loops) + 1)
            loop = "for %s in %s" % (var, self.expr(name))
            self.loops.append((var, v[0] if v else {}))
            return loop, "endfor"
        return ("if not " if inverted else "if ") + self.expr(name), "endif"

    def close(self, closer):
        if closer == "endfor":
            self.loops.pop()


def lookup(obj, name):
    for part in name.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else None
    return obj


def inline(text, scope):
    """Mustache tags inside one paragraph to Jinja."""
    out, pos, closers = [], 0, []
    for m in TAG.finditer(text):
        out.append(text[pos:m.start()])
        sigil, name = m.group(1), m.group(2)
        if sigil in ("#", "^"):
            opener, closer = scope.open(name, sigil == "^")
            closers.append(closer)
            out.append("{%% %s %%}" % opener)
        elif sigil == "/":
            closer = closers.pop()
            scope.close(closer)
            out.append("{%% %s %%}" % closer)
        else:
            out.append("{{ %s }}" % scope.expr(name))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def blocks(d, items, scope):
    for b in items:
        t = b[0]
        if t == "h1":
            d.add_heading(inline(b[1], scope), level=1)
        elif t == "h2":
            d.add_heading(inline(b[1], scope), level=2)
        elif t == "p":
            d.add_paragraph(inline(b[1], scope))
        elif t == "split":
            d.add_paragraph(inline("".join(x for x in b[1] if x != "PROOF"), scope))
        elif t == "kv":
            for label, value in b[1]:
                p = d.add_paragraph()
                p.add_run(inline(label, scope) + ": ").bold = True
                p.add_run(inline(value, scope))
        elif t in ("if", "ifnot", "loop", "list"):
            opener, closer = scope.open(b[1], t == "ifnot")
            d.add_paragraph("{%%p %s %%}" % opener)
            if t == "list":
                d.add_paragraph(inline(b[2], scope), style="List Bullet")
            else:
                blocks(d, b[2], scope)
            scope.close(closer)
            d.add_paragraph("{%%p %s %%}" % closer)
        elif t == "table":
            cols = b[2]
            opener, closer = scope.open(b[1], False)
            table = d.add_table(rows=4, cols=len(cols))
            table.style = "Table Grid"
            for i, (header, cell) in enumerate(cols):
                table.rows[0].cells[i].paragraphs[0].add_run(header).bold = True
                table.rows[2].cells[i].paragraphs[0].text = inline(cell, scope)
            table.rows[1].cells[0].paragraphs[0].text = "{%%tr %s %%}" % opener
            table.rows[3].cells[0].paragraphs[0].text = "{%%tr %s %%}" % closer
            scope.close(closer)
        else:
            raise ValueError(t)


def make_template(sample):
    d = docx.Document()
    d.styles["Normal"].font.name = "Calibri"
    sec = d.sections[0]
    sec.header.paragraphs[0].add_run("Jeugdbeschermingstafel {{ regio.naam }}").bold = True
    sec.footer.paragraphs[0].text = "{{ zaak }} · Vertrouwelijk · versie {{ document.versie }}"
    blocks(d, spec.VERSLAG, Scope(sample))
    spec.slim(d)  # the same package parts as Templates/verslag.docx
    buffer = io.BytesIO()
    d.save(buffer)
    return buffer.getvalue()


def main():
    sample = json.load(open(sys.argv[1], encoding="utf-8"))
    count = int(sys.argv[2])
    template_bytes = make_template(sample)
    started = time.perf_counter()
    size = 0
    last = None
    for _ in range(count):
        # docxtpl renders a template once per object: load it each time, as a server would.
        tpl = DocxTemplate(io.BytesIO(template_bytes))
        tpl.render(sample, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
        last = out.getvalue()
        size += len(last)
    seconds = time.perf_counter() - started
    if "--keep" in sys.argv:
        with open(sys.argv[sys.argv.index("--keep") + 1], "wb") as f:
            f.write(last)
    print("docxtpl: %d documents, %.3f s, %.0f documents/s, %.2f ms each, %d bytes each"
          % (count, seconds, count / seconds, 1000 * seconds / count, size // count))


if __name__ == "__main__":
    main()
