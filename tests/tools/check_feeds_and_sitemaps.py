"""Checks the feeds and sitemaps of a built site with real validators.

Usage: check_feeds_and_sitemaps.py PUBLIC_DIR...

Every atom.xml must parse as Atom 1.0 and rss.xml as RSS 2.0 with
feedparser reporting no error ("bozo"), with absolute links; every
sitemap*.xml must validate against the sitemaps.org 0.9 schema. Exit code 3
means the validators are not installed.
"""
import pathlib
import sys

try:
    import feedparser
    import xmlschema
except ImportError as missing:
    print(f"validators not installed: {missing}")
    sys.exit(3)

SCHEMA = xmlschema.XMLSchema(str(pathlib.Path(__file__).parent.parent / "fixtures" / "sitemap-0.9.xsd"))

passed = failed = 0


def fail(path, message):
    global failed
    failed += 1
    print(f"{path}: {message}")


for root in map(pathlib.Path, sys.argv[1:]):
    for path in sorted(root.rglob("*.xml")):
        if path.name in ("atom.xml", "rss.xml"):
            feed = feedparser.parse(path.read_bytes())
            expected = "atom10" if path.name == "atom.xml" else "rss20"
            if feed.bozo:
                fail(path, f"not a valid feed: {feed.bozo_exception}")
            elif feed.version != expected:
                fail(path, f"is {feed.version!r}, not {expected}")
            elif not feed.entries and path.parent == root:
                fail(path, "the site feed has no entries")
            elif any(not e.get("link", "").startswith(("http://", "https://")) for e in feed.entries):
                fail(path, "an entry link is not absolute")
            else:
                passed += 1
        elif path.name.startswith("sitemap"):
            errors = list(SCHEMA.iter_errors(str(path)))
            if errors:
                fail(path, f"does not match the sitemap schema: {errors[0].reason}")
            else:
                passed += 1

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed or not passed else 0)
