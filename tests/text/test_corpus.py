"""Conformance: every text rendering in ../shared/corpus/text, checked against values read
off the files by hand. Skips when the corpus is not beside the checkout."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import paperparse
from paperparse import Listing

D = dt.date

# file name prefix -> (reference_date, expected listing facts, expected papers by rank).
# Paper expectations name only the fields checked; every listed value was read off the file.
CASES: dict[str, dict[str, Any]] = {
    "search-q-source-citations-2026-10-02__firecrawl-md": {
        "listing": {"kind": "search", "query": "source citations", "count": 8,
                    "retrieved": D(2026, 10, 2)},
        "papers": {
            1: {"arxiv_id": "2606.00683", "upvotes": 101, "organization": "OCC",
                "author_count": None, "published": D(2026, 5, 29), "comments": 6,
                "date_resolution": "retrieval-date",
                "title": "OCC-RAG: Optimal Cognitive Core for Faithful Question Answering"},
            2: {"arxiv_id": "2609.11115", "upvotes": 173, "comments": 9,
                "organization": "Carnegie Mellon University", "published": D(2026, 9, 9)},
            3: {"arxiv_id": "2502.20581", "upvotes": 0, "author_count": 3,
                "published": D(2025, 2, 27), "comments": None,
                "title": "The Noisy Path from Source to Citation: Measuring How Scholars "
                         "Engage with Past Research"},
            4: {"arxiv_id": "2605.08583", "upvotes": 1, "comments": 1,
                "organization": "University of Massachusetts Amherst",
                "code_links": ("https://github.com/aaFrostnova/CiteTracer",)},
            5: {"arxiv_id": "2609.00319", "upvotes": 0, "author_count": 10,
                "published": D(2026, 8, 30)},
            8: {"arxiv_id": "2509.04499", "author_count": 6, "published": D(2025, 9, 1)},
        },
    },
    "search-q-intercode-bash-2026-07-28__notebook-export-text": {
        "listing": {"kind": "search", "query": "Intercode Bash", "count": 9,
                    "page_date": D(2026, 3, 25), "retrieved": D(2026, 7, 28)},
        "papers": {
            1: {"arxiv_id": "2410.05434", "upvotes": 1, "author_count": 2,
                "published": D(2024, 10, 7),
                "title": "Better than Your Teacher: LLM Agents that learn from Privileged AI "
                         "Feedback"},
            2: {"arxiv_id": "2306.14898", "upvotes": 0, "author_count": 4},
            6: {"arxiv_id": "1808.01400", "upvotes": 2, "published": D(2018, 8, 3)},
            7: {"arxiv_id": "2409.02326", "upvotes": 19, "author_count": 3, "comments": 2,
                "published": D(2024, 9, 3)},
            9: {"arxiv_id": "2510.21057", "upvotes": 5, "organization": "Google",
                "comments": 1, "published": D(2025, 10, 23),
                "title": "Soft Instruction De-escalation Defense"},
        },
    },
    "trending-2026-01__research-agent-md": {
        "listing": {"kind": "trending", "count": 12},
        "papers": {
            1: {"title": "Agent Lightning: Train ANY AI Agents with Reinforcement Learning",
                "author_count": 8, "github_stars": 11300,
                "github_repo": "https://github.com/microsoft/agent-lightning"},
            4: {"title": "ShapeR: Robust Conditional 3D Shape Generation from Casual Captures",
                "author_count": None, "github_stars": 476},
            7: {"title": "Continuous Audio Language Models", "author_count": 5,
                "github_stars": 2140},
            12: {"github_stars": 68600, "author_count": None},
        },
        "duplicates": 12,
    },
    "trending-2026-10__structured-html-v2-md": {
        "listing": {"kind": "trending", "count": 5},
        "papers": {
            1: {"arxiv_id": "2610.05608", "upvotes": 117, "organization": "Kandinsky Lab",
                "published": D(2026, 10, 4), "submitted_by": "vvasilev", "github_stars": 131,
                "github_repo": "https://github.com/kandinskylab/kandinsky-6"},
            3: {"arxiv_id": "2412.20138", "upvotes": 149, "author_count": 4,
                "published": D(2024, 12, 28), "github_stars": 110000, "submitted_by": None,
                "title": "TradingAgents: Multi-Agents LLM Financial Trading Framework"},
            5: {"arxiv_id": "2609.33325", "upvotes": 323, "github_stars": 843},
        },
        "duplicates": 5,
    },
    "paper-2510.04618__copy-paste-text": {
        "reference_date": D(2025, 10, 9),
        "listing": {"kind": "paper", "count": 1},
        "papers": {
            1: {"title": "Agentic Context Engineering: Evolving Contexts for Self-Improving "
                         "Language Models",
                "published": D(2025, 10, 6), "submitted": D(2025, 10, 7),
                "submitted_by": "taesiri", "day_rank": 3, "author_count": 13},
        },
    },
    "paper-2602.03036__print-to-pdf-then-text": {
        "reference_date": D(2026, 2, 10),
        "listing": {"kind": "paper", "count": 1},
        "papers": {
            1: {"arxiv_id": "2602.03036",
                "title": "LatentMem: Customizing Latent Memory for Multi-Agent Systems",
                "published": D(2026, 2, 2), "submitted": D(2026, 2, 6),
                "submitted_by": "Xiaoye Qu", "upvotes": 14, "author_count": 9,
                "github_stars": 27},
        },
    },
    "paper-2310.03714__jina-reader-md": {
        "listing": {"kind": "paper", "count": 1, "retrieved": D(2025, 1, 20)},
        "papers": {
            1: {"arxiv_id": "2310.03714",
                "title": "DSPy: Compiling Declarative Language Model Calls into "
                         "Self-Improving Pipelines",
                "published": D(2023, 10, 5), "submitted": D(2023, 10, 5),
                "submitted_by": "akhaliq", "day_rank": 2, "upvotes": 33, "author_count": 13,
                "ai_summary": None,
                "code_links": ("https://github.com/stanfordnlp/dspy",)},
        },
    },
    "paper-2405.07960__openclaw-webfetch-text": {
        "listing": {"kind": "paper", "count": 1, "retrieved": D(2026, 6, 2)},
        "papers": {
            1: {"arxiv_id": "2405.07960",
                "title": "AgentClinic: a multimodal agent benchmark to evaluate AI in "
                         "simulated clinical environments",
                "published": D(2024, 5, 13), "upvotes": 1, "author_count": 6},
        },
    },
    "paper-2409.16040__obsidian-clipping-md": {
        "listing": {"kind": "paper", "count": 1, "retrieved": D(2026, 4, 6)},
        "papers": {
            1: {"arxiv_id": "2409.16040",
                "title": "Time-MoE: Billion-Scale Time Series Foundation Models with Mixture "
                         "of Experts",
                "authors": (), "author_count": None, "published": D(2024, 9, 25)},
        },
    },
    "paper-2306.07944__research-agent-md": {
        "listing": {"kind": "paper", "count": 1},
        "papers": {
            1: {"arxiv_id": "2306.07944",
                "title": "Speech-to-Text Adapter and Speech-to-Entity Retriever Augmented "
                         "LLMs for Speech Understanding"},
        },
    },
}  # fmt: skip


def corpus_file(corpus: Path, prefix: str) -> Path:
    (path,) = [path for path in (corpus / "text").iterdir() if path.name.startswith(prefix)]
    return path


def test_every_text_file_has_a_case(corpus: Path) -> None:
    names = sorted(path.name for path in (corpus / "text").iterdir())
    unmatched = [name for name in names if not any(name.startswith(case) for case in CASES)]
    assert names
    assert unmatched == [], "new corpus text files need a checked expectation"


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_text_rendering(corpus: Path, prefix: str) -> None:
    case = CASES[prefix]
    listing = paperparse.parse(
        corpus_file(corpus, prefix), reference_date=case.get("reference_date")
    )
    expected = dict(case["listing"])
    assert len(listing.papers) == expected.pop("count")
    for name, value in expected.items():
        assert getattr(listing, name) == value, name
    for rank, fields in case["papers"].items():
        paper = listing.papers[rank - 1]
        assert paper.rank == rank
        for name, value in fields.items():
            assert getattr(paper, name) == value, f"paper {rank}: {name}"
    duplicates = [p for p in listing.problems if p.code == "duplicate-card"]
    assert len(duplicates) == case.get("duplicates", 0)
    other = [p for p in listing.problems if p.code != "duplicate-card"]
    assert other == [], "these files are well formed: no problem expected"


@pytest.mark.parametrize("prefix", sorted(CASES))
def test_every_paper_has_a_title_and_an_abstract_or_summary(corpus: Path, prefix: str) -> None:
    listing: Listing = paperparse.parse(
        corpus_file(corpus, prefix), reference_date=CASES[prefix].get("reference_date")
    )
    for paper in listing.papers:
        assert paper.title.strip() == paper.title
        assert paper.abstract or paper.ai_summary, paper.title
        assert "](" not in (paper.abstract or ""), "markdown link syntax leaked"
