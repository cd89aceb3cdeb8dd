"""Ranked keyword search over operations: ids, paths, group names, summaries (with synonyms) and field names.

Each operation gets a weighted bag of terms: the words of its action (`start_cloud_space_instance`) weigh most,
then path segments, then its group, summary and the names of its parameters and top-level body fields. Adjacent
words are also joined (`cloud` + `space` = `cloudspace`) so ids and paths meet. A query term scores the best weight
among its synonyms; a query whose every term matches outranks one that matches some, and a query verb that is the
operation's own verb (`start`, `list`) earns a bonus, and so does a query found word for word in the summary.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from .model import SDK_VERSIONS, Model, Operation
from .words import action_of, expansions, terms

ACTION, PATH, GROUP, SUMMARY, FIELD = 3.0, 2.0, 1.0, 1.0, 0.5
SYNONYM_FACTOR = 0.9
VERB_BONUS = 1.5
PHRASE_BONUS = 2.0
NEWEST_BONUS = 0.8
"""Operations the newest SDK still has rank above ones only older releases know."""


def _with_joined(words: list[str]) -> list[str]:
    return words + [a + b for a, b in itertools.pairwise(words)]


def _weights(op: Operation, models: Mapping[str, Model]) -> dict[str, float]:
    weights: dict[str, float] = {}

    def add(words: list[str], weight: float) -> None:
        for word in words:
            if weights.get(word, 0.0) < weight:
                weights[word] = weight

    add(_with_joined(terms(action_of(op.id, op.group))), ACTION)
    for alias in op.aliases:
        add(_with_joined(terms(action_of(alias, op.group))), ACTION)
    for segment in op.path.split("/"):
        if segment and not segment.startswith("{"):
            add(_with_joined(terms(segment)) + terms(segment.replace("-", "")), PATH)
    add(_with_joined(terms(op.group.removesuffix("_service"))), GROUP)
    add(terms(op.summary), SUMMARY)
    fields = [p.wire for p in op.path_params + op.query_params]
    body = models.get(op.body_model) if op.body_model else None
    if body is not None:
        fields.extend(f.wire for f in body.fields)
    add([t for wire in fields for t in terms(wire)], FIELD)
    return weights


class SearchIndex:
    def __init__(self, operations: tuple[Operation, ...], models: Mapping[str, Model]) -> None:
        self._rows = [
            (op, _weights(op, models), terms(action_of(op.id, op.group))[:1], " ".join(terms(op.summary)))
            for op in operations
        ]
        self._by_id = {ref: op for op in operations for ref in (op.id, *op.aliases)}

    def search(self, query: str, group: str | None = None, limit: int = 10) -> list[Operation]:
        exact = self._by_id.get(query.strip())
        query_terms = list(dict.fromkeys(terms(query)))
        if not query_terms or limit <= 0:
            return [exact] if exact is not None and limit > 0 else []
        options = [{t: (1.0 if t == q else SYNONYM_FACTOR) for t in expansions(q)} for q in query_terms]
        scored: list[tuple[float, int, str, Operation]] = []
        phrase = " ".join(query_terms)
        for op, weights, verb, summary in self._rows:
            if group is not None and op.group != group:
                continue
            score, matched, verb_hit = 0.0, 0, False
            for choices in options:
                best = max((weights.get(t, 0.0) * factor for t, factor in choices.items()), default=0.0)
                if best > 0:
                    matched += 1
                    score += best
                    verb_hit = verb_hit or bool(verb and verb[0] in choices and choices[verb[0]] == 1.0)
            if matched == 0:
                continue
            score *= (matched / len(options)) ** 2
            score += VERB_BONUS if verb_hit else 0.0
            score += NEWEST_BONUS if SDK_VERSIONS[-1] in op.versions else 0.0
            score += PHRASE_BONUS if len(query_terms) > 1 and phrase in summary else 0.0
            scored.append((-score, len(op.id), op.id, op))
        scored.sort(key=lambda row: row[:3])
        found = [row[3] for row in scored[:limit]]
        if exact is not None and (group is None or exact.group == group):
            found = [exact, *(op for op in found if op is not exact)][:limit]
        return found
