#!/usr/bin/env python3
"""Checks Osaava badge templates. Standard library only, so tests can run it without installs.

Usage:
    python3 templates/badges/check.py                    every badge in this directory, library rules
    python3 templates/badges/check.py FILE.json ...      the given files, library rules
    python3 templates/badges/check.py --format-only FILE.json ...
                                                         only the format rules (badge-template.schema.json);
                                                         use this for an organisation's own badges
Options: --quiet (print problems only).
Exit status: 0 no problems, 1 problems found, 2 usage error.

Format rules (the same as badge-template.schema.json, plus unique criterion ids):
    required format, id, name, criteria; no unknown keys; format == "osaava-badge-template/1";
    id matches ^[a-z0-9][a-z0-9-]*$ and starts with "osaava-"; localised texts are objects with
    only fi/sv/en, at least one, none blank; alignment kind in the enum; criterion ids kebab-case
    and unique; evidence min_items >= 1 and kinds from the enum; evidence_currency_years 1..50.

Library rules (the starter library in this directory; off with --format-only):
    fi, sv and en present in name, description and every criterion text, guidance and key point;
    at least 5 criteria, more than half of them mandatory; every criterion has guidance, 2-4 key
    points and an explicit evidence requirement with min_items 1..3 and at least one kind;
    file name is the id without "osaava-"; qualification-unit alignments only to verified units
    (KNOWN_UNITS) with matching name, points and qualification; no HTML; no Finnish personal
    identity codes; badge ids unique across the files checked.
"""

import json
import os
import re
import sys
from urllib.parse import urlparse

FORMAT = "osaava-badge-template/1"
LANGS = ("fi", "sv", "en")
EVIDENCE_KINDS = (
    "interview-answer",
    "observation",
    "document",
    "work-sample",
    "third-party-statement",
    "prior-certificate",
)
ALIGNMENT_KINDS = ("qualification-unit", "national-badge", "esco-skill", "framework")

TOP_KEYS = {
    "$schema", "format", "id", "source_version", "name", "description", "issuer", "image",
    "evidence_currency_years", "validity_years", "alignments", "criteria",
}
TOP_REQUIRED = ("format", "id", "name", "criteria")
ALIGNMENT_KEYS = {"kind", "code", "name", "url", "competence_points", "qualification", "framework"}
CRITERION_KEYS = {"id", "text", "guidance", "key_points", "mandatory", "evidence"}
EVIDENCE_KEYS = {"min_items", "kinds"}

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!]")
# Finnish personal identity code (henkilötunnus): DDMMYY, century sign, NNN, check character.
HETU = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b")

# Qualification units the starter library may align to, each verified before it was added here.
# Never add a code you have not checked against ePerusteet or /work/shared/DOMAIN.md.
#   code: (official Finnish name, competence points, qualification)
KNOWN_UNITS = {
    # DOMAIN.md: example units of the social and health care vocational qualification (371101).
    "tutkinnonosat_106228": ("Ikääntyvien osallisuuden edistäminen", 35, "koulutus_371101"),
    "tutkinnonosat_107502": ("Asiakkaan kohtaaminen ja ohjaaminen", 20, "koulutus_371101"),
}


class Problems:
    def __init__(self, source):
        self.source = source
        self.items = []

    def add(self, path, message):
        self.items.append((path, message))

    def __bool__(self):
        return bool(self.items)

    def lines(self):
        return ["%s: %s: %s" % (self.source, path, message) for path, message in self.items]


def is_int(value):
    return isinstance(value, int) and not isinstance(value, bool)


def is_text(value):
    return isinstance(value, str) and value.strip() != ""


def check_unknown_keys(obj, allowed, path, problems):
    for key in obj:
        if key not in allowed:
            problems.add("%s.%s" % (path, key), "unknown field; allowed: %s" % ", ".join(sorted(allowed)))


def check_localized(value, path, problems, all_langs=False):
    """A {fi, sv, en} object. Returns True if it is well-formed."""
    if not isinstance(value, dict):
        problems.add(path, "expected an object with fi, sv and/or en")
        return False
    ok = True
    for key, text in value.items():
        if key not in LANGS:
            problems.add("%s.%s" % (path, key), "unknown language; use fi, sv or en")
            ok = False
        elif not is_text(text):
            problems.add("%s.%s" % (path, key), "expected a non-empty string")
            ok = False
    if not any(lang in value for lang in LANGS):
        problems.add(path, "needs text in at least one language (fi, sv, en)")
        ok = False
    if all_langs:
        missing = [lang for lang in LANGS if not is_text(value.get(lang))]
        if missing:
            problems.add(path, "missing language(s): %s; the starter library needs fi, sv and en" % ", ".join(missing))
            ok = False
    return ok


def check_url(value, path, problems):
    if not is_text(value):
        problems.add(path, "expected a URL string")
        return
    parsed = urlparse(value)
    if not parsed.scheme or not (parsed.netloc or parsed.scheme in ("urn", "data")):
        problems.add(path, "expected an absolute URL, e.g. https://...")


