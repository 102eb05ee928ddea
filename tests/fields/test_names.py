"""Field stage: organisation names, without the avatar text a rendering prints before them."""

from __future__ import annotations

import pytest

from paperparse._fields.names import organization_name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The handle run together from the name, in any case.
        ("PekingUniversity Peking University", "Peking University"),
        ("kandinskylab Kandinsky Lab", "Kandinsky Lab"),
        ("tencent Tencent", "Tencent"),
        ("ByteDance-Seed ByteDance Seed", "ByteDance Seed"),
        # Cut short, with a suffix, or as an acronym.
        ("SeoulNatlUniv Seoul National University", "Seoul National University"),
        ("princetonu Princeton University", "Princeton University"),
        ("EverMindAI EverMind", "EverMind"),
        ("NPCI National Payments Corporation of India", "National Payments Corporation of India"),
        ("CUHK-CSE The Chinese University of Hong Kong", "The Chinese University of Hong Kong"),
        ("Berkeley UC Berkeley", "UC Berkeley"),
        ("[o]Kandinsky Lab", "Kandinsky Lab"),
        (
            "[USC-PSI-Lab] USC Physical Superintelligence (PSI) Lab",
            "USC Physical Superintelligence (PSI) Lab",
        ),
        ("GAIR SII - GAIR", "SII - GAIR"),
        ("meituan-longcat LongCat", "LongCat"),
        ("m-a-p Multimodal Art Projection", "Multimodal Art Projection"),
        # Names whose first word is their own.
        ("Qwen Team", "Qwen Team"),
        ("Google DeepMind", "Google DeepMind"),
        ("Alibaba DAMO Academy", "Alibaba DAMO Academy"),
        ("Some University of Somewhere", "Some University of Somewhere"),
        ("USC Physical Superintelligence (PSI) Lab", "USC Physical Superintelligence (PSI) Lab"),
        ("The University of Tokyo", "The University of Tokyo"),
        ("Microsoft Research Asia", "Microsoft Research Asia"),
        ("MIT CSAIL", "MIT CSAIL"),
        ("Kandinsky Lab", "Kandinsky Lab"),
        ("Qwen", "Qwen"),
        ("", ""),
    ],
)
def test_organization_name(text: str, expected: str) -> None:
    assert organization_name(text) == expected
