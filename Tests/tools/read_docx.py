#!/usr/bin/env python3
"""Reads a .docx with python-docx (an independent reader) and prints its text as JSON:
{"body": [paragraph texts, in order, table cells included], "tables": [[[cell text]]],
 "headers": [...], "footers": [...], "breaks": number of <w:br/> in the body}.
Used by the JBTDocuments tests:  read_docx.py FILE.docx"""
import json
import sys
import zipfile

import docx
from docx.oxml.ns import qn


def paragraphs(container):
    out = []
    for block in container.iter_inner_content():
        if isinstance(block, docx.text.paragraph.Paragraph):
            out.append(text_of(block))
        else:
            for row in block.rows:
                for cell in row.cells:
                    out += paragraphs(cell)
    return out


def text_of(paragraph):
    # python-docx renders <w:br/> as "\n" and <w:tab/> as "\t" in Paragraph.text.
    return paragraph.text


def main():
    with zipfile.ZipFile(sys.argv[1]) as z:
        bad = z.testzip()  # every entry's CRC-32 and size checked
        if bad is not None:
            sys.exit("beschadigd onderdeel in het pakket: " + bad)
    d = docx.Document(sys.argv[1])
    result = {
        "body": paragraphs(d),
        "tables": [[[c.text for c in row.cells] for row in t.rows] for t in d.tables],
        "headers": [p.text for s in d.sections for p in s.header.paragraphs],
        "footers": [p.text for s in d.sections for p in s.footer.paragraphs],
        "breaks": len(d.element.body.findall(".//" + qn("w:br"))),
    }
    json.dump(result, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
