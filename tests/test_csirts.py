"""The EU CSIRTs Network's list of member publications: one organisation per country and name, with its URLs."""

from __future__ import annotations

from policyatlas.sources import detect_parser
from policyatlas.sources.csirts import CsirtsNetworkParser
from policyatlas.sources.csirts.network import is_team, name_key, unwrap
from tests.conftest import need_shared

README = """# CSIRTs Network - Security Guidance
## Vulnerability Handling
### Vulnerability Disclosure Policies
| Country | Organisation | Language | CNA | Policy/Reporting |
| :-----: | :----------: | :------: | :------: | :------ |
| AA | Bad Code Team | EN | No | [Policy](https://example.org/policy) |
| LT | CERT-LT | EN | Yes | [Policy](https://www.google.com/url?sa=t&url=https://cert.example.lt/cvd&ved=x) |

## CNW Member Warnings and Advisories
| Country | Organisation | Language | Material |
| :-----: | :----------: | :------: | :------ |
| LT | CERT LT | LT | [Rekomendacijos](https://cert.example.lt/rek) |
| HU | NCSC-HU | HU | [Alerts](https://nki.example.hu/alerts) |
| DE | BSI | DE | [Warnungen](https://bsi.example.de/warn) |
| EUI | CERT-EU | EN | [Advisories](https://cert.europa.eu/adv) |

## CNW Member Repositories
| Country | Organisation | Language | Material |
| :-----: | :----------: | :------: | :------ |
| LU | Govert.LU | EN | [Govcert.lu Github](https://github.com/GOVCERT-LU) |

### DDoS protection
| Country | Organisation | Language | Material |
| :-----: | :----------: | :------: | :------ |
| HU | NCSC-HU & SeConSys | HU | [Védekezés [PDF]](https://nki.example.hu/dos.pdf) |
| DE | BSI | DE | [DDoS](https://bsi.example.de/ddos) |
"""


def test_csirts_network_members_become_organisations_with_their_urls() -> None:
    data = README.encode()
    assert detect_parser(data, "README.md").kind == "csirts-network"
    parsed = CsirtsNetworkParser().parse(data, "README.md")
    by_name = {r.title: r for r in parsed.records}
    assert set(by_name) == {"CERT-LT", "NCSC-HU", "BSI", "Govcert.lu"}
    lithuania = by_name["CERT-LT"]  # "CERT LT" and "CERT-LT" are one team; a tie keeps the first spelling seen
    assert lithuania.kind == "cert" and lithuania.country == "LT" and lithuania.aliases == ("CERT LT",)
    assert [link.url for link in lithuania.links] == ["https://cert.example.lt/rek", "https://cert.example.lt/cvd"]
    assert lithuania.attributes["cna"] is True and lithuania.attributes["csirts_network"] == "member"
    assert lithuania.line_start == 12  # its entry in the member list
    bsi = by_name["BSI"]
    assert bsi.kind == "agency" and bsi.attributes["guidance_publications"] == 1
    assert by_name["NCSC-HU"].attributes["guidance_publications"] == 1
    assert any("'SeConSys'" in w for w in parsed.warnings)
    assert any("'Govert.LU' read as 'Govcert.lu'" in w for w in parsed.warnings)
    assert any("CERT-EU" in w for w in parsed.warnings) and any("'AA'" in w for w in parsed.warnings)


def test_csirts_helpers() -> None:
    assert name_key("CERT LT") == name_key("CERT-LT") == "certlt"
    assert is_team("CERT.at") and is_team("GR-CSIRT") and is_team("CIRCL") and not is_team("ANSSI")
    assert unwrap("https://www.google.com/url?sa=t&url=https://a.example/b&ved=1") == "https://a.example/b"
    assert unwrap("https://a.example/url?url=https://b.example") == "https://a.example/url?url=https://b.example"


def test_csirts_detection_needs_the_network_and_its_tables() -> None:
    parser = CsirtsNetworkParser()
    assert not parser.detect(b"| Country | Organisation |\n| --- | --- |\n| MX | CERT-MX |\n", "x.md")
    assert not parser.detect(b"# CSIRTs Network\nThe network met in Brussels.\n", "x.md")


def test_csirts_network_corpus_covers_25_states() -> None:
    path = need_shared("corpus/csirts/enisa-csirts-network/README.md")
    parsed = CsirtsNetworkParser().parse(path.read_bytes(), str(path))
    countries = {r.country for r in parsed.records}
    assert len(countries) == 25 and not {"CY", "DK"} & countries
    assert all(r.links for r in parsed.records if r.attributes["csirts_network"] == "member")
