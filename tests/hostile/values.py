"""Hostile values shared by the hostile-input tests."""

from __future__ import annotations

from hypothesis import strategies as st

# Text a careless parser or a spreadsheet trips over.
NASTY_TEXT: list[str] = [
    "1e309", "-1e309", str(10**100), "-" + str(10**100), "-0", "-0.0", "NaN", "inf", "0x1F",
    "1_000", "²", "٣", "1,5", " 7 ",
    "=1+1", "+1", "-1", "@SUM(A1:A9)", '=HYPERLINK("http://x.invalid","y")', "\t=1", "\r=1",
    "'=1", "''+1",
    "\u202eevil\u202c", "\u200f\u200e", "e\u0301\u0301\u0301", "💥🏥", "\U0001F468\u200d\u2695",
    "\x00", "a\x00b", "\x1b[31m", "\x07", "\u2028", "\ufeff", "\ufffe", "",
    " ", "\n", '"', "\"\"", ",", ";", "NULL", "None", "null", "<script>x</script>",
    "'; DROP TABLE programs; --", "%s%n", "{{7*7}}", "../../etc/passwd",
    "a" * 5000,
]

hostile_text = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8", categories=["Cc", "Cf", "Mn", "So", "Zs"]),
            max_size=12),
)

# JSON values for an API field.
hostile_json = st.one_of(
    hostile_text,
    st.sampled_from([10**100, -(10**100), 2**63, -(2**63) - 1, 2**31, -0.0, 1e308, -1e308,
                     5e-324, 0.1, True, False, None, [], {}, [None], {"": None}]),
    st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.integers(),
                                                         max_size=3),
)

# How the bytes of an uploaded file may arrive.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252"]


def encode(text: str, encoding: str) -> bytes:
    """`text` as a file in `encoding`; characters the encoding cannot hold are replaced, and
    lone surrogates are sent as the (invalid) bytes a broken exporter would write."""
    errors = "surrogatepass" if encoding.startswith("utf-8") else "replace"
    if encoding.startswith("utf-16"):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.encode(encoding, errors)
