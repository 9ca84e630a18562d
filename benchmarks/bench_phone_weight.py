"""Benchmark: what a participant's phone downloads, page by page, against a floor measured in the same run.

    python benchmarks/bench_phone_weight.py [--language en|fr|both] [--pages join,about-you,home,evaluation,vote]

Builds the app on a temporary SQLite database with a forum whose evaluation, first session's rating and a vote
(six items) are open, and walks a participant's pages as a phone does (join -> who are you -> the forum's page ->
evaluation -> a vote) with the Flask test client, which runs every request hook the server runs (the static files'
versions, ``Cache-Control``, gzip). For each page it reads the HTML, then fetches what the HTML asks for
(stylesheets, scripts, images, icons, preloads, and the fonts and images the stylesheets ask for with ``url()``)
with ``Accept-Encoding: gzip, br``, as a browser would, and counts the bytes of each answer's body as sent
(compressed where the app compresses, raw where it does not: HTML is never compressed, on purpose; see the
README's security notes on BREACH).

Printed per page, in bytes:

- **first visit**: the page with an empty cache (the HTML and every file it asks for);
- **on the walk**: the page reached from the page before it, which leaves in the cache the files it kept
  (a file answered ``immutable`` at its versioned address is not asked for again);
- **second visit**: the page opened again later, with the cache: what is still fetched (the HTML, and any file
  not kept);
- each kind apart (HTML, CSS, JS, images, fonts), raw and as sent.

**The floor** is measured in the same run, so the ratios hold from one machine to another: a bare Flask app
serves, for each page, the same visible text in a minimal HTML document (the title, the text of the page's body
in paragraphs, a viewport meta tag; no stylesheet, no script). That is what the page's words cost over the wire
with no design at all; ``x floor`` is the page's first visit divided by it. Also printed, per page: the share of
its stylesheets' rules whose selectors match an element of the page's HTML (a rough sign of how much of the CSS
is for other pages; classes that scripts add later, and states such as :focus, count as matched if their element
is there).
"""
from __future__ import annotations

import argparse
import gzip
import logging
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SECRET = "benchmark-secret-key-long-enough-to-be-accepted"
PAGES = ("join", "about-you", "home", "evaluation", "vote")
KINDS = ("html", "css", "js", "image", "font")
ACCEPT = {"Accept-Encoding": "gzip, deflate, br",
          "User-Agent": "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124 Mobile"}


def build_app(folder: str):
    """The app on a fresh database, a forum with its evaluation, a session's rating and a vote open: (app, code,
    ballot id)."""
    from forum import create_app
    from forum.extensions import db
    from forum.models import Forum, Translated, User
    from forum.services.ballots import ItemChoice, create_ballot, open_ballot
    from forum.services.forums import create_forum

    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.db", "RATELIMIT_ENABLED": False,
                      "SECRET_KEY": SECRET})
    with app.app_context():
        db.create_all()
        user = User(email="bench@example.org", name="Bench")
        user.set_password("bench-organizer-password")
        db.session.add(user)
        forum = create_forum(user, name="Hiring internationally trained professionals", table_count=4,
                             languages="en,fr")
        db.session.commit()
        forum.evaluation_open = True
        forum.rounds[0].rating_open = True
        db.session.commit()
        labels = [("Paid internships for newcomers", "Stages rémunérés pour les nouveaux arrivants"),
                  ("Mentoring circles with employers", "Cercles de mentorat avec les employeurs"),
                  ("A shared job board for the region", "Un babillard d'emplois commun pour la région"),
                  ("Recognise foreign credentials faster", "Reconnaître plus vite les diplômes étrangers"),
                  ("Bridging programs in colleges", "Programmes de transition dans les collèges"),
                  ("Employer toolkit on inclusive hiring", "Trousse de l'employeur sur l'embauche inclusive")]
        ballot_id = create_ballot(forum.id, title=Translated("Top priorities", "Priorités principales"), dots=5,
                                  max_per_item=3,
                                  items=[ItemChoice(label=Translated(en, fr)) for en, fr in labels])
        db.session.commit()
        open_ballot(ballot_id)
        code = db.session.get(Forum, forum.id).join_code
    logging.disable(logging.CRITICAL)
    return app, code, ballot_id


def page_urls(code: str, ballot_id: int, language: str) -> dict[str, str]:
    suffix = f"?lang={language}"
    return {"join": f"/join{suffix}", "about-you": f"/p/{code}/about-you{suffix}", "home": f"/p/{code}/{suffix}",
            "evaluation": f"/p/{code}/evaluation{suffix}", "vote": f"/p/{code}/votes/{ballot_id}{suffix}"}


