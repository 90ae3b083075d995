"""Word lists live in knowledge/lexicon/, validated at start-up; handler modules hold none.

* Every file in the plain vocabulary form (``version``, ``terms``, ``patterns``) loads, is read
  by a module that declares exactly its names, and every term in it matches its own text.
* A broken entry (an empty list, an unquoted ``no``, a bad regular expression, a name the code
  does not read) is refused with a DataError naming the file and the entry.
* An ASCII term matches only as a whole word.
* No module under handlers/ keeps a list of Japanese words at module or class level.
"""

from __future__ import annotations

import ast
import importlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from knowledge.vocab import LEXICON_DIR, DataError, Vocabulary, VocabularyFile, load_model

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("handlers", "knowledge", "bot")


# ---------------------------------------------------------------------------------------------
# which module reads which file, from the code itself
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Declaration:
    module: str  # dotted name of the module that calls vocabulary(...)
    terms: tuple[str, ...] | None  # the names passed to .check(); None when not written literally
    patterns: tuple[str, ...] | None


def _literal_names(call: ast.Call, keyword: str) -> tuple[str, ...] | None:
    for kw in call.keywords:
        if kw.arg == keyword:
            try:
                value = ast.literal_eval(kw.value)
            except ValueError:
                return None  # names held in a variable: the import still runs the check
            return tuple(value)
    return ()


def declarations() -> dict[str, list[Declaration]]:
    """File name (relative to knowledge/lexicon, without .yaml) -> the modules reading it, found as
    ``vocabulary("name")`` or ``vocabulary("name").check(terms=..., patterns=...)`` in the code."""
    found: dict[str, list[Declaration]] = {}
    for folder in CODE_DIRS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            tree = ast.parse(path.read_text(encoding="utf-8"))
            checked: set[int] = set()
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                loader, check = node, None
                if isinstance(node.func, ast.Attribute) and node.func.attr == "check" and isinstance(node.func.value, ast.Call):
                    loader, check = node.func.value, node
                if not (isinstance(loader.func, ast.Name) and loader.func.id == "vocabulary" and loader.args):
                    continue
                if not isinstance(loader.args[0], ast.Constant) or id(loader) in checked:
                    continue
                checked.add(id(loader))
                terms = _literal_names(check, "terms") if check else None
                patterns = _literal_names(check, "patterns") if check else None
                found.setdefault(loader.args[0].value, []).append(Declaration(module, terms, patterns))
    return found


