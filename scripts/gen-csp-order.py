#!/usr/bin/env python3
# scripts/gen-csp-order.py: writes imps/csp_order.c, the child order of every element of the WV-CSP 1.1 DTD.
#
# Usage: scripts/gen-csp-order.py tests/data/wv-csp_1_1.dtd > imps/csp_order.c
#
# For each element whose content model names children, the table lists them
# with a rank: children of a sequence get increasing ranks in model order;
# members of a choice that is not repeated get increasing ranks in the order
# they are listed; all members of a repeated choice ((A|B)* or (A|B)+) share
# one rank, so that their relative order (which carries meaning) is kept by
# a stable sort. The build does not need Python: the output is committed.
import re
import sys


def strip_comments(text):
    return re.sub(r'<!--.*?-->', '', text, flags=re.S)


def tokenize(model):
    return re.findall(r'#PCDATA|[A-Za-z_][A-Za-z0-9_.:-]*|[(),|?*+]', model)


class Parser:
    def __init__(self, tokens):
        self.t = tokens
        self.i = 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else None

    def take(self, want=None):
        tok = self.peek()
        if tok is None or (want is not None and tok != want):
            raise ValueError('expected %r, got %r' % (want, tok))
        self.i += 1
        return tok

    def particle(self):
        """Returns (kind, items, repeated): kind 'name', 'seq' or 'choice'."""
        if self.peek() == '(':
            self.take('(')
            items = [self.particle()]
            sep = None
            while self.peek() in (',', '|'):
                s = self.take()
                if sep is not None and s != sep:
                    raise ValueError('mixed separators')
                sep = s
                items.append(self.particle())
            self.take(')')
            node = ('choice' if sep == '|' else 'seq', items)
        else:
            node = ('name', self.take())
        rep = self.peek() in ('*', '+')
        if self.peek() in ('?', '*', '+'):
            self.take()
        return node + (rep,)


def ranks(model):
    """List of (child, rank) for a content model string, in model order."""
    model = model.strip()
    if model in ('EMPTY', 'ANY') or '#PCDATA' in model:
        return []
    p = Parser(tokenize(model))
    tree = p.particle()
    if p.peek() is not None:
        raise ValueError('trailing tokens in %r' % model)
    out = []
    seen = set()
    counter = [0]

    def walk(node, shared):
        kind, items, rep = node
        if kind == 'name':
            if items not in seen:
                seen.add(items)
                out.append((items, shared if shared is not None else counter[0]))
            if shared is None:
                counter[0] += 1
            return
        if kind == 'choice' and rep and shared is None:
            shared = counter[0]
            for it in items:
                walk(it, shared)
            counter[0] += 1
            return
        for it in items:
            walk(it, shared)

    walk(tree, None)
    return out


def main():
    text = strip_comments(open(sys.argv[1], encoding='utf-8').read())
    rows = {}
    for name, model in re.findall(r'<!ELEMENT\s+(\S+)\s+(.*?)>', text, flags=re.S):
        if name in rows:
            raise SystemExit('duplicate element %s' % name)
        rows[name] = ranks(model)
    w = sys.stdout.write
    w('/* imps/csp_order.c: child order of each element of the WV-CSP 1.1 DTD '
      '(generated, do not edit). */\n')
    w('/* Made by scripts/gen-csp-order.py from tests/data/wv-csp_1_1.dtd. */\n')
    w('#include "config.h"\n\n#include "imps/csp_order.h"\n\n')
    parents = sorted(n for n in rows if rows[n])
    for n in parents:
        ident = 'c_' + re.sub(r'[^A-Za-z0-9]', '_', n)
        w('static struct csp_order_child const %s[] = {\n' % ident)
        for child, rank in rows[n]:
            w('\t{"%s", %d},\n' % (child, rank))
        w('};\n')
    w('\n/* Sorted by parent name (strcmp order) for bsearch. */\n')
    w('struct csp_order_row const csp_order_table[] = {\n')
    for n in parents:
        ident = 'c_' + re.sub(r'[^A-Za-z0-9]', '_', n)
        w('\t{"%s", %s, sizeof %s / sizeof %s[0]},\n' % (n, ident, ident, ident))
    w('};\n\nsize_t const csp_order_table_len = sizeof csp_order_table / '
      'sizeof csp_order_table[0];\n')


if __name__ == '__main__':
    main()
