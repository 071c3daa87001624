#!/usr/bin/env python3
"""After `cmake --build build/dev --target update_translations`: strings that moved to another class keep their
translation. An unfinished message whose source text is translated elsewhere in the same file (lupdate's
same-text guess, or another context) takes that translation and is marked finished; what is left unfinished
is new text to translate by hand. Prints what it carried and what is left.

Usage: scripts/carry-translations.py translations/*.ts
"""
import re
import sys

MESSAGE = re.compile(r'(<message(?: numerus="yes")?>)(.*?)(</message>)', re.S)
SOURCE = re.compile(r'<source>(.*?)</source>', re.S)
TRANSLATION = re.compile(r'<translation( type="unfinished")?>(.*?)</translation>', re.S)


def carry(path):
    text = open(path, encoding='utf-8').read()
    known = {}
    for m in MESSAGE.finditer(text):
        source, translation = SOURCE.search(m.group(2)), TRANSLATION.search(m.group(2))
        if source and translation and not translation.group(1) and translation.group(2).strip():
            known.setdefault((m.group(1), source.group(1)), translation.group(2))
    carried, left = 0, []

    def fix(m):
        nonlocal carried
        body = m.group(2)
        source, translation = SOURCE.search(body), TRANSLATION.search(body)
        if not source or not translation or not translation.group(1):
            return m.group(0)
        guess = translation.group(2) if translation.group(2).strip() else known.get((m.group(1), source.group(1)))
        if not guess or not re.sub(r'<[^>]+>', '', guess).strip():
            left.append(source.group(1))
            return m.group(0)
        carried += 1
        body = body[:translation.start()] + '<translation>' + guess + '</translation>' + body[translation.end():]
        return m.group(1) + body + m.group(3)

    text = MESSAGE.sub(fix, text)
    open(path, 'w', encoding='utf-8').write(text)
    print(f'{path}: carried {carried}, left {len(left)}')
    for source in left:
        print('   ', source)


for p in sys.argv[1:]:
    carry(p)
