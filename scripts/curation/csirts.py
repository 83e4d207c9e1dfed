"""National CSIRTs of the EU: the members of the CSIRTs Network, from ENISA's list of their publications."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from curation.common import Dataset, Flow, links
from policyatlas.sources.csirts import CsirtsNetworkParser

README = "csirts/enisa-csirts-network/README.md"
AS_OF = "2026-02-12"  # when the README last changed in enisaeu/CNW (its SOURCES.md)
SOURCE = {"id": "enisa-csirts-network", "title": "CSIRTs Network: Security Guidance (the members' warnings, "
          "repositories and disclosure policies)", "url": "https://github.com/enisaeu/CNW",
          "publisher": "European Union Agency for Cybersecurity (ENISA), CSIRTs Network secretariat", "as_of": AS_OF}


def csirts_dataset(corpus: Path) -> Dataset:
    """A ``cert`` (or ``agency``) record per organisation of an EU state in the CSIRTs Network's list."""
    path = corpus / README
    parsed = CsirtsNetworkParser().parse(path.read_bytes(), str(path))
    records: list[dict[str, Any]] = []
    for record in parsed.records:
        entry: dict[str, Any] = {"kind": record.kind, "country": record.country, "section": "Structure",
                                 "subsection": record.subsection, "title": record.title}
        if record.acronym:
            entry["acronym"] = record.acronym
        if record.aliases:
            entry["aliases"] = list(record.aliases)
        entry["status"] = "exists"
        if record.links:
            entry["links"] = links(record.links)
        entry["source"] = SOURCE["id"]
        attributes = record.attributes
        entry["attributes"] = Flow(network=attributes["network"], csirts_network=attributes["csirts_network"],
                                   cna=attributes["cna"], guidance_publications=attributes["guidance_publications"])
        records.append(entry)
    records.sort(key=lambda r: (r["country"], r["title"].casefold()))
    members = {r["country"] for r in records if r["attributes"]["csirts_network"] == "member"}
    header = [
        f"Organisations of {len({r['country'] for r in records})} EU states in ENISA's list of the CSIRTs Network "
        f"members' publications, read with PolicyAtlas's csirts-network parser from the shared corpus: {README} "
        "(enisaeu/CNW; no licence file, ENISA content cited; provenance in csirts/SOURCES.md).",
        f"One record per organisation and country: response teams (CERT, CSIRT, NCSC…) as cert, other bodies (BSI, "
        f"ANSSI…) as agency; csirts_network 'member' for the {len(members)} states whose teams appear in the member "
        "sections (warnings and advisories, repositories), with their advisory feeds, repositories and disclosure "
        "policies as links; cna says whether the team is a CVE Numbering Authority where the list says.",
        "This is not a list of every national CSIRT: the network's member directory is not published as data, and "
        "states the README does not name (Cyprus, Denmark) are not shown as lacking one.",
        *parsed.warnings,
    ]
    return Dataset("csirts-network.yaml", header, "EU CSIRTs Network: member teams and their publications "
                   "(PolicyAtlas curated dataset)", AS_OF, [dict(SOURCE)], records, "csirts-network")
