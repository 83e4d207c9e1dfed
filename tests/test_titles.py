"""Bilingual titles, acronyms, language guesses and actor lists."""

from __future__ import annotations

import pytest

from policyatlas.model.country import is_country_name
from policyatlas.text.titles import fold, guess_language, parse_actor_list, split_title


@pytest.mark.parametrize(
    ("raw", "title", "title_en", "acronym", "aliases", "role"),
    [
        ("Estrategia Digital Nacional 2021-2024 (National Digital Strategy)",
         "Estrategia Digital Nacional 2021-2024", "National Digital Strategy", None, (), None),
        ("**Coordinación de Estrategia Digital Nacional (Coordination of National Digital Strategy) (CEDN)**",
         "Coordinación de Estrategia Digital Nacional", "Coordination of National Digital Strategy", "CEDN", (), None),
        ("**CERT-MX (Centro Nacional de Respuesta a Incidentes Cibernéticos)**",
         "CERT-MX", None, "CERT-MX", ("Centro Nacional de Respuesta a Incidentes Cibernéticos",), None),
        ("Inter-secretarial Commission for the Development of Electronic Government (CIDGE)",
         "Inter-secretarial Commission for the Development of Electronic Government", None, "CIDGE", (), None),
        ("Código Penal Federal (Federal Penal Code)", "Código Penal Federal", "Federal Penal Code", None, (), None),
        ("OAS Cyber Security Initiative (co-sponsor)", "OAS Cyber Security Initiative", None, None, (), "co-sponsor"),
        ("Global Forum on Cyber Expertise, Member", "Global Forum on Cyber Expertise", None, None, (), "member"),
        ("Hemispheric Forum on International Cooperation Against Cybercrime (participant)",
         "Hemispheric Forum on International Cooperation Against Cybercrime", None, None, (), "participant"),
        ("Workshop on Resilience (Phase 2)", "Workshop on Resilience (Phase 2)", None, None, (), None),
        ("Loi relative à la cybersécurité (Law on Cybersecurity)",
         "Loi relative à la cybersécurité", "Law on Cybersecurity", None, (), None),
    ],
)
def test_split_title_parts(raw: str, title: str, title_en: str | None, acronym: str | None,
                           aliases: tuple[str, ...], role: str | None) -> None:
    result = split_title(raw)
    assert (result.title, result.title_en, result.acronym, result.aliases, result.country_role) == (
        title, title_en, acronym, aliases, role)


@pytest.mark.parametrize(("text", "language"), [
    ("Ley de Seguridad Nacional", "es"),
    ("Law on National Security", "en"),
    ("Stratégie nationale de cybersécurité", "fr"),
    ("Estratégia Nacional de Segurança Cibernética", "pt"),
    ("ITU", None),
])
def test_guess_language(text: str, language: str | None) -> None:
    assert guess_language(text) == language


def test_fold_ignores_case_accents_and_punctuation() -> None:
    assert fold("Protección  de Datos, Personales") == fold("PROTECCION de datos personales")


@pytest.mark.parametrize(("line", "expected"), [
    ("Government of Mexico", [("Government of Mexico", "issuer")]),
    ("Chief of the General Staff of the Navy; Secretary of the Navy",
     [("Chief of the General Staff of the Navy", "issuer"), ("Secretary of the Navy", "issuer")]),
    ("Ministry of Security and Citizen Protection, Attorney General's Office",
     [("Ministry of Security and Citizen Protection", "issuer"), ("Attorney General's Office", "issuer")]),
    ("Presented by Chile, Perú, Guatemala and Mexico",
     [("Chile", "presenter"), ("Perú", "presenter"), ("Guatemala", "presenter"), ("Mexico", "presenter")]),
    ("Exchange knowledge about cybersecurity regulation and policy", None),
    ("Aims to promote the use of ICTs.", None),
    ("Identifies 5 strategic objectives:", None),
])
def test_parse_actor_list(line: str, expected: list[tuple[str, str]] | None) -> None:
    assert parse_actor_list(line, default_role="issuer", is_country=is_country_name) == expected
