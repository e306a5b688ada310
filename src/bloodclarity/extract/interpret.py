"""Raw results -> validated :class:`~bloodclarity.schema.Result` objects, by the rules.

Per result: name -> analyte (the unit, then the printed range, then the value decide between
analytes that share a name), the number (the report's decimal convention and the analyte's
plausible range settle "6.650"), the unit (printed, resolved by the analyte, or inferred from
the printed range or the value), plausibility (implausible results are rejected with the
reason), the range, and the flag (printed, or derived and marked so).
"""

from __future__ import annotations

from collections.abc import Sequence

from bloodclarity.extract.assemble import RawResult
from bloodclarity.knowledge import Analyte, KnowledgeBase
from bloodclarity.rules.conversion import ConversionError, convert
from bloodclarity.rules.flags import derive_flag, parse_flag, split_glued_flag
from bloodclarity.rules.inference import best_fit, infer_unit, range_misfit, readings, value_tier
from bloodclarity.rules.lexicon import fold, load_lexicon
from bloodclarity.rules.names import match_name
from bloodclarity.rules.numbers import detect_decimal_convention, parse_number
from bloodclarity.rules.plausibility import check_plausible
from bloodclarity.rules.ranges import ReferenceRange, parse_range
from bloodclarity.rules.units import UnitMatch, normalise_unit, unit_for_analyte
from bloodclarity.schema import Result

FLAG_CODES = ("H", "L", "HH", "LL")
_NOT_BLOOD = ("urine", "stool")


def _candidates(names: tuple[str, ...], match: UnitMatch | None,
                kb: KnowledgeBase) -> list[Analyte]:
    """Analytes of a name, narrowed by the printed unit when several share the name."""
    analytes = [kb[i] for i in names]
    if len(analytes) < 2 or match is None:
        return analytes
    codes = {match.ucum} if match.ucum else set(match.candidates)
    fitting = [a for a in analytes if codes & set(a.units)]
    if not fitting and codes:
        dims = {kb.units[c].dimension for c in codes if c in kb.units}
        fitting = [a for a in analytes if any(kb.units[u].dimension in dims for u in a.units)]
    return fitting or analytes


def _by_range(analytes: list[Analyte], rng: ReferenceRange | None, ucum: str | None,
              kb: KnowledgeBase) -> Analyte | None:
    """The one of several analytes whose reference interval the printed range matches."""
    if rng is None or (rng.low is None and rng.high is None):
        return None
    scored = []
    for a in analytes:
        units = [ucum] if ucum in a.units else readings(a, kb).values()
        fits = [m for u in units if (m := range_misfit(rng.low, rng.high, u, a, kb)) is not None]
        if fits:
            scored.append((min(fits), a.id))
    best = best_fit(scored)
    return kb[best] if best is not None and len(scored) == len(analytes) else None


def _by_value(analytes: list[Analyte], value_text: str, ucum: str | None, decimal: str | None,
              kb: KnowledgeBase) -> Analyte | None:
    """The one of several analytes for which the value is the most typical (normal, else
    likely), read in the printed unit or else in any of the analyte's units: "Saturation
    38.1 %" is the transferrin's. Never between a blood and a urine or stool test: a low
    leukocyte count is no urine result."""
    number = parse_number(value_text, decimal=decimal)
    if number is None or len({a.specimen in _NOT_BLOOD for a in analytes}) > 1:
        return None
    scored = []
    for a in analytes:
        units = [ucum] if ucum in a.units else readings(a, kb).values()
        tiers = [t for u in units if (t := value_tier(number.value, u, a, kb)) is not None]
        if tiers:
            scored.append((min(tiers), a))
    scored.sort(key=lambda s: s[0])
    if not scored or scored[0][0] > 1 or (len(scored) > 1 and scored[1][0] == scored[0][0]):
        return None
    return scored[0][1]


def _one_sided_limit(analyte: Analyte) -> str | None:
    """"≤" for an analyte whose reference interval is an upper limit, "≥" for a lower one."""
    ri = analyte.reference_interval
    if ri is None or (ri.high is None) == (not ri.low):
        return None
    return "≤" if ri.high is not None else "≥"


def _plausible_in(analyte: Analyte, unit: str | None, kb: KnowledgeBase) -> tuple[float, float] | None:
    if unit is None or analyte.plausible is None:
        return None
    try:
        a = convert(kb, analyte, analyte.plausible.min, analyte.si_unit, unit)
        b = convert(kb, analyte, analyte.plausible.max, analyte.si_unit, unit)
    except ConversionError:
        return None
    return min(a, b), max(a, b)


