"""Field stage: URLs in text, code links, arXiv ids and what a page URL says."""

from __future__ import annotations

import datetime as dt

import pytest

from paperparse._fields.links import (
    arxiv_id_from_url,
    describe_page_url,
    find_urls,
    hub_url,
    is_code_link,
    linked_days,
    normalize_arxiv_id,
    on_github,
    paper_id_of_url,
    split_links,
    web_address,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "released at https://github.com/shoaib-sami/HF-Diff.",
            ["https://github.com/shoaib-sami/HF-Diff"],
        ),
        (
            "(https://github.com/x/y/tree/master/tinynet_pytorch, and more)",
            ["https://github.com/x/y/tree/master/tinynet_pytorch"],
        ),
        ("see github.com/a/b; thanks", ["https://github.com/a/b"]),
        ("see www.github.com/a/b", ["https://www.github.com/a/b"]),
        ("twice https://a.org/x and https://a.org/x.", ["https://a.org/x"]),
        (
            "wiki https://en.wikipedia.org/wiki/Foo_(bar).",
            ["https://en.wikipedia.org/wiki/Foo_(bar)"],
        ),
        ("no urls here, not even example.com/x", []),
        ("mail me@github.com/x", []),
        ("at GitHub.com/Org/Repo.", ["https://GitHub.com/Org/Repo"]),
        ("git.sr.ht/~a/b and sr.ht/~c/d", ["https://git.sr.ht/~a/b", "https://sr.ht/~c/d"]),
        ("https://x.org/r?u=github.com/a/b", ["https://x.org/r?u=github.com/a/b"]),
        ("İstanbul: github.com/a/b", ["https://github.com/a/b"]),
    ],
)
def test_find_urls(text: str, expected: list[str]) -> None:
    assert find_urls(text) == expected


def test_code_links_split_from_other_links() -> None:
    urls = [
        "https://github.com/a/b",
        "https://example.org/project",
        "https://gitlab.com/c/d",
        "https://github.com/a/b",
        "https://huggingface.co/spaces/user/demo",
        "https://huggingface.co/models",
        "https://github.com",
    ]
    assert split_links(urls) == (
        (
            "https://github.com/a/b",
            "https://gitlab.com/c/d",
            "https://huggingface.co/spaces/user/demo",
        ),
        ("https://example.org/project", "https://huggingface.co/models", "https://github.com"),
    )
    assert is_code_link("https://codeberg.org/x/y")
    assert not is_code_link("https://github.com/")


@pytest.mark.parametrize(
    ("urls", "code", "other"),
    [
        (
            ["https://github.com/Org/Repo", "https://github.com/org/repo"],
            ("https://github.com/Org/Repo",),
            (),
        ),
        (
            ["https://github.com/org/repo", "https://GitHub.com/ORG/Repo"],
            ("https://github.com/org/repo",),
            (),
        ),
        (
            ["HTTPS://GITLAB.COM/A/B", "https://gitlab.com/a/b", "https://gitlab.com/a/c"],
            ("HTTPS://GITLAB.COM/A/B", "https://gitlab.com/a/c"),
            (),
        ),
        (
            ["https://huggingface.co/spaces/User/Demo", "https://huggingface.co/spaces/user/demo"],
            ("https://huggingface.co/spaces/User/Demo",),
            (),
        ),
        (
            ["https://example.org/Project", "https://example.org/project"],
            (),
            ("https://example.org/Project", "https://example.org/project"),
        ),
        (
            ["https://github.com/a/b", "https://github.com/a/b/tree/main"],
            ("https://github.com/a/b", "https://github.com/a/b/tree/main"),
            (),
        ),
    ],
    ids=[
        "first-spelling-kept",
        "host-and-path-case",
        "scheme-case-other-host",
        "hub-space",
        "other-links-stay-case-sensitive",
        "a-deeper-path-is-another-link",
    ],
)
def test_code_links_are_one_link_whatever_their_case(
    urls: list[str], code: tuple[str, ...], other: tuple[str, ...]
) -> None:
    assert split_links(urls) == (code, other)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2509.24002", "2509.24002"),
        ("2509.24002v3", "2509.24002"),
        ("1706.03762", "1706.03762"),
        ("hep-th/9901001v2", "hep-th/9901001"),
        ("not an id", None),
        (2509.24002, None),
    ],
)
def test_normalize_arxiv_id(value: object, expected: str | None) -> None:
    assert normalize_arxiv_id(value) == expected


def test_arxiv_id_from_url() -> None:
    assert arxiv_id_from_url("https://huggingface.co/papers/2509.24002#community") == "2509.24002"
    assert arxiv_id_from_url("https://arxiv.org/abs/2310.03714v2") == "2310.03714"
    assert arxiv_id_from_url("/papers/2509.24002") == "2509.24002"
    assert arxiv_id_from_url("https://huggingface.co/papers?q=2509.24002") is None