def check_alignment(al, path, problems, library):
    if not isinstance(al, dict):
        problems.add(path, "expected an object")
        return
    check_unknown_keys(al, ALIGNMENT_KEYS, path, problems)
    kind = al.get("kind")
    if "kind" not in al:
        problems.add(path + ".kind", "required")
    elif kind not in ALIGNMENT_KINDS:
        problems.add(path + ".kind", "expected one of %s, got %r" % (", ".join(ALIGNMENT_KINDS), kind))
    if "name" not in al:
        problems.add(path + ".name", "required")
    else:
        check_localized(al["name"], path + ".name", problems)
    for key in ("code", "qualification", "framework"):
        if key in al and not is_text(al[key]):
            problems.add("%s.%s" % (path, key), "expected a non-empty string")
    if "url" in al:
        check_url(al["url"], path + ".url", problems)
    if "competence_points" in al and not (is_int(al["competence_points"]) and al["competence_points"] >= 0):
        problems.add(path + ".competence_points", "expected a whole number >= 0")

    if library and kind == "qualification-unit":
        code = al.get("code")
        known = KNOWN_UNITS.get(code)
        if known is None:
            problems.add(path + ".code", "%r is not a verified unit (KNOWN_UNITS in check.py); verify it in ePerusteet before use" % (code,))
            return
        name, points, qualification = known
        if (al.get("name") or {}).get("fi") != name:
            problems.add(path + ".name.fi", "expected the official name %r" % name)
        if "competence_points" in al and al["competence_points"] != points:
            problems.add(path + ".competence_points", "expected %d for %s" % (points, code))
        if "qualification" in al and al["qualification"] != qualification:
            problems.add(path + ".qualification", "expected %s for %s" % (qualification, code))


def check_evidence(ev, path, problems, library):
    if not isinstance(ev, dict):
        problems.add(path, "expected an object {min_items, kinds}")
        return
    check_unknown_keys(ev, EVIDENCE_KEYS, path, problems)
    if "min_items" not in ev:
        problems.add(path + ".min_items", "required when evidence is given")
    elif not (is_int(ev["min_items"]) and ev["min_items"] >= 1):
        problems.add(path + ".min_items", "expected a whole number >= 1, got %r" % (ev["min_items"],))
    elif library and ev["min_items"] > 3:
        problems.add(path + ".min_items", "the starter library asks for 1 to 3 items, got %d" % ev["min_items"])
    kinds = ev.get("kinds", [])
    if not isinstance(kinds, list):
        problems.add(path + ".kinds", "expected a list")
        return
    seen = set()
    for i, kind in enumerate(kinds):
        if kind not in EVIDENCE_KINDS:
            problems.add("%s.kinds[%d]" % (path, i), "expected one of %s, got %r" % (", ".join(EVIDENCE_KINDS), kind))
        elif kind in seen:
            problems.add("%s.kinds[%d]" % (path, i), "%r is listed twice" % kind)
        seen.add(kind)
    if library and not kinds:
        problems.add(path + ".kinds", "the starter library names the accepted kinds of evidence")


def check_criterion(c, path, problems, library, seen_ids):
    if not isinstance(c, dict):
        problems.add(path, "expected an object")
        return
    check_unknown_keys(c, CRITERION_KEYS, path, problems)
    cid = c.get("id")
    if "id" not in c:
        problems.add(path + ".id", "required")
    elif not isinstance(cid, str) or not SLUG.match(cid) or len(cid) > 64:
        problems.add(path + ".id", "expected a short kebab-case slug (a-z, 0-9, -), got %r" % (cid,))
    elif cid in seen_ids:
        problems.add(path + ".id", "criterion id %r is used more than once; ids must be unique within a badge" % cid)
    else:
        seen_ids.add(cid)
    if "text" not in c:
        problems.add(path + ".text", "required")
    else:
        check_localized(c["text"], path + ".text", problems, all_langs=library)
    if "guidance" in c:
        check_localized(c["guidance"], path + ".guidance", problems, all_langs=library)
    elif library:
        problems.add(path + ".guidance", "the starter library gives assessor guidance for every criterion")
    if "key_points" in c:
        kps = c["key_points"]
        if not isinstance(kps, list):
            problems.add(path + ".key_points", "expected a list")
        else:
            for i, kp in enumerate(kps):
                check_localized(kp, "%s.key_points[%d]" % (path, i), problems, all_langs=library)
            if library and not 2 <= len(kps) <= 4:
                problems.add(path + ".key_points", "the starter library gives 2 to 4 key points, got %d" % len(kps))
    elif library:
        problems.add(path + ".key_points", "the starter library gives 2 to 4 key points")
    if "mandatory" in c and not isinstance(c["mandatory"], bool):
        problems.add(path + ".mandatory", "expected true or false")
    if "evidence" in c:
        check_evidence(c["evidence"], path + ".evidence", problems, library)
    elif library:
        problems.add(path + ".evidence", "the starter library states the evidence requirement explicitly")


