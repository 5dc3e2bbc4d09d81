"""The PDF's logical structure (PDF/UA-1): open-source ReportLab writes none, so we do.

How it works, in three steps:

1. Layout builds the tree. `lay_out` makes a `StructElement` for every heading, paragraph,
   list, table cell and figure as it makes the flowables, and gives each flowable that prints
   something the element it belongs to (`Tagged.tag`). The story is in reading order, so the
   tree is too, whatever the page layout (two columns, table cells) draws first.
2. Drawing marks the content. Every page starts as an artifact (`/Artifact BMC`). A tagged
   flowable closes the artifact, opens `/P <</MCID n>> BDC`, draws, closes, and reopens the
   artifact. So anything not tagged on purpose (footer, rules, box fills, the ruled write-in
   box) is an artifact by construction, and nothing is ever untagged. A paragraph split over
   two pages is two flowables with the same element: one element, two marked sequences. A
   flowable drawn a second time (a table's header row repeated on a new page) is an artifact.
   Links and form fields made while an element is open become object references (OBJR) of a
   Link (or of the Form element itself) with a /StructParent.
3. Saving writes the tree: StructTreeRoot with the elements, a ParentTree (MCIDs per page and
   one entry per annotation), /MarkInfo, XMP metadata with dc:title and pdfuaid:part 1, and
   /StructParents and /Tabs /S on every page.

Nothing in ReportLab is replaced: the handout canvas tells the tagger when a list item's bullet
or number has been drawn (`label_drawn`), so it is the Lbl and the rest the LBody; and our font
class drops the ToUnicode entries that map unused codes to U+0000, which PDF/UA forbids
(render/document.py and render/fonts.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfdoc

from handouts.content.markup import escape

ARTIFACT = None
"""The stack entry for artifact content (headers, footers, decoration)."""


@dataclass(eq=False)
class MarkedContent:
    page: int
    mcid: int


@dataclass(eq=False)
class AnnotationRef:
    page: int
    name: str


@dataclass(eq=False)
class StructElement:
    """One node of the structure tree: a role (P, H1, LI, TD …) and its children in order."""

    role: str
    parent: StructElement | None = None
    alt: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    """Standard attributes, e.g. {"O": "Table", "Scope": "Column"}."""
    text: str = ""
    """Plain text, used as the description of a link made inside this element."""
    kids: list[StructElement | MarkedContent | AnnotationRef] = field(default_factory=list)

    def add(self, role: str, **kwargs: Any) -> StructElement:
        child = StructElement(role, self, **kwargs)
        self.kids.append(child)
        return child

    def has_content(self) -> bool:
        return any(not isinstance(kid, StructElement) or kid.has_content() for kid in self.kids)


class Tagged:
    """Mixin for flowables that print real content: marks what they draw as their element.

    `label` is a list item's Lbl: the bullet or number is marked as it, the rest as `tag`.
    `marks_content` is False for form fields, which draw no page content, only an annotation.
    """

    tag: StructElement | None = None
    label: StructElement | None = None
    marks_content = True
    _drawn = False

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        tagger: Tagger | None = getattr(canvas, "tagger", None)
        if tagger is None or self.tag is None:
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]
            return
        element = ARTIFACT if self._drawn else self.tag
        self._drawn = True
        with tagger.tagged(canvas, element, label=self.label, marks=self.marks_content):
            super().drawOn(canvas, x, y, _sW)  # type: ignore[misc]


@dataclass(frozen=True)
class DocumentInfo:
    """What the XMP metadata says: the same as the Info dictionary."""

    title: str
    author: str
    subject: str
    lang: str
    creator: str


class Tagger:
    """The drawing side: marked content, MCIDs and annotations, per page, as they happen."""

    def __init__(self, root: StructElement):
        self.root = root
        self.page = -1
        self.page_keys: list[int] = []
        self.by_mcid: list[list[StructElement]] = []
        self.annotations: list[tuple[int, str, StructElement, int]] = []
        self.next_key = 0
        self._stack: list[StructElement | None] = []
        self._after_label: StructElement | None = None
        self._owner: StructElement | None = None
        self.field_names: set[str] = set()

    def field_name(self, wanted: str) -> str:
        """A form field name no other field of this PDF has ("write_in_notes_2"): fields that
        share a name are one field, so writing in one box would fill the other."""
        name, number = wanted, 1
        while name in self.field_names:
            number += 1
            name = f"{wanted}_{number}"
        self.field_names.add(name)
        return name

    # -- pages ------------------------------------------------------------------------------

    def begin_page(self, canvas: Any) -> None:
        self.page += 1
        self.page_keys.append(self._key())
        self.by_mcid.append([])
        self._stack = [ARTIFACT]
        self._open(canvas, ARTIFACT)

    def end_page(self, canvas: Any) -> None:
        if self._stack:
            canvas.addLiteral("EMC")
        self._stack = []

    # -- content ----------------------------------------------------------------------------

    @contextmanager
    def tagged(
        self,
        canvas: Any,
        element: StructElement | None,
        *,
        label: StructElement | None = None,
        marks: bool = True,
    ) -> Iterator[None]:
        if not self._stack:  # drawing outside a page (never in a handout): leave it alone
            yield
            return
        if not marks:
            owner, self._owner = self._owner, element
            try:
                yield
            finally:
                self._owner = owner
            return
        canvas.addLiteral("EMC")
        first = label if (label is not None and element is not ARTIFACT) else element
        self._stack.append(first)
        self._after_label = element if first is label else None
        self._open(canvas, first)
        try:
            yield
        finally:
            self._after_label = None
            canvas.addLiteral("EMC")
            self._stack.pop()
            self._open(canvas, self._stack[-1])

    def label_drawn(self, canvas: Any) -> None:
        """The bullet or number has been drawn: what follows is the item's body. (Called after
        every text object the canvas draws; only the first after a label opens does anything.)"""
        body, self._after_label = self._after_label, None
        if body is None or not self._stack:
            return
        canvas.addLiteral("EMC")
        self._stack[-1] = body
        self._open(canvas, body)

    def annotation(self, annotation: Any, name: str) -> None:
        """Tie a link or form field to the structure: Link element, or the open Form."""
        element = self._owner or (self._stack[-1] if self._stack else None)
        if element is None or annotation.__class__ is not pdfdoc.PDFDictionary:
            return  # an annotation outside tagged content: the checker will say so
        if element.role != "Form":
            uri = _annotation_uri(annotation)
            text = element.text if 0 < len(element.text) <= 80 else uri
            element = element.add("Link", text=text)
            if "Contents" not in annotation.dict:
                annotation["Contents"] = pdfdoc.PDFString(text or uri)
        key = self._key()
        annotation["StructParent"] = key
        element.kids.append(AnnotationRef(self.page, name))
        self.annotations.append((self.page, name, element, key))

    def _key(self) -> int:
        key, self.next_key = self.next_key, self.next_key + 1
        return key

    def _open(self, canvas: Any, element: StructElement | None) -> None:
        if element is None:
            canvas.addLiteral("/Artifact BMC")
            return
        mcid = len(self.by_mcid[self.page])
        self.by_mcid[self.page].append(element)
        element.kids.append(MarkedContent(self.page, mcid))
        canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")

    # -- the tree, written once the pages exist ---------------------------------------------

    def write(self, canvas: Any, info: DocumentInfo) -> None:
        doc = canvas._doc
        pages = doc.Pages.pages
        page_refs = [doc.Reference(page) for page in pages]
        refs: dict[int, Any] = {}
        counter = [0]

        def reference(element: StructElement) -> Any:
            if id(element) not in refs:
                counter[0] += 1
                refs[id(element)] = pdfdoc.PDFObjectReference(f"StructElem{counter[0]}")
            return refs[id(element)]

        root_dict = pdfdoc.PDFDictionary({"Type": pdfdoc.PDFName("StructTreeRoot")})
        root_ref = doc.Reference(root_dict, "StructTreeRoot")

        def emit(element: StructElement, parent: Any) -> Any:
            ref = reference(element)
            pieces: list[Any] = [b"<< /Type /StructElem /S /%s /P " % element.role.encode(), parent]
            if element.alt is not None:
                pieces += [b" /Alt ", pdfdoc.PDFString(element.alt)]
            if element.attributes:
                attributes = {
                    key: pdfdoc.PDFName(value) for key, value in element.attributes.items()
                }
                pieces += [b" /A ", pdfdoc.PDFDictionary(attributes)]
            pieces.append(b"\n/K [")
            for kid in element.kids:
                if isinstance(kid, StructElement):
                    if kid.has_content():
                        pieces += [b" ", emit(kid, ref)]
                elif isinstance(kid, MarkedContent):
                    pieces += [b" << /Type /MCR /Pg ", page_refs[kid.page]]
                    pieces.append(b" /MCID %d >>" % kid.mcid)
                else:
                    pieces += [b" << /Type /OBJR /Pg ", page_refs[kid.page], b" /Obj "]
                    pieces += [doc.refAnnotation(kid.name), b" >>"]
            pieces.append(b" ]\n>>")
            doc.Reference(_Pieces(pieces), ref.name)
            return ref

        document = emit(self.root, root_ref)
        nums: list[Any] = [b"["]
        for page, key in enumerate(self.page_keys):
            nums.append(b" %d [" % key)
            for element in self.by_mcid[page]:
                nums += [b" ", reference(element)]
            nums.append(b" ]")
        for _, _, element, key in self.annotations:
            nums += [b" %d " % key, reference(element)]
        nums.append(b" ]")
        root_dict["K"] = document
        root_dict["ParentTree"] = pdfdoc.PDFDictionary({"Nums": _Pieces(nums)})
        root_dict["ParentTreeNextKey"] = self.next_key

        for page, key in zip(pages, self.page_keys, strict=True):
            page.__NoDefault__ = [*pdfdoc.PDFPage.__NoDefault__, "StructParents", "Tabs"]
            page.StructParents = key
            page.Tabs = pdfdoc.PDFName("S")
        catalog = doc.Catalog
        catalog.StructTreeRoot = root_ref
        catalog.MarkInfo = pdfdoc.PDFDictionary({"Marked": "true"})
        catalog.Metadata = _PlainStream(
            pdfdoc.PDFDictionary(
                {"Type": pdfdoc.PDFName("Metadata"), "Subtype": pdfdoc.PDFName("XML")}
            ),
            xmp(info).encode("utf-8"),
        )


class _Pieces(pdfdoc.PDFObject):  # type: ignore[misc]
    """A PDF value written from ready-made bytes and a few objects (references, strings).

    The structure tree is most of a tagged handout's objects; ReportLab's generic formatter
    (a PDFName object per key, recursion per value) spent about 3 ms per handout on it.
    """

    def __init__(self, pieces: list[Any]):
        self.pieces = pieces

    def format(self, document: Any) -> bytes:
        numbers = document.idToObjectNumberAndVersion
        out = []
        for piece in self.pieces:
            if piece.__class__ is bytes:
                out.append(piece)
            elif piece.__class__ is pdfdoc.PDFObjectReference:  # most pieces: "12 0 R"
                out.append(b"%d %d R" % numbers[piece.name])
            else:
                out.append(pdfdoc.format(piece, document))
        return b"".join(out)


class _PlainStream(pdfdoc.PDFStream):  # type: ignore[misc]
    """A stream with no filter at all: metadata stays readable to any tool. (ReportLab writes
    `/Filter []` for "no filters", which some checkers then fail to read.)"""

    def format(self, document: Any) -> bytes:
        dictionary = pdfdoc.PDFDictionary(self.dictionary.dict.copy())
        content = document.encrypt.encode(self.content)
        dictionary["Length"] = len(content)
        stream: bytes = pdfdoc.format(dictionary, document) + b"\nstream\n"
        return stream + pdfdoc.format(content, document) + b"endstream\n"


def _annotation_uri(annotation: Any) -> str:
    action = annotation.dict.get("A")
    uri = action.dict.get("URI") if action is not None else None
    text = getattr(uri, "s", "") if uri is not None else ""
    return str(text).removeprefix("tel:").removeprefix("mailto:")


def xmp(info: DocumentInfo) -> str:
    """XMP packet: the Info dictionary's fields, the language, and the PDF/UA identifier."""

    def alt(value: str) -> str:
        return (
            f'<rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
            f'<rdf:li xml:lang="{escape(info.lang)}">{escape(value)}</rdf:li></rdf:Alt>'
        )

    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about=""\n'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"\n'
        ' xmlns:pdf="http://ns.adobe.com/pdf/1.3/"\n'
        ' xmlns:xmp="http://ns.adobe.com/xap/1.0/"\n'
        ' xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">\n'
        f"<dc:title>{alt(info.title)}</dc:title>\n"
        f"<dc:creator><rdf:Seq><rdf:li>{escape(info.author)}</rdf:li></rdf:Seq></dc:creator>\n"
        f"<dc:description>{alt(info.subject)}</dc:description>\n"
        f"<dc:language><rdf:Bag><rdf:li>{escape(info.lang)}</rdf:li></rdf:Bag></dc:language>\n"
        f"<xmp:CreatorTool>{escape(info.creator)}</xmp:CreatorTool>\n"
        "<pdfuaid:part>1</pdfuaid:part>\n"
        "</rdf:Description>\n"
        "</rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="r"?>'
    )