def kind_of(url: str, content_type: str) -> str:
    path = urlsplit(url).path.lower()
    if "css" in content_type or path.endswith(".css"):
        return "css"
    if "javascript" in content_type or path.endswith(".js"):
        return "js"
    if "font" in content_type or re.search(r"\.(woff2?|ttf|otf|eot)$", path):
        return "font"
    if content_type.startswith("image/") or re.search(r"\.(png|jpe?g|gif|svg|webp|avif|ico)$", path):
        return "image"
    return "html"


def assets_of(html: str, base: str) -> list[str]:
    """The addresses a browser fetches for the page itself: stylesheets, scripts, images, icons, preloads."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = []
    for link in soup.select("link[href]"):
        rel = " ".join(link.get("rel", [])).lower()
        if any(word in rel for word in ("stylesheet", "icon", "preload", "modulepreload")):
            found.append(link["href"])
    found += [tag["src"] for tag in soup.select("script[src], img[src], source[src], input[type=image][src]")]
    for tag in soup.select("img[srcset], source[srcset]"):
        found += [part.strip().split(" ")[0] for part in tag["srcset"].split(",") if part.strip()]
    return [urljoin(base, url) for url in found if not url.startswith("data:")]


def css_urls(css: str, base: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)['\"]", css)
    return [urljoin(base, url) for url in urls if not url.startswith("data:")]


class Fetched:
    def __init__(self, url, kind, raw, sent, kept):
        self.url, self.kind, self.raw, self.sent, self.kept = url, kind, raw, sent, kept


def fetch(client, url: str, cache: dict[str, Fetched]) -> Fetched:
    """One file as the phone gets it (from the test client's answer), noted in ``cache``."""
    answer = client.get(url, headers=ACCEPT)
    body = answer.get_data()
    answer.close()
    if answer.status_code != 200:
        raise SystemExit(f"{url}: HTTP {answer.status_code}")
    raw = len(gzip.decompress(body)) if answer.headers.get("Content-Encoding") == "gzip" else len(body)
    control = answer.headers.get("Cache-Control", "")
    kept = "immutable" in control or ("max-age" in control and "no-cache" not in control and "no-store" not in control
                                      and not control.startswith("private"))
    fetched = Fetched(url, kind_of(url, answer.headers.get("Content-Type", "")), raw, len(body), kept)
    fetched.text = gzip.decompress(body).decode("utf-8", "replace") if answer.headers.get(
        "Content-Encoding") == "gzip" else body.decode("utf-8", "replace")
    cache[url] = fetched
    return fetched


def files_of_page(client, html_url: str, html: str) -> list[Fetched]:
    """Every file the page asks for (and the files its stylesheets ask for), fetched afresh."""
    seen: dict[str, Fetched] = {}
    queue = assets_of(html, "http://localhost" + html_url)
    while queue:
        url = queue.pop(0)
        path = url.removeprefix("http://localhost")
        if path in seen:
            continue
        fetched = fetch(client, path, seen)
        if fetched.kind == "css":
            queue += css_urls(fetched.text, url)
    return list(seen.values())


def totals(files: list[Fetched]) -> dict[str, list[int]]:
    sums = {kind: [0, 0] for kind in KINDS}
    for f in files:
        sums[f.kind][0] += f.raw
        sums[f.kind][1] += f.sent
    return sums


def visible_text(html: str) -> tuple[str, list[str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(strip=True) if soup.title else ""
    for tag in soup(["script", "style", "head", "template"]):
        tag.decompose()
    lines = [line.strip() for line in soup.get_text("\n").splitlines() if line.strip()]
    return title, lines


def floor_app(pages: dict[str, tuple[str, list[str]]], language: str):
    """A bare Flask app: each page's words in a minimal document, nothing else."""
    from flask import Flask
    from markupsafe import escape

    bare = Flask("floor")

    @bare.get("/<name>")
    def page(name):
        title, lines = pages[name]
        body = "".join(f"<p>{escape(line)}</p>" for line in lines)
        return (f'<!doctype html><html lang="{language}"><meta charset="utf-8">'
                f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                f"<title>{escape(title)}</title><body>{body}</body></html>")

    return bare


DYNAMIC = re.compile(r":(?:hover|focus-visible|focus-within|focus|active|visited|target|checked|empty|disabled|"
                     r"placeholder-shown|lang\([^)]*\))|::?[a-z-]+(?:\([^)]*\))?$|::[a-z-]+")


def rules_used(css: str, html: str) -> tuple[int, int, int, int]:
    """(rules matched, rules, bytes of the rules matched, bytes of all rules) of ``css`` against the page's markup."""
    import soupsieve
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    text = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    rules = re.findall(r"([^{}@]+)\{([^{}]*)\}", text)
    used = used_bytes = every_bytes = 0
    for selectors, body in rules:
        size = len(selectors) + len(body) + 2
        every_bytes += size
        selectors = selectors.strip()
        if selectors in (":root", "*", "html") or re.fullmatch(r"[\d.%\s,]+|from|to", selectors):
            used += 1
            used_bytes += size
            continue
        for selector in selectors.split(","):
            plain = DYNAMIC.sub("", selector.strip()) or "*"
            try:
                if soup.select_one(plain) is not None:
                    used += 1
                    used_bytes += size
                    break
            except Exception:  # a selector soupsieve does not know: counted as used, to stay on the safe side
                used += 1
                used_bytes += size
                break
    return used, len(rules), used_bytes, every_bytes


def walk(language: str, names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        app, code, ballot_id = build_app(folder)
        urls = page_urls(code, ballot_id, language)
        phone = app.test_client()
        phone.get(f"/join?code={code}&lang={language}", headers=ACCEPT).close()  # the device cookie, as a join does
        walk_cache: dict[str, Fetched] = {}
        rows, texts = [], {}
        for name in names:
            url = urls[name]
            answer = phone.get(url, headers=ACCEPT)
            html_body = answer.get_data()
            answer.close()
            if answer.status_code != 200:
                raise SystemExit(f"{name} ({url}): HTTP {answer.status_code}")
            html = html_body.decode()
            if answer.headers.get("Content-Encoding"):
                raise SystemExit(f"{name}: the HTML came compressed ({answer.headers['Content-Encoding']})")
            texts[name] = visible_text(html)
            files = files_of_page(phone, url, html)
            page_html = Fetched(url, "html", len(html_body), len(html_body), False)
            first = totals([page_html] + files)
            on_walk = [page_html] + [f for f in files if not (f.url in walk_cache and walk_cache[f.url].kept)]
            again = [page_html] + [f for f in files if not f.kept]
            for f in files:
                walk_cache[f.url] = f
            used = [rules_used(f.text, html) for f in files if f.kind == "css"]
            rows.append((name, first, sum(f.sent for f in on_walk), sum(f.sent for f in again),
                         [f for f in files], used))

        bare = floor_app(texts, language).test_client()
        print(f"Participant pages, {language.upper()}; bytes as sent (HTML raw, static files as the app sends them)")
        header = (f"{'page':<11} {'first visit':>11} {'on walk':>8} {'again':>7} {'floor':>6} {'x floor':>7} | "
                  + " ".join(f"{kind + ' raw/sent':>18}" for kind in KINDS) + " | CSS rules matched")
        print(header)
        print("-" * len(header))
        sums = {"first": 0, "walk": 0, "again": 0, "floor": 0}
        for name, first, on_walk, again, files, used in rows:
            floor_answer = bare.get(f"/{name}", headers=ACCEPT)
            floor = len(floor_answer.get_data())
            floor_answer.close()
            first_sent = sum(v[1] for v in first.values())
            sums["first"] += first_sent
            sums["walk"] += on_walk
            sums["again"] += again
            sums["floor"] += floor
            kinds = " ".join(f"{f'{first[k][0]:,}/{first[k][1]:,}':>18}" for k in KINDS)
            matched = ", ".join(f"{u}/{n} ({ub:,}/{ab:,} B)" for u, n, ub, ab in used) or "-"
            print(f"{name:<11} {first_sent:>11,} {on_walk:>8,} {again:>7,} {floor:>6,} {first_sent / floor:>7.1f} | "
                  f"{kinds} | {matched}")
        print("-" * len(header))
        print(f"{'walk':<11} {sums['first']:>11,} {sums['walk']:>8,} {sums['again']:>7,} {sums['floor']:>6,} "
              f"{sums['walk'] / sums['floor']:>7.1f}  (x floor here: the walk as a phone makes it, cache on)")
        print("Files asked for: " + "; ".join(
            f"{f.url.split('?')[0].removeprefix('http://localhost')} {f.raw:,} B raw, {f.sent:,} B sent"
            f"{', kept' if f.kept else ', checked each time'}"
            for f in {f.url.split('?')[0]: f for row in rows for f in row[4]}.values()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--language", choices=("en", "fr", "both"), default="both")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, among " + ", ".join(PAGES))
    args = parser.parse_args()
    names = [name.strip() for name in args.pages.split(",") if name.strip()]
    unknown = [name for name in names if name not in PAGES]
    if unknown:
        parser.error("unknown pages: " + ", ".join(unknown))
    for language in (("en", "fr") if args.language == "both" else (args.language,)):
        walk(language, names)
        print()


if __name__ == "__main__":
    main()
