"""Parsers, one per real document format, and the registry that picks one for a file."""

from __future__ import annotations

from importlib.metadata import entry_points

from policyatlas.errors import UnknownFormatError
from policyatlas.sources.base import Parser, decode_text

_PARSERS: dict[str, Parser] = {}
_loaded = False


def register(parser: Parser) -> Parser:
    """Add a parser to the registry (later registrations of the same kind replace earlier ones)."""
    _PARSERS[parser.kind] = parser
    return parser


def _load() -> None:
    global _loaded
    if _loaded:
        return
    from policyatlas.sources.ai_index import AiIndexTableParser
    from policyatlas.sources.csirts import CsirtsNetworkParser
    from policyatlas.sources.data_protection import BarometerParser, SupervisoryAuthorityParser
    from policyatlas.sources.dataset import AtlasDatasetParser
    from policyatlas.sources.incidents import CfrTrackerParser, VcdbExportParser, VerisParser
    from policyatlas.sources.indices import IndexTableParser, MembershipTableParser
    from policyatlas.sources.itu import ItuProfileParser
    from policyatlas.sources.memberships import MemberStatementParser, ParisCallSupporterParser
    from policyatlas.sources.news import NewsArticleParser, ProseDocumentParser
    from policyatlas.sources.profiles import CountryProfileParser
    from policyatlas.sources.strategies import StrategyDocumentParser, StrategyPanelParser

    # Detection order: the most specific formats first, the most generic last.
    register(AtlasDatasetParser())
    register(CountryProfileParser())
    register(ItuProfileParser())
    register(VerisParser())
    register(VcdbExportParser())
    register(CfrTrackerParser())
    register(ParisCallSupporterParser())
    register(SupervisoryAuthorityParser())
    register(BarometerParser())
    register(AiIndexTableParser())
    register(CsirtsNetworkParser())
    register(StrategyPanelParser())
    register(MembershipTableParser())
    register(MemberStatementParser())  # prose: after the tables, before news and strategies
    register(IndexTableParser())
    for entry in entry_points(group="policyatlas.sources"):  # plug-ins come before the generic formats
        register(entry.load()())
    register(NewsArticleParser())
    register(StrategyDocumentParser())  # long prose about a strategy
    register(ProseDocumentParser())  # the most generic: any other prose
    _loaded = True


def parsers() -> list[Parser]:
    """Every registered parser, in detection order."""
    _load()
    return list(_PARSERS.values())


def get_parser(kind: str) -> Parser:
    """The parser for a format name, as ``--format`` takes it."""
    _load()
    try:
        return _PARSERS[kind]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format {kind!r} (known: {', '.join(sorted(_PARSERS))})"
        ) from None


def detect_parser(data: bytes, origin: str) -> Parser:
    """The first parser that recognises the content.

    Raises:
        InputError: the bytes are not readable text (empty, binary, wrong encoding).
        UnknownFormatError: readable text, but no parser recognises it.
    """
    from policyatlas.sources.incidents.schema_files import veris_schema_file
    from policyatlas.sources.incidents.veris import SCHEMA_ENV

    known = veris_schema_file(data)
    if known is not None:
        raise UnknownFormatError(f"{known}: it describes incidents and holds none, so there is nothing to ingest "
                                 f"(point {SCHEMA_ENV} at its folder to check VERIS files against it)", path=origin)
    for parser in parsers():
        if parser.detect(data, origin):
            return parser
    decode_text(data, origin)  # raises the precise reason when the bytes are not text
    raise UnknownFormatError(
        f"not a recognised document format (tried: {', '.join(p.kind for p in parsers())}); "
        "use --format to name one",
        path=origin,
    )