@pytest.mark.parametrize(
    ("url", "kind", "page_date", "captured"),
    [
        ("https://huggingface.co/papers?date=2024-08-01", "daily", dt.date(2024, 8, 1), None),
        (
            "https://web.archive.org/web/20240802031522/https://huggingface.co/papers/date/2024-08-01",
            "daily",
            dt.date(2024, 8, 1),
            dt.date(2024, 8, 2),
        ),
        (
            "http://archive.org/web/20250101id_/https://hf.co/papers/trending",
            "trending",
            None,
            dt.date(2025, 1, 1),
        ),
        ("https://web.archive.org/web/20251399/https://huggingface.co/papers", "daily", None, None),
        (
            "https://web.archive.org/web/20250101/https://example.org/papers",
            "unknown",
            None,
            dt.date(2025, 1, 1),
        ),
        # Snapshots of snapshots are not unwrapped again (nor recursed into).
        (
            "https://web.archive.org/web/20250101000000/" * 3000 + "https://huggingface.co/papers",
            "unknown",
            None,
            dt.date(2025, 1, 1),
        ),
    ],
    ids=["hub", "snapshot", "snapshot-flags", "bad-stamp", "not-the-hub", "nested"],
)
def test_page_urls_and_archive_snapshots(
    url: str, kind: str, page_date: dt.date | None, captured: dt.date | None
) -> None:
    address = describe_page_url(url)
    assert (address.kind, address.page_date, address.captured) == (kind, page_date, captured)


def test_linked_days_read_both_url_forms() -> None:
    urls = [
        "https://huggingface.co/papers?date=2024-07-31",
        "https://huggingface.co/papers/date/2024-08-02",
        "https://huggingface.co/papers?q=x&date=2024-08-03",
        "https://huggingface.co/papers/2408.00001",
        "https://huggingface.co/papers?date=2024-02-30",  # no such day
    ]
    assert linked_days(urls) == (dt.date(2024, 7, 31), dt.date(2024, 8, 2), dt.date(2024, 8, 3))


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("/papers/2407.21783", "https://huggingface.co/papers/2407.21783"),
        ("#community", "https://huggingface.co/#community"),
        ("https://github.com/a/b", "https://github.com/a/b"),
        # A saved page opened from disk: its site links as a text browser prints them.
        ("file:///papers/2407.21783", "https://huggingface.co/papers/2407.21783"),
        (
            "FILE://localhost/login?next=%2Fpapers%2F1",
            "https://huggingface.co/login?next=%2Fpapers%2F1",
        ),
    ],
)
def test_hub_url_resolves_relative_and_file_links(href: str, expected: str) -> None:
    assert hub_url(href) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://huggingface.co/papers/2509.24002", "2509.24002"),
        ("https://huggingface.co/papers/2509.24002#community", "2509.24002"),
        ("https://hf.co/papers/2509.24002", "2509.24002"),
        ("huggingface.co/papers/2509.24002", "2509.24002"),
        ("https://HuggingFace.co/papers/2509.24002", "2509.24002"),
        ("https://arxiv.org/abs/2509.24002v2", "2509.24002"),
        ("http://www.arxiv.org/pdf/2509.24002v1.pdf", "2509.24002"),
        ("arxiv.org/abs/hep-th/9901001", "hep-th/9901001"),
        ("https://export.arxiv.org/abs/2509.24002", "2509.24002"),
        ("https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2509.24002.png", None),
        ("https://example.org/papers/2509.24002", None),
        ("https://huggingface.co/papers?q=2509.24002", None),
        ("https://huggingface.co/papers/date/2025-10-02", None),
        ("https://arxiv.org/abs/2509.240021", None),
        ("see https://arxiv.org/abs/2509.24002", None),
        ("2509.24002", None),
        ("http://[oops/papers/2509.24002", None),
    ],
    ids=[
        "hub-page",
        "hub-page-anchor",
        "hf-co",
        "hub-schemeless",
        "hub-host-case",
        "arxiv-abs-version",
        "arxiv-pdf-www",
        "arxiv-old-style-schemeless",
        "arxiv-export",
        "thumbnail-is-no-paper-page",
        "other-host",
        "hub-search",
        "hub-daily-list",
        "id-too-long",
        "url-in-a-sentence",
        "bare-id",
        "broken-url",
    ],
)
def test_paper_id_of_url(value: str, expected: str | None) -> None:
    assert paper_id_of_url(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://github.com/a/b", "https://github.com/a/b"),
        ("  HTTPS://GitHub.com/a/b ", "HTTPS://GitHub.com/a/b"),
        ("github.com/a/b", "https://github.com/a/b"),
        ("arxiv.org/abs/2509.24002", "https://arxiv.org/abs/2509.24002"),
        ("example.org/a", None),
        ("http://example.org", "http://example.org"),
        ("code at github.com/a/b", None),
        ("https://a.org/x https://b.org/y", None),
        ("yes", None),
        ("https://", None),
        ("ftp://example.org/x", None),
    ],
    ids=[
        "url",
        "scheme-case-kept",
        "schemeless-code-host",
        "schemeless-paper-host",
        "schemeless-other-host",
        "no-path",
        "in-a-sentence",
        "two-urls",
        "a-word",
        "scheme-alone",
        "not-the-web",
    ],
)
def test_web_address(value: str, expected: str | None) -> None:
    assert web_address(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://github.com/a/b", True),
        ("https://www.GitHub.com/a/b", True),
        ("https://gitlab.com/a/b", False),
        ("https://github.com.example.org/a/b", False),
        ("http://[oops", False),
    ],
    ids=["github", "www-and-case", "another-code-host", "lookalike-host", "broken"],
)
def test_on_github(url: str, expected: bool) -> None:
    assert on_github(url) is expected
