"""spaCy integration: a ``"policyparse"`` pipeline component and a jieba tokenizer that keeps names whole.

Importing this module registers the component factory (spaCy is imported here only)::

    import spacy
    import policyparse.spacy_component  # registers "policyparse"

    nlp = spacy.blank("zh")
    nlp.add_pipe("policyparse")
    doc = nlp(text)
    doc._.policy                 # the PolicyDocument
    doc.spans["targets"]         # also "dates", "doc_numbers", "departments"

Each record becomes a ``Span`` with the record kind as label and its ``rule_id`` as ``span_id``;
``span.text`` equals the record's text. Record spans are offsets into ``doc.text`` (the text is
parsed as given, never read as a path). Where a record starts or ends inside a token, the token
is split there, so every span covers its record exactly.

``doc._.policy`` is stored on the Doc as JSON (``doc._.policy_json``, without the text, which is
``doc.text``), so Docs cross processes and files: ``nlp.pipe(texts, n_process=2)`` and
``DocBin(store_user_data=True)`` give back the same ``PolicyDocument`` and span groups.

By default the component also installs :class:`JiebaTokenizer` on ``nlp`` (``use_jieba=True``):
words come from jieba (a private ``jieba.Tokenizer``, the global one is left alone) with the
department names and terms of ``rules/`` added, so 上海市人力资源和社会保障局 stays one token.
Everything works offline; no model is downloaded.
"""

from __future__ import annotations

import itertools
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import registry
from spacy.vocab import Vocab

from .api import parse, text_source
from .models import PolicyDocument
from .rules import RuleSet, load_rules

SPAN_KEYS = ("targets", "dates", "doc_numbers", "departments")
"""``PolicyDocument`` fields turned into ``doc.spans`` groups of the same name."""

LABELS = {"targets": "TARGET", "dates": "DATE", "doc_numbers": "DOC_NUMBER", "departments": "DEPARTMENT"}

# rules files whose names and aliases are words for the tokenizer
DICTIONARY_FILES = ("departments", "issuer_codes", "units", "terms")
_CJK_WORD = re.compile(r"^[\u3400-\u9fff（）()〔〕“”·]{2,40}$")

_DECODED: OrderedDict[tuple[str, str], PolicyDocument] = OrderedDict()
_DECODED_MAX = 256  # recently used decoded documents, so doc._.policy is not re-validated each time


def _get_policy(doc: Doc) -> PolicyDocument | None:
    data = doc._.policy_json
    if data is None:
        return None
    key = (data, doc.text)
    policy = _DECODED.get(key)
    if policy is None:
        policy = PolicyDocument.model_validate_json(data)
        policy.source.text = doc.text  # the text is the Doc's, not stored twice
        _remember(key, policy)
    else:
        _DECODED.move_to_end(key)
    return policy


def _set_policy(doc: Doc, policy: PolicyDocument | None) -> None:
    if policy is None:
        doc._.policy_json = None
        return
    if policy.source.text != doc.text:
        raise ValueError("doc._.policy must be a parse of doc.text")
    data = policy.model_dump_json(exclude={"source": {"text"}})
    doc._.policy_json = data
    _remember((data, doc.text), policy)


def _remember(key: tuple[str, str], policy: PolicyDocument) -> None:
    _DECODED[key] = policy
    while len(_DECODED) > _DECODED_MAX:
        _DECODED.popitem(last=False)


if not Doc.has_extension("policy_json"):
    Doc.set_extension("policy_json", default=None)
if Doc.has_extension("policy"):  # set by an older import of this module: take it over
    Doc.remove_extension("policy")
Doc.set_extension("policy", getter=_get_policy, setter=_set_policy)


def _words_in(data: Any) -> Iterator[str]:
    """Every CJK string in a rules file (names, aliases, terms); regex patterns are skipped."""
    if isinstance(data, str):
        if _CJK_WORD.match(data):
            yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in ("pattern", "patterns", "examples", "counter_examples", "notes", "source"):
                continue
            yield from _words_in(key)
            yield from _words_in(value)
    elif isinstance(data, list):
        for item in data:
            yield from _words_in(item)


def dictionary_words(rules: RuleSet | None = None) -> list[str]:
    """Department names and terms from ``rules/`` (files that are absent are skipped)."""
    ruleset = rules or load_rules()
    words: set[str] = set()
    for name in DICTIONARY_FILES:
        if name in ruleset.names():
            words.update(_words_in(ruleset.get(name)))
    return sorted(words)


