"""Words of news articles on cyber and AI policy (English and Spanish) that the news parser reads by."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyatlas.text.titles import fold

UPPER = "A-ZÁÉÍÓÚÑÜÀÈÌÒÙÂÊÎÔÛÇ"
LOWER = "a-záéíóúñüàèìòùâêîôûçäëïöß"
#: One capitalised word of a proper name ("Lagunes", "CyberLat", "O'Neill") or an initial ("J.").
NAME_WORD = rf"(?:[{UPPER}][{LOWER}]+(?:[{UPPER}][{LOWER}]+)*(?:[-'’][{UPPER}{LOWER}][{LOWER}]+)*|[{UPPER}]\.)"
_PARTICLE = r"(?:de(?:\s+la|\s+las|\s+los)?|del|van|von|da|dos|di)"
#: A person's name as written: capitalised words, with "de", "del", "van"… between them.
NAME = rf"{NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{NAME_WORD}){{0,5}}"
NAME_RE = re.compile(rf"(?<![\w{UPPER}{LOWER}]){NAME}(?![\w])")


def _alternation(words: str) -> str:
    """A regex alternation of phrases (longest first, spaces matching any white space)."""
    items = sorted({w.strip() for w in words.split("|") if w.strip()}, key=len, reverse=True)
    return "|".join(re.escape(item).replace(r"\ ", r"\s+") for item in items)


def _inflect(stems: str) -> str:
    """English verbs in their -s, -ed and bare forms: ``explain`` → explain|explains|explained."""
    forms: list[str] = []
    for stem in stems.split():
        base = stem.replace("_", " ")
        first, _, rest = base.partition(" ")
        tail = f" {rest}" if rest else ""
        if first.endswith("e"):
            forms += [base, f"{first}s{tail}", f"{first}d{tail}"]
        elif first.endswith(("s", "sh")):
            forms += [base, f"{first}es{tail}", f"{first}ed{tail}"]
        else:
            forms += [base, f"{first}s{tail}", f"{first}ed{tail}"]
    return "|".join(forms)


_SPEECH_EN = (
    _inflect("explain state note add comment suggest share argue point_out stress emphasize emphasise highlight "
             "warn affirm consider indicate mention define believe recall assert maintain acknowledge express "
             "declare announce remark observe urge recommend insist underline underscore conclude claim admit "
             "reiterate assure agree clarify stress specify describe question call_for defend")
    + "|say|says|said|tell|tells|told|think|thinks|thought|clarifies|clarified|specifies|specified"
    + "|spoke|speaks|proposes that|proposed that|propose that"
)
_SPEECH_ES = (
    "dijo|dice|señaló|señala|afirmó|afirma|explicó|explica|indicó|indica|comentó|comenta|sostuvo|sostiene|"
    "destacó|destaca|subrayó|subraya|advirtió|advierte|aseguró|asegura|consideró|considera|apuntó|apunta|"
    "mencionó|menciona|añadió|añade|agregó|agrega|expresó|expresa|manifestó|manifiesta|puntualizó|puntualiza|"
    "precisó|precisa|enfatizó|enfatiza|resaltó|resalta|planteó|plantea|sugirió|sugiere|recordó|recuerda|"
    "reconoció|reconoce|declaró|declara|anunció|anuncia|insistió|insiste|detalló|detalla|compartió|comparte|"
    "definió|define|opinó|opina|estimó|estima|acotó|aclaró|aclara|argumentó|argumenta|refirió|expuso|expone|"
    "propuso que|propone que|urgió|pidió|pide|reiteró|reitera|defendió|defiende|concluyó|concluye|alertó|"
    "alerta|lamentó|celebró|calificó|cuestionó|informó|informa|externó|aseveró|asevera|refrendó"
)
_SPEECH_PT = (
    "disse|diz|afirmou|afirma|declarou|declara|explicou|explica|destacou|destaca|ressaltou|ressalta|"
    "avaliou|avalia|defendeu|defende|alertou|alerta|argumentou|argumenta|comentou|comenta|lembrou|lembra|"
    "observou|observa|acrescentou|acrescenta|garantiu|garante|criticou|critica|reconheceu|reconhece|"
    "informou|informa|apontou|aponta|sustentou|sustenta|concluiu|conclui"
)
#: A verb of reported speech ("said", "explained", "señaló", "afirmó").
SPEECH = rf"(?:{_alternation(_SPEECH_EN + '|' + _SPEECH_ES + '|' + _SPEECH_PT)})"
SPEECH_RE = re.compile(rf"\b(?:{SPEECH})\b", re.IGNORECASE)
#: Adverbs that may stand between a speaker and the verb ("Ernesto also suggests").
ADVERBS = r"(?:also|further|then|later|too|additionally|again|therefore|además|también|asimismo|luego|finalmente|finally)"


@dataclass(frozen=True)
class Honorific:
    """A title written before a name: its canonical form and what it says of the person."""

    canonical: str
    role: bool  # whether the title is also a role (Senator, Minister) rather than a courtesy (Dr., Mr.)
    chamber: str | None = None  # "senate" / "deputies" for legislators


_HONORIFIC_TABLE: tuple[tuple[str, Honorific], ...] = (
    ("senator sen senador senadora", Honorific("Senator", True, "senate")),
    ("deputy dip diputado diputada deputado deputada", Honorific("Deputy", True, "deputies")),
    ("congressman congresswoman congresista representative rep", Honorific("Representative", True)),
    ("legislator lawmaker legislador legisladora", Honorific("Legislator", True)),
    ("minister ministro ministra ministro-chefe", Honorific("Minister", True)),
    ("president presidente presidenta", Honorific("President", True)),
    ("commissioner comisionado comisionada", Honorific("Commissioner", True)),
    ("governor gobernador gobernadora", Honorific("Governor", True)),
    ("ambassador embajador embajadora", Honorific("Ambassador", True)),
    ("judge juez jueza magistrado magistrada", Honorific("Judge", True)),
    ("secretary", Honorific("Secretary", True)),
    ("general", Honorific("General", True)),
    ("dr dra doctor doctora", Honorific("Dr.", False)),
    ("prof professor profesor profesora", Honorific("Prof.", False)),
    ("lic licenciado licenciada", Honorific("Lic.", False)),
    ("mtro maestro", Honorific("Mtro.", False)),
    ("mtra maestra", Honorific("Mtra.", False)),
    ("ing ingeniero ingeniera", Honorific("Ing.", False)),
    ("mr", Honorific("Mr.", False)),
    ("mrs", Honorific("Mrs.", False)),
    ("ms miss", Honorific("Ms.", False)),
    ("sr señor", Honorific("Sr.", False)),
    ("sra señora", Honorific("Sra.", False)),
)
HONORIFICS: dict[str, Honorific] = {
    fold(word): hon for words, hon in _HONORIFIC_TABLE for word in words.split()
}
#: Honorific words that may be written in lower case before a name (Spanish: "la senadora Lagunes").
LOWER_HONORIFICS = frozenset(
    "senador senadora diputado diputada deputado deputada legislador legisladora ministro ministra presidente presidenta "
    "comisionado comisionada gobernador gobernadora embajador embajadora magistrado magistrada doctor doctora "
    "maestro maestra licenciado licenciada ingeniero ingeniera general".split()
)
#: The chambers a legislator's title implies, by language.
CHAMBERS: dict[str, dict[str, str]] = {
    "senate": {"en": "Senate", "es": "Senado", "pt": "Senado"},
    "deputies": {"en": "Chamber of Deputies", "es": "Cámara de Diputados", "pt": "Câmara dos Deputados"},
}

#: Words that start a role in an apposition ("Founder of …", "presidenta de …"); matched case-insensitively.
ROLE_WORDS = _alternation(
    "president|vice president|vice-president|vicepresident|executive president|director|executive director|"
    "general director|director general|managing director|deputy director|secretary|secretary general|"
    "technical secretary|undersecretary|under-secretary|founder|co-founder|cofounder|founding partner|member|"
    "board member|chair|chairman|chairwoman|chairperson|co-chair|vice chair|head|chief|chief executive officer|"
    "ceo|cto|cio|ciso|coo|cfo|coordinator|general coordinator|commissioner|minister|deputy minister|senator|"
    "deputy|representative|congressman|congresswoman|legislator|lawmaker|professor|associate professor|"
    "researcher|doctor|partner|manager|general manager|advisor|adviser|consultant|expert|specialist|analyst|"
    "lawyer|attorney|judge|ambassador|governor|mayor|spokesperson|spokesman|spokeswoman|officer|fellow|"
    "lecturer|academic|leader|owner|editor|journalist|counsel|treasurer|moderator|rector|dean|commander|"
    "rapporteur|author|sponsor|relator|relatora|ponente|autor|autora|promovente|"
    "presidente|presidenta|vicepresidente|vicepresidenta|director general|directora|directora general|"
    "directora ejecutiva|director ejecutivo|secretario|secretaria|secretario técnico|secretaria técnica|"
    "secretario general|secretaria general|subsecretario|subsecretaria|fundador|fundadora|cofundador|cofundadora|"
    "miembro|integrante|coordinador|coordinadora|coordinador general|coordinadora general|comisionado|comisionada|"
    "comisionada presidenta|comisionado presidente|ministro|ministra|senador|senadora|diputado|diputada|"
    "legislador|legisladora|profesor|profesora|investigador|investigadora|doctora|socio|socia|gerente|"
    "asesor|asesora|consultor|consultora|experto|experta|especialista|analista|abogado|abogada|juez|jueza|"
    "magistrado|magistrada|embajador|embajadora|gobernador|gobernadora|alcalde|alcaldesa|vocero|vocera|titular|"
    "jefe|jefa|encargado|encargada|académico|académica|líder|consejero|consejera|consejero presidente|"
    "consejera presidenta|rectora|decano|decana|catedrático|catedrática|moderador|moderadora|comisario|comisaria|"
    "fiscal|tesorero|tesorera|representante|oficial|titular|"
    "relator|relatora|deputado|deputada|presidenta|diretor|diretora|secretário|secretária|ministro-chefe|"
    "pesquisador|pesquisadora|professora|coordenador|coordenadora|especialista|membro|fundador|fundadora|líder"
)
ROLE_RE = re.compile(rf"(?:{ROLE_WORDS})\b", re.IGNORECASE)
#: Small words that may stand before a role in an apposition ("also a member of").
ROLE_FILLERS = (r"(?:also|currently|now|former|as well as|así como|actualmente|a|an|the|el|la|un|una|is|es|who is|"
                r"quien es|and|y|e)")
ROLE_START_RE = re.compile(rf"(?:{ROLE_FILLERS}\s+)*(?:ex-?\s*)?(?:{ROLE_WORDS})\b", re.IGNORECASE)

#: Words that make a capitalised phrase an organisation's name (lower case, accents kept).
ORG_KEYWORDS = frozenset(
    "institute instituto institut association asociación academy academia alliance alianza commission comisión "
    "commissions comisiones committee committees comité council consejo senate senado chamber cámara ministry "
    "ministerio secretariat secretaría agency agencia university universidad universidade network red center "
    "centre centro foundation fundación office oficina party partido congress congreso court tribunal corte bank "
    "banco organization organisation organización union unión group grupo observatory observatorio coalition "
    "coalición federation federación board junta authority autoridad guard guardia army ejército police policía "
    "department departamento directorate dirección unit unidad laboratory laboratorio bureau corporation "
    "corporación company compañía inc ltd assembly asamblea parliament parlamento cabinet gabinete government "
    "gobierno school escuela college colegio faculty facultad society sociedad consortium consorcio service "
    "servicio administration administración procuraduría fiscalía defensoría superintendencia cert csirt "
    "association asociaciones navy marina instituto associação autoridade agência ministério secretaria "
    "comissão gabinete conselho fundação universidade rede partido câmara tribunal".split()
)
#: Political parties written by their short names (folded).
PARTIES = frozenset(
    "pan pri prd pvem pt mc morena pes psoe pp vox sumar podemos erc pnv cs ciudadanos fa udi rn ps ppd pc "
    "pl pv uribista ps pln pusc mas ucr pro libre psd mdb psdb psol pdt psb pcdob rede novo republicanos avante "
    "cidadania solidariedade podemos".split()
)
#: Acronyms that are not organisations.
NOT_ORG_ACRONYMS = frozenset(
    "AI IA IT TI ICT TIC TICS TV US UK USA MX CEO CTO CIO CISO COO CFO PDF URL OK COVID IOT IOT5 GDP PIB "
    "PHD DR NO II III IV VI VII VIII IX XI XII XX XXI AM PM GMT UTC HTML FAQ SMS QR ID DNA ADN LGBT LGBTQ "
    "I A Y O".split()
)
#: Capitalised words that never belong to a person's name.
NAME_STOP = frozenset(fold(w) for w in (
    "the this that these those for from regarding additionally also in on at by with as since therefore however "
    "moreover furthermore but and or if when while after before during yesterday today tomorrow it its we they "
    "he she his her our their you i according carrying el la los las un una por para con en del al según sin "
    "sobre tras durante asimismo además también finalmente mientras cuando este esta estos estas ese esa su sus "
    "nosotros ellos ella él y o que quien who what which where how why hoy ayer mañana de to of a an there here "
    "ai ia internet artificial intelligence inteligencia cybersecurity ciberseguridad digital federal national "
    "nacional general law ley act bill code código república republic city ciudad mexico méxico mexican "
    "mexicano mexicana education international technology technological emerging health legislation "
    "social investment environmental economic regulation monday tuesday wednesday thursday friday saturday sunday "
    "lunes martes miércoles jueves viernes sábado domingo january february march april may june july august "
    "september october november december enero febrero marzo abril mayo junio julio agosto septiembre octubre "
    "noviembre diciembre palacio legislativo pleno plenary top bottom page news noticias "
    "o os as do da dos das no na nos nas em um uma ao aos pelo pela nesta neste segundo agora também "
    "janeiro fevereiro março maio junho julho setembro outubro novembro dezembro "
    "segunda terça quarta quinta sexta sábado segunda-feira terça-feira quarta-feira quinta-feira sexta-feira "
    "projeto lei senado câmara governo brasil brasileira brasileiro"
).split()) | frozenset(ORG_KEYWORDS)

#: Nouns naming a reported event.
EVENT_WORDS = re.compile(
    r"\b(?:forum|foro|panel|conference|conferencia|session|sesión|meeting|reunión|met|nos reunimos|se reunieron|"
    r"conversatorio|seminar|seminario|webinar|summit|cumbre|debate|parlamento abierto|open parliament|hearing|"
    r"audiencia|plenary|pleno|workshop|taller|dialogue|diálogo|roundtable|mesa de trabajo|mesa redonda|encuentro|"
    r"jornada|event|evento|symposium|simposio)\b",
    re.IGNORECASE,
)

#: Names of days and months (folded), which end a name: "National Cybersecurity Act on Wednesday".
CALENDAR_WORDS = frozenset(fold(w) for w in (
    "monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves viernes sábado domingo "
    "january february march april may june july august september october november december enero febrero marzo "
    "abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre"
).split())
