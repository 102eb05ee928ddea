"""The fuzz harness of paperparse: run it as ``python fuzz/fuzz_parse.py`` (see there)."""