def walk_strings(value, path):
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk_strings(item, "%s.%s" % (path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from walk_strings(item, "%s[%d]" % (path, i))


def check_badge(badge, source="<badge>", library=True, file_stem=None):
    """Checks one parsed badge. Returns a Problems object (falsy when there are none)."""
    problems = Problems(source)
    if not isinstance(badge, dict):
        problems.add("$", "expected a JSON object")
        return problems
    check_unknown_keys(badge, TOP_KEYS, "$", problems)
    for key in TOP_REQUIRED:
        if key not in badge:
            problems.add("$." + key, "required")

    if "format" in badge and badge["format"] != FORMAT:
        problems.add("$.format", "expected %r, got %r" % (FORMAT, badge["format"]))

    bid = badge.get("id")
    if "id" in badge:
        if not isinstance(bid, str) or not SLUG.match(bid) or not bid.startswith("osaava-") or len(bid) > 128:
            problems.add("$.id", "expected lower-case letters, digits and hyphens starting with \"osaava-\", got %r" % (bid,))
        elif library and file_stem is not None and bid != "osaava-" + file_stem:
            problems.add("$.id", "expected %r to match the file name %s.json" % ("osaava-" + file_stem, file_stem))

    if "source_version" in badge and not (is_text(badge["source_version"]) and len(badge["source_version"]) <= 64):
        problems.add("$.source_version", "expected a short non-empty string")
    if "name" in badge:
        check_localized(badge["name"], "$.name", problems, all_langs=library)
    if "description" in badge:
        check_localized(badge["description"], "$.description", problems, all_langs=library)
    elif library:
        problems.add("$.description", "the starter library describes every badge")
    if "issuer" in badge and not is_text(badge["issuer"]):
        problems.add("$.issuer", "expected a non-empty string")
    if "image" in badge:
        check_url(badge["image"], "$.image", problems)
    if "evidence_currency_years" in badge:
        years = badge["evidence_currency_years"]
        if not (is_int(years) and 1 <= years <= 50):
            problems.add("$.evidence_currency_years", "expected a whole number from 1 to 50, got %r" % (years,))
    if "validity_years" in badge and not (is_int(badge["validity_years"]) and badge["validity_years"] >= 1):
        problems.add("$.validity_years", "expected a whole number >= 1, or leave it out")

    if "alignments" in badge:
        if not isinstance(badge["alignments"], list):
            problems.add("$.alignments", "expected a list")
        else:
            for i, al in enumerate(badge["alignments"]):
                check_alignment(al, "$.alignments[%d]" % i, problems, library)

    if "criteria" in badge:
        criteria = badge["criteria"]
        if not isinstance(criteria, list) or not criteria:
            problems.add("$.criteria", "expected a list with at least one criterion")
        else:
            seen = set()
            for i, c in enumerate(criteria):
                check_criterion(c, "$.criteria[%d]" % i, problems, library, seen)
            if library:
                if len(criteria) < 5:
                    problems.add("$.criteria", "the starter library has at least 5 criteria per badge, got %d" % len(criteria))
                mandatory = sum(1 for c in criteria if isinstance(c, dict) and c.get("mandatory", True) is True)
                if mandatory * 2 <= len(criteria):
                    problems.add("$.criteria", "most criteria should be mandatory; %d of %d are" % (mandatory, len(criteria)))

    if library:
        for path, text in walk_strings(badge, "$"):
            if HTML_TAG.search(text):
                problems.add(path, "plain text only; found something that looks like an HTML tag")
            if HETU.search(text):
                problems.add(path, "looks like a personal identity code; templates must never hold personal data")
    return problems


def default_files(directory):
    return sorted(
        os.path.join(directory, name)
        for name in os.listdir(directory)
        if name.endswith(".json") and not name.endswith(".schema.json")
    )


def main(argv):
    args = list(argv)
    library = True
    quiet = False
    files = []
    for arg in args:
        if arg == "--format-only":
            library = False
        elif arg == "--quiet":
            quiet = True
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        elif arg.startswith("-"):
            print("check.py: unknown option %s (try --help)" % arg, file=sys.stderr)
            return 2
        else:
            files.append(arg)
    if not files:
        here = os.path.dirname(os.path.abspath(__file__))
        files = [os.path.relpath(f) for f in default_files(here)]
        if not files:
            print("check.py: no badge files found", file=sys.stderr)
            return 2

    failed = 0
    ids = {}
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        try:
            with open(path, encoding="utf-8") as f:
                badge = json.load(f)
        except OSError as e:
            print("%s: cannot read: %s" % (path, e.strerror), file=sys.stderr)
            return 2
        except (ValueError, UnicodeDecodeError) as e:
            print("%s: $: not valid UTF-8 JSON: %s" % (path, e))
            failed += 1
            continue
        problems = check_badge(badge, source=path, library=library, file_stem=stem)
        if library and isinstance(badge, dict) and isinstance(badge.get("id"), str):
            if badge["id"] in ids:
                problems.add("$.id", "badge id %r is also used by %s" % (badge["id"], ids[badge["id"]]))
            ids.setdefault(badge["id"], path)
        if problems:
            failed += 1
            for line in problems.lines():
                print(line)
        elif not quiet:
            n = len(badge["criteria"])
            print("%s: ok (%d criteria)" % (path, n))

    if not quiet or failed:
        print("%d file(s) checked, %d with problems" % (len(files), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