class JiebaTokenizer:
    """Text -> ``Doc`` with jieba words; whitespace runs become their own tokens."""

    def __init__(self, vocab: Vocab, words: Iterable[str] = ()) -> None:
        from .logs import import_jieba

        jieba = import_jieba()  # without its "Building prefix dict" lines on stderr
        self.vocab = vocab
        self.words = sorted(set(words))
        self._jieba = jieba.Tokenizer()  # private dictionary: user words do not leak into jieba.dt
        for word in self.words:
            self._jieba.add_word(word, freq=max(1000, 200 * len(word)))

    def __call__(self, text: str) -> Doc:
        tokens = [w for w in self._jieba.cut(text, HMM=True) if w]
        return Doc(self.vocab, words=tokens, spaces=[False] * len(tokens))

    def __reduce__(self) -> tuple[Any, ...]:  # jieba's Tokenizer holds a lock: rebuild from the words
        return (JiebaTokenizer, (self.vocab, self.words))

    # serialisation: the dictionary comes from the rules, so there is nothing to store
    def to_bytes(self, **kwargs: Any) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs: Any) -> JiebaTokenizer:
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        return None

    def from_disk(self, path: Any, **kwargs: Any) -> JiebaTokenizer:
        return self


@registry.tokenizers("policyparse.JiebaTokenizer.v1")
def create_jieba_tokenizer() -> Any:
    """Config entry: ``[nlp.tokenizer] @tokenizers = "policyparse.JiebaTokenizer.v1"``."""

    def make(nlp: Language) -> JiebaTokenizer:
        return JiebaTokenizer(nlp.vocab, dictionary_words())

    return make


def _split_at(doc: Doc, offsets: set[int]) -> None:
    """Split the tokens that have one of these character offsets strictly inside them."""
    cuts: dict[int, list[int]] = {}
    for token in doc:
        inside = sorted(o - token.idx for o in offsets if token.idx < o < token.idx + len(token.text))
        if inside:
            cuts[token.i] = inside
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, inside in cuts.items():
            token = doc[i]
            bounds = [0, *inside, len(token.text)]
            orths = [token.text[a:b] for a, b in itertools.pairwise(bounds)]
            # a blank pipeline has no parse: attach every piece to the first one
            heads: list[Token | tuple[Token, int]] = [(token, 0)] * len(orths)
            retokenizer.split(token, orths, heads=heads)


class PolicyParseComponent:
    """Parses ``doc.text`` with :func:`policyparse.parse` and records the results on the Doc."""

    def __init__(self, nlp: Language, name: str, rules: RuleSet | None = None) -> None:
        self.name = name
        self.rules = rules

    def parse_text(self, text: str) -> PolicyDocument:
        # a Loaded, not a str: a one-line text must never be taken for a file name
        return parse(text_source(text), rules=self.rules)

    def __call__(self, doc: Doc) -> Doc:
        return self.set_annotations(doc, self.parse_text(doc.text))

    def set_annotations(self, doc: Doc, policy: PolicyDocument) -> Doc:
        """Put ``policy``'s records on ``doc`` as span groups; ``policy`` must be a parse of ``doc.text``."""
        size = len(doc.text)
        records = {
            key: [r for r in getattr(policy, key) if 0 <= r.span[0] < r.span[1] <= size] for key in SPAN_KEYS
        }
        _split_at(doc, {offset for rs in records.values() for r in rs for offset in r.span})
        for key, rs in records.items():
            spans = []
            for r in rs:
                span = doc.char_span(r.span[0], r.span[1], alignment_mode="expand")
                if span is not None:
                    spans.append(Span(doc, span.start, span.end, label=LABELS[key], span_id=r.rule_id or ""))
            doc.spans[key] = SpanGroup(doc, name=key, spans=spans)
        doc._.policy = policy
        return doc


@Language.factory(
    "policyparse",
    default_config={"use_jieba": True},
    requires=[],
    assigns=["doc._.policy", "doc.spans"],
)
def make_policyparse(nlp: Language, name: str, use_jieba: bool) -> PolicyParseComponent:
    """The ``"policyparse"`` component; with ``use_jieba`` it also installs :class:`JiebaTokenizer`."""
    if use_jieba and not isinstance(nlp.tokenizer, JiebaTokenizer):
        nlp.tokenizer = JiebaTokenizer(nlp.vocab, dictionary_words())
    return PolicyParseComponent(nlp, name)
