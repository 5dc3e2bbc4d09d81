"""Packets: several finished handouts merged into one tagged PDF for a visit (pypdf)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)


@dataclass(frozen=True)
class PacketPart:
    title: str
    label: str
    """Short page-label prefix, so the viewer shows 'migraine 2' rather than '7'."""
    data: bytes


def merge_packet(parts: list[PacketPart], title: str, lang: str) -> bytes:
    """One PDF: each handout's pages, a bookmark per handout (its sections beneath),
    page labels per handout, one title, and the form fields of every part."""
    writer = PdfWriter()
    structure = _PacketStructure(writer)
    start = 0
    taken: set[str] = set()
    for number, part in enumerate(parts, start=1):
        reader = PdfReader(io.BytesIO(part.data))
        _rename_taken_fields(reader, taken, number)
        # Each handout's own outline already starts with its title, sections beneath.
        writer.append(reader, import_outline=True, excluded_fields=())
        count = len(reader.pages)
        writer.set_page_label(
            start, start + count - 1, style=PageLabelStyle.DECIMAL, prefix=f"{part.label} "
        )
        structure.add(reader, start)
        start += count
    first = PdfReader(io.BytesIO(parts[0].data))
    creator = (first.metadata.creator if first.metadata else None) or ""
    writer.add_metadata({"/Title": title, "/Creator": creator})
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.page_mode = "/UseOutlines"
    structure.finish(_packet_xmp(first, title, lang))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _rename_taken_fields(reader: PdfReader, taken: set[str], number: int) -> None:
    """Give a form field whose name an earlier handout in the packet already uses a name of its
    own ("write_in_questions_2"): fields with one name are one field in a PDF, so writing in
    one handout's box would fill the other's too."""
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            widget = annotation.get_object()
            name = widget.get("/T")
            if name is None:
                continue
            if str(name) in taken:
                widget[NameObject("/T")] = TextStringObject(f"{name}_{number}")
            taken.add(str(widget["/T"]))


class _PacketStructure:
    """Joins the handouts' structure trees, for a tagged packet: one Document, each handout
    a Part of it.

    pypdf's append copies pages and annotations but not the StructTreeRoot, and drops each
    page's /StructParents. So each handout's elements are copied here, with their page and
    annotation references pointed at the packet's copies, and every ParentTree key (pages'
    /StructParents, annotations' /StructParent) moved past the previous handouts' keys.
    """

    def __init__(self, writer: PdfWriter):
        self.writer = writer
        self.root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.root)
        self.kids = ArrayObject()
        self.document = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/StructElem"),
                NameObject("/S"): NameObject("/Document"),
                NameObject("/P"): self.root_ref,
                NameObject("/K"): self.kids,
            }
        )
        self.document_ref = writer._add_object(self.document)
        self.nums = ArrayObject()
        self.offset = 0

    def add(self, reader: PdfReader, start: int) -> None:
        found = reader.root_object.get("/StructTreeRoot")
        if found is None:
            return
        tree: Any = found.get_object()
        pages: dict[int, IndirectObject] = {}
        annotations: dict[int, IndirectObject] = {}
        for index, page in enumerate(reader.pages):
            target = self.writer.pages[start + index]
            assert page.indirect_reference is not None and target.indirect_reference is not None
            pages[page.indirect_reference.idnum] = target.indirect_reference
            if "/StructParents" in page:
                key = int(page["/StructParents"]) + self.offset  # type: ignore[call-overload]
                target[NameObject("/StructParents")] = NumberObject(key)
            source_annots = page.get("/Annots") or []
            target_annots = target.get("/Annots") or []
            for source, copied in zip(source_annots, target_annots, strict=False):
                annotations[source.idnum] = copied
                annotation = copied.get_object()
                if "/StructParent" in annotation:
                    key = int(annotation["/StructParent"]) + self.offset
                    annotation[NameObject("/StructParent")] = NumberObject(key)
        copier = _ElementCopier(self.writer, pages, annotations)
        document = tree.raw_get("/K")
        part = copier.copy(document, self.document_ref)
        part.get_object()[NameObject("/S")] = NameObject("/Part")  # type: ignore[index]
        self.kids.append(part)
        nums = tree["/ParentTree"].get_object()["/Nums"]
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            self.nums += [NumberObject(int(key) + self.offset), copier.mapped(value)]
        self.offset += int(tree.get("/ParentTreeNextKey", 0))

    def finish(self, xmp: bytes) -> None:
        self.root[NameObject("/K")] = self.document_ref
        self.root[NameObject("/ParentTree")] = DictionaryObject({NameObject("/Nums"): self.nums})
        self.root[NameObject("/ParentTreeNextKey")] = NumberObject(self.offset)
        catalog = self.writer._root_object
        catalog[NameObject("/StructTreeRoot")] = self.root_ref
        catalog[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )
        metadata = DecodedStreamObject()
        metadata[NameObject("/Type")] = NameObject("/Metadata")
        metadata[NameObject("/Subtype")] = NameObject("/XML")
        metadata.set_data(xmp)
        catalog[NameObject("/Metadata")] = self.writer._add_object(metadata)


class _ElementCopier:
    """Copies structure elements into the writer, page and annotation references remapped."""

    def __init__(
        self,
        writer: PdfWriter,
        pages: dict[int, IndirectObject],
        annotations: dict[int, IndirectObject],
    ):
        self.writer = writer
        self.pages = pages
        self.annotations = annotations
        self.elements: dict[int, IndirectObject] = {}

    def copy(self, reference: Any, parent: IndirectObject) -> IndirectObject:
        element = reference.get_object()
        copied = DictionaryObject()
        ref = self.writer._add_object(copied)
        self.elements[reference.idnum] = ref
        for key, value in element.items():
            if key == "/P":
                copied[NameObject(key)] = parent
            elif key == "/K":
                kids = value if isinstance(value, ArrayObject) else ArrayObject([value])
                copied[NameObject(key)] = ArrayObject(self._kid(kid, ref) for kid in kids)
            else:
                copied[NameObject(key)] = self._value(value)
        return ref

    def mapped(self, value: Any) -> PdfObject:
        """A ParentTree value: an element, or an array of them, as copied."""
        if isinstance(value, IndirectObject) and value.idnum in self.elements:
            return self.elements[value.idnum]
        return ArrayObject(self.elements[item.idnum] for item in value.get_object())

    def _kid(self, kid: Any, parent: IndirectObject) -> PdfObject:
        target = kid.get_object()
        if isinstance(target, DictionaryObject) and target.get("/Type") in ("/MCR", "/OBJR"):
            return self._value(target)
        if isinstance(kid, IndirectObject):
            return self.copy(kid, parent)
        return self._value(kid)

    def _value(self, value: Any) -> PdfObject:
        if isinstance(value, IndirectObject):
            if value.idnum in self.pages:
                return self.pages[value.idnum]
            if value.idnum in self.annotations:
                return self.annotations[value.idnum]
            return self._value(value.get_object())
        if isinstance(value, DictionaryObject):
            return DictionaryObject({NameObject(k): self._value(v) for k, v in value.items()})
        if isinstance(value, ArrayObject):
            return ArrayObject(self._value(item) for item in value)
        return value  # type: ignore[no-any-return]


def _packet_xmp(first: PdfReader, title: str, lang: str) -> bytes:
    """The first handout's XMP packet, with the packet's title."""
    from handouts.render.tagging import DocumentInfo, xmp

    metadata = first.metadata
    info = DocumentInfo(
        title=title,
        author=(metadata.author if metadata else None) or "",
        subject=title,
        lang=lang,
        creator=(metadata.creator if metadata else None) or "",
    )
    return xmp(info).encode("utf-8")
