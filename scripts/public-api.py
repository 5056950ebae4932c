#!/usr/bin/env python3
"""Count the public API of the keysmith library from rustdoc's JSON output.

Usage: scripts/public-api.py target/doc/keysmith.json [--list]

Walks from the crate root through public modules and re-exports and counts
every item a library user can name: modules, structs, enums, variants,
public fields, traits, functions, inherent methods and associated items,
constants, statics and type aliases. Trait implementations are not counted
(they add no names). Build the JSON with:

    cargo +nightly rustdoc --lib -- -Z unstable-options --output-format json
"""
import json
import sys


def main():
    doc = json.load(open(sys.argv[1]))
    index = doc["index"]
    seen = {}

    def path_of(prefix, name):
        return f"{prefix}::{name}" if prefix else name

    def visit(item_id, prefix):
        item = index.get(str(item_id)) or index.get(item_id)
        if item is None or item.get("crate_id", 0) != 0:
            return
        kind, inner = next(iter(item["inner"].items()))
        name = item.get("name") or ""
        if kind == "use":
            target = inner.get("id")
            if target is None:
                return
            if inner.get("is_glob"):
                target_item = index.get(str(target))
                if target_item and "module" in target_item["inner"]:
                    for child in target_item["inner"]["module"]["items"]:
                        visit(child, prefix)
                return
            visit_named(target, prefix, inner.get("name"))
            return
        visit_named(item_id, prefix, name)

    def visit_named(item_id, prefix, name):
        item = index.get(str(item_id))
        if item is None or item.get("crate_id", 0) != 0:
            return
        kind, inner = next(iter(item["inner"].items()))
        here = path_of(prefix, name)
        if item_id in seen:
            return
        seen[item_id] = (kind, here)
        if kind == "module":
            for child in inner["items"]:
                visit(child, here)
        elif kind == "struct":
            body = inner["kind"]
            if isinstance(body, dict) and "plain" in body:
                for field in body["plain"]["fields"]:
                    count_field(field, here)
            elif isinstance(body, dict) and "tuple" in body:
                for field in body["tuple"]:
                    if field is not None:
                        count_field(field, here)
            impls(inner.get("impls", []), here)
        elif kind == "enum":
            for variant in inner["variants"]:
                v = index[str(variant)]
                seen[variant] = ("variant", path_of(here, v["name"]))
                vk = v["inner"]["variant"]["kind"]
                if isinstance(vk, dict) and "struct" in vk:
                    for field in vk["struct"]["fields"]:
                        count_field(field, path_of(here, v["name"]))
            impls(inner.get("impls", []), here)
        elif kind == "union":
            impls(inner.get("impls", []), here)
        elif kind == "trait":
            for child in inner["items"]:
                c = index[str(child)]
                seen[child] = ("trait item", path_of(here, c["name"]))

    def count_field(field_id, here):
        f = index.get(str(field_id))
        if f is not None and f.get("visibility") == "public":
            seen[field_id] = ("field", path_of(here, f["name"]))

    def impls(ids, here):
        for impl_id in ids:
            imp = index.get(str(impl_id))
            if imp is None:
                continue
            body = imp["inner"]["impl"]
            if body.get("trait") is not None or body.get("blanket_impl") is not None:
                continue
            for child in body["items"]:
                c = index[str(child)]
                if c.get("visibility") == "public":
                    seen[child] = ("method", path_of(here, c["name"]))

    root = index[str(doc["root"])]
    for child in root["inner"]["module"]["items"]:
        visit(child, "")
    if "--list" in sys.argv:
        for kind, path in sorted((v[1], v[0]) for v in seen.values()):
            print(f"{kind}\t{path}")
    print(len(seen))


if __name__ == "__main__":
    main()
