"""The extraction pipeline: document -> pages of text -> tagged spans -> results -> Report.

Stages (each says what it needs and gives):
  read      path or text          -> pages of text             (bloodclarity.extract.inputs)
  tag       text                  -> labelled spans + confidence (the ONNX model)
  snap      spans + text          -> values widened to whole numbers (bloodclarity.extract.spans)
  relabel   spans + text + KB     -> names the model took for flags or units, values it left
                                     out (bloodclarity.extract.relabel)
  columns   spans + text          -> spans, current-result column kept (bloodclarity.extract.columns)
  assemble  spans                 -> raw results                (bloodclarity.extract.assemble)
  interpret raw results           -> validated results          (bloodclarity.extract.interpret)
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from pathlib import Path

from bloodclarity.corpus.labels import spans_from_tags
from bloodclarity.extract.assemble import Entity, assemble, make_entities
from bloodclarity.extract.columns import current_values
from bloodclarity.extract.inputs import Page, read_document
from bloodclarity.extract.interpret import interpret_all
from bloodclarity.extract.relabel import relabel
from bloodclarity.extract.spans import snap_spans
from bloodclarity.knowledge import KnowledgeBase, load_knowledge_base
from bloodclarity.model.onnx_model import OnnxTagger
from bloodclarity.model.tagging import TaggedDocument
from bloodclarity.rules.conversion import with_system
from bloodclarity.rules.patient import detect_sex
from bloodclarity.schema import Report, Result


def entities_of(text: str, doc: TaggedDocument) -> list[Entity]:
    """Character-span entities from token tags; confidence is the lowest token probability."""
    offsets = doc.encoding.offsets
    starts = [start for start, _ in offsets]
    out = []
    for span in spans_from_tags(offsets, doc.tags):
        first, stop = bisect_left(starts, span.start), bisect_left(starts, span.end)
        out.append((span.label, span.start, span.end, min(doc.confidence[first:stop])))
    return make_entities(text, out)


class Extractor:
    """Built once (model session, tokenizer, knowledge base); ``extract`` many documents.

    ``units``: "as-printed" (default), "si" or "conventional" adds converted values beside
    the printed ones. ``validate``/``infer_units`` exist for the ablation of ``evaluate``.
    Thread-safe: ONNX Runtime sessions may be shared.
    """

    def __init__(self, model_dir: str | Path | None = None, *, threads: int = 1,
                 units: str = "as-printed", kb: KnowledgeBase | None = None,
                 validate: bool = True, infer_units: bool = True) -> None:
        self.kb = kb or load_knowledge_base()
        self.tagger = OnnxTagger(model_dir, threads=threads)
        self.units = units
        self.switches = {"validate": validate, "infer_units": infer_units}

    def extract(self, source: str | Path, *, text: str | None = None) -> Report:
        """A report from a file path (text, PDF or image), or from ``text`` (named ``source``)."""
        pages = [Page(1, text)] if text is not None else read_document(Path(source))
        return self.extract_pages(str(source), pages)

    def extract_pages(self, source: str, pages: Sequence[Page]) -> Report:
        return self.build(source, pages, self.tagger.tag([p.text for p in pages]))

    def build(self, source: str, pages: Sequence[Page], tagged: Sequence[TaggedDocument],
              **switches: bool) -> Report:
        """The report from pages already tagged (``switches`` override the extractor's)."""
        report = Report(source=source)
        sex = detect_sex("\n".join(p.text for p in pages))
        options = {**self.switches, **switches}
        for page, doc in zip(pages, tagged, strict=True):
            entities = relabel(snap_spans(entities_of(page.text, doc), page.text), page.text,
                               self.kb)
            raws = assemble(current_values(entities, page.text), page.text)
            for raw, result in zip(raws, interpret_all(raws, self.kb, sex=sex, **options),
                                   strict=True):
                result.page = page.number if len(pages) > 1 or page.number != 1 else None
                if page.boxes is not None:
                    result.bbox = page.box_of(raw.value.start, raw.value.end)
                self._file(report, result)
            report.warnings.extend(page.warnings)
        if not pages or not any(p.text.strip() for p in pages):
            report.warnings.append(f"{source}: no text found")
        return report

    def _file(self, report: Report, result: Result) -> None:
        if self.units in ("si", "conventional"):
            result = with_system(result, self.units, self.kb)
        if result.status == "implausible" or result.biomarker is None and not result.name:
            report.rejected.append(result)
        else:
            report.results.append(result)