def vocabulary_files() -> list[Path]:
    """Every file under knowledge/lexicon in the VocabularyFile form."""
    files = []
    for path in sorted(LEXICON_DIR.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "version" in data and ("terms" in data or "patterns" in data):
            files.append(path)
    return files


def _name(path: Path) -> str:
    return path.relative_to(LEXICON_DIR).with_suffix("").as_posix()


FILES = vocabulary_files()
DECLARED = declarations()


def test_the_handlers_vocabularies_are_found():
    names = {_name(p) for p in FILES}
    assert {"contacts", "incident_words", "quote", "subsidy", "verdicts", "coverage", "smalltalk"} <= names


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_a_vocabulary_file_loads_and_holds_exactly_the_names_its_module_reads(path):
    raw = load_model(path, VocabularyFile)
    readers = DECLARED.get(_name(path))
    assert readers, f"{path}: no module calls vocabulary({_name(path)!r}); nobody reads this file"
    for reader in readers:
        # Importing the module runs its .check(): a missing or unknown name fails here.
        importlib.import_module(reader.module)
        if reader.terms is not None:
            assert sorted(reader.terms) == sorted(raw.terms), reader.module
        if reader.patterns is not None:
            assert sorted(reader.patterns) == sorted(raw.patterns), reader.module


@pytest.mark.parametrize("path", FILES, ids=_name)
def test_every_term_matches_its_own_text(path):
    """A term that cannot match even itself (folded away, or blank after folding) is dead."""
    vocab = Vocabulary(path, load_model(path, VocabularyFile))
    raw = load_model(path, VocabularyFile)
    dead = [f"{name}: {word!r}" for name, words in raw.terms.items() for word in words if not vocab.has(name, word)]
    assert not dead, f"{path}: {dead}"


# ---------------------------------------------------------------------------------------------
# a broken entry is refused, naming the file and the entry
# ---------------------------------------------------------------------------------------------

QUOTE_FILE = LEXICON_DIR / "quote.yaml"


def _quote_names() -> dict[str, tuple[str, ...]]:
    (reader,) = DECLARED["quote"]
    assert reader.terms is not None and reader.patterns is not None
    return {"terms": reader.terms, "patterns": reader.patterns}


def _edit(text: str, entry: str, value: str | None) -> str:
    """The line ``  entry: ...`` replaced by ``  entry: value`` (removed when value is None)."""
    line = re.compile(rf"^  {re.escape(entry)}:.*\n", re.MULTILINE)
    assert line.search(text), f"quote.yaml has no one-line entry {entry!r}"
    return line.sub("" if value is None else f"  {entry}: {value}\n", text, count=1)


BROKEN = {
    # name: (entry, new value or None to delete it, extra line after 'terms:', words the error must name)
    "empty list": ("compare", "[]", None, ["terms", "compare: an empty list"]),
    "unquoted no": ("compare", "[違い, no]", None, ["terms.compare.1", "valid string"]),
    "unquoted number": ("compare", "[違い, 1]", None, ["terms.compare.1", "valid string"]),
    "blank term": ("compare", "[違い, ' ']", None, ["terms.compare.1", "empty term"]),
    "bad regex": ("versus", "'(vs'", None, ["patterns.versus", "regular expression"]),
    "missing name": ("compare", None, None, ["terms", "missing ['compare']"]),
    "unknown name": ("compare", "[違い]", "  comparison: [比較]\n", ["terms", "not used by the code ['comparison']"]),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=str)
def test_a_broken_entry_is_refused_naming_the_file_and_the_entry(tmp_path, case):
    entry, value, extra, expected = BROKEN[case]
    text = _edit(QUOTE_FILE.read_text(encoding="utf-8"), entry, value)
    if extra:
        text = text.replace("\nterms:\n", "\nterms:\n" + extra, 1)
    path = tmp_path / "quote.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as err:
        Vocabulary(path, load_model(path, VocabularyFile)).check(**_quote_names())
    message = str(err.value)
    assert str(path) in message
    for words in expected:
        assert words in message, message


def test_the_unchanged_copy_is_accepted(tmp_path):
    path = tmp_path / "quote.yaml"
    path.write_text(QUOTE_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    Vocabulary(path, load_model(path, VocabularyFile)).check(**_quote_names())


@pytest.mark.parametrize("text, where", [
    ("version: 2\nterms: {a: [x]}\n", "version"),
    ("version: 1\nterms: {a: [x]}\nword: [y]\n", "word"),
    ("version: 1\nterms: [x, y]\n", "terms"),
    ("version: 1\nterms: {a: [x\n", "not valid YAML"),
])
def test_a_broken_file_is_refused_by_name(tmp_path, text, where):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=re.escape(str(path))) as err:
        load_model(path, VocabularyFile)
    assert where in str(err.value)


# ---------------------------------------------------------------------------------------------
# matching
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def english(tmp_path) -> Vocabulary:
    path = tmp_path / "english.yaml"
    path.write_text("version: 1\nterms:\n  words: [hack, pc, 'how much', 保険料]\n", encoding="utf-8")
    return Vocabulary(path, load_model(path, VocabularyFile))


@pytest.mark.parametrize("text, found", [
    ("we got hack", True),
    ("Hack!", True),
    ("hackで止まった", True),
    ("the shack", False),
    ("we got hacked", False),  # an inflected form is a word of its own and is listed where wanted
    ("ＰＣが固まった", True),
    ("PCR検査", False),
    ("How   much?", True),
    ("somehow muchness", False),
    ("ホケンリョウ", False),  # kanji term: no reading is guessed
    ("保険 料は", True),
])
def test_an_ascii_term_matches_only_as_a_whole_word(english, text, found):
    assert english.has("words", text) is found


def test_the_handlers_english_words_match_as_words():
    from knowledge.vocab import vocabulary

    cyber = vocabulary("subsidy")
    assert cyber.has("cyber", "we were hacked") and cyber.has("cyber", "a virus attack")
    assert not cyber.has("cyber", "a shack by the sea")  # "hack" only as a word of its own
    versus = vocabulary("quote").pattern("versus")
    assert versus.search("H1vsH2") and versus.search("H1 VS H2") and not versus.search("devs")


# ---------------------------------------------------------------------------------------------
# no Japanese word lists in handlers/
# ---------------------------------------------------------------------------------------------

# (module, variable) -> why this list of Japanese strings may stay in code.
ALLOWED_LISTS = {
    # Quick-reply buttons: user-facing labels (the label sent back is read by
    # knowledge.text.find_facility), not words matched in a message.
    ("quote", "FACILITY_CHOICES"): "user-facing button labels",
    # Messages the server answers once at start-up in a throwaway store (bot.warmup): sent to the
    # engine like a user's, never matched against one.
    ("warmup", "REHEARSAL"): "start-up rehearsal messages",
}
JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")  # kana, kanji, half-width kana


def _japanese_strings(node: ast.AST) -> int:
    """Japanese string constants in a collection literal, nested literals included. Calls
    (a QuickReply(...) button) and f-strings are not word lists and are not looked into."""
    if isinstance(node, ast.Constant):
        return int(isinstance(node.value, str) and bool(JAPANESE.search(node.value)))
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return sum(_japanese_strings(e) for e in node.elts)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple", "list"):
        return sum(_japanese_strings(a) for a in node.args)
    return 0


def _is_collection(node: ast.AST) -> bool:
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return True
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("frozenset", "set", "tuple", "list")


def word_lists(source: str) -> list[tuple[str, int]]:
    """(variable, number of Japanese strings) for each module- or class-level collection literal
    holding two or more Japanese strings."""
    found = []

    def scan(body: list[ast.stmt]) -> None:
        for stmt in body:
            if isinstance(stmt, ast.ClassDef):
                scan(stmt.body)
                continue
            if isinstance(stmt, ast.Assign):
                targets, value = stmt.targets, stmt.value
            elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
                targets, value = [stmt.target], stmt.value
            else:
                continue
            if not _is_collection(value):
                continue
            count = _japanese_strings(value)
            if count >= 2:
                names = [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
                found.append((",".join(names) or "?", count))

    scan(ast.parse(source).body)
    return found


def test_the_scan_sees_a_word_list():
    source = (
        "A = ('連絡先', '電話')\n"
        "B: tuple[str, ...] = ('x', 'y')\n"
        "C = frozenset({'休業', 'きゅうぎょう'})\n"
        "class K:\n    D = [('病院', 'hospital'), ('医院', 'clinic')]\n"
        "E = [Button(label='はい'), Button(label='いいえ')]\n"
        "def f():\n    return ('休業', '休診')\n"
    )
    assert word_lists(source) == [("A", 2), ("C", 2), ("D", 2)]


def test_no_handler_or_bot_module_holds_a_list_of_japanese_words():
    found = set()
    for path in sorted([*(ROOT / "handlers").glob("*.py"), *(ROOT / "bot").glob("**/*.py")]):
        for variable, count in word_lists(path.read_text(encoding="utf-8")):
            found.add((path.stem, variable))
            assert (path.stem, variable) in ALLOWED_LISTS, (
                f"{path.relative_to(ROOT)}: {variable} holds {count} Japanese strings; words for matching belong in "
                "knowledge/lexicon/ (see knowledge/vocab.py), user-facing texts go in ALLOWED_LISTS with a reason"
            )
    # An exception must still be needed.
    stale = [key for key in ALLOWED_LISTS if key not in found]
    assert not stale, f"no longer in the code, remove from ALLOWED_LISTS: {stale}"