def interpret(raw: RawResult, kb: KnowledgeBase, *, decimal: str | None = None,
              sex: str | None = None, validate: bool = True, infer_units: bool = True) -> Result:
    """One result with the rules applied; ``status`` and ``reasons`` say what went wrong.

    ``validate`` and ``infer_units`` switch off plausibility and unit inference (ablation).
    """
    lexicon = load_lexicon()
    value_text, glued_flag = split_glued_flag(raw.value.text)
    flag_text = raw.flag.text if raw.flag else glued_flag
    name = raw.name.text if raw.name else ""
    result = Result(name=name, value_text=raw.value.text, line=raw.value.line + 1,
                    unit=raw.unit.text if raw.unit else None)
    confidences = [e.confidence for e in (raw.name, raw.value) if e is not None]
    result.confidence = round(min(confidences), 4) if confidences else 0.0
    if raw.name is None:
        result.status = "unknown_biomarker"
        result.reasons.append("no test name found for this value")
        return result
    match = match_name(name, kb)
    printed_unit = normalise_unit(result.unit, kb) if result.unit else None
    analytes = _candidates(match.analytes, printed_unit, kb)
    if not analytes:
        result.status = "unknown_biomarker"
        result.reasons.append(f"unknown test name {name!r}")
        return result
    rng = parse_range(raw.range.text, sex=sex, decimal=decimal) if raw.range else None
    analyte = analytes[0]
    if len(analytes) > 1:
        printed_ucum = printed_unit and printed_unit.ucum
        by_range = _by_range(analytes, rng, printed_ucum, kb)
        by_value = None if by_range else _by_value(analytes, value_text, printed_ucum, decimal, kb)
        analyte = by_range or by_value or analyte
        how = ("the printed range fits" if by_range else
               "the value is typical of" if by_value else "took")
        result.reasons.append(f"name shared by {', '.join(a.id for a in analytes)}; "
                              f"{how} {analyte.id}")
    if raw.range and rng is None:
        rng = parse_range(raw.range.text, sex=sex, decimal=decimal,
                          lone_equals=_one_sided_limit(analyte))
    result.biomarker = analyte.id
    if match.method == "fuzzy":
        result.reasons.append(f"name read as {match.alias!r}")
    qualitative = lexicon.qualitative.get(fold(value_text))
    if qualitative is not None:
        result.value = None
        result.ucum = None
        result.loinc = analyte.loinc_for(None).code if analyte.loinc else None
        result.reference_range = rng
        return result
    # unit
    ucum = None
    if result.unit is not None:
        um = unit_for_analyte(result.unit, analyte, kb)
        ucum = um.ucum
        if ucum is None:
            result.status = "ambiguous_unit" if um.candidates else result.status
        if um.reason:
            result.reasons.append(f"unit {result.unit!r}: {um.reason}")
    number = parse_number(value_text, decimal=decimal, plausible=_plausible_in(analyte, ucum, kb))
    if number is None:
        result.status = "implausible"
        result.reasons.append(f"value {raw.value.text!r} is not a number")
        return result
    result.value, result.comparator = number.value, number.comparator
    if number.assumption:
        result.reasons.append(number.assumption)
    if result.unit is None and infer_units:
        bounds = None if rng is None else (rng.low, rng.high)
        inferred = infer_unit(number.value, analyte, kb, bounds)
        if inferred.unit is None:
            result.status = "ambiguous_unit"
            result.reasons.append(f"no unit printed; {inferred.reason}")
        else:
            ucum = inferred.unit
            result.unit, result.unit_inferred = inferred.unit, True
            result.reasons.append(f"unit inferred: {inferred.reason}")
    result.ucum = ucum
    code = analyte.loinc_for(ucum)
    result.loinc = code.code if code else None
    if ucum is not None and validate:
        verdict = check_plausible(number.value, ucum, analyte, kb, comparator=number.comparator)
        if not verdict.ok:
            result.status = "implausible"
            result.reasons.append(verdict.reason)
    elif result.status == "ok" and ucum is None and infer_units:
        result.status = "ambiguous_unit"
    # range and flag
    result.reference_range = rng
    printed = parse_flag(flag_text) if flag_text else None
    derived = derive_flag(number.value, number.comparator, result.reference_range)
    if printed in FLAG_CODES:
        result.flag, result.flag_source = printed, "report"
    elif printed == "A":
        result.flag, result.flag_source = derived, "report"
    elif derived is not None:
        result.flag, result.flag_source = derived, "derived"
    return result


def interpret_all(raws: Sequence[RawResult], kb: KnowledgeBase, sex: str | None = None,
                  **switches: bool) -> list[Result]:
    """Every raw result of one report, sharing the report's decimal convention."""
    decimal = detect_decimal_convention(
        [r.value.text for r in raws] + [r.range.text for r in raws if r.range])
    return [interpret(r, kb, decimal=decimal, sex=sex, **switches) for r in raws]
