"""Draw the organisation sample for the labelled practitioner/kind evaluation set.

Reproducible: fixed seed, sorted inputs, stdlib only.  Run from the repository root:

    python3 tests/data/organisations/sample.py            # writes sample_unlabelled.csv
    python3 tests/data/organisations/sample.py --check  # re-draw, compare

Sources (read-only, Source: CORDIS, European Commission):
  /work/shared/data/cordis-he/organization.csv.gz        Horizon Europe participants
  /work/shared/data/cordis-h2020-security/organization.csv, project.csv
  /work/shared/data/cordis-fp7-security/organization.csv, project.csv
  /work/shared/data/cordis-he/topics.csv

Three strata, one row per organisationID (CORDIS PIC-like id, shared by the three files):
  practitioner  every organisation with at least one PUB or OTH participation whose name or
                short name matches PRACTITIONER_WORDS (generous, many languages; includes
                hard negatives such as "policy", "Brandenburg", "Guarda" the town)
  tricky        organisations of any activity type matching TRICKY patterns: EU bodies,
                international organisations, funders and research ministries, police/fire
                universities and academies, forensic companies, POLIS, Universiteti Polis ...
  random        a seeded random sample of RANDOM_N of the remaining organisations (all types)

The split is assigned from the id alone (SPLIT rule below) before any labelling.
"""

from __future__ import annotations

import collections
import csv
import gzip
import hashlib
import random
import re
import sys
import unicodedata
from pathlib import Path

DATA = Path("/work/shared/data")
HERE = Path(__file__).resolve().parent
SEED = 20240529          # the CORDIS snapshot date
RANDOM_N = 430
PRACTITIONER_CAP = 600   # the pool is below this; if it ever grew, a seeded subsample is kept
MAX_PROJECTS = 5

csv.field_size_limit(10**8)


def split_of(org_id: str) -> str:
    """The split rule, fixed before labelling: by organisation, from the id alone."""
    return "build" if int(hashlib.sha1(org_id.encode()).hexdigest(), 16) % 2 == 0 else "report"


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return " " + re.sub(r"[^a-z0-9]+", " ", text).strip() + " "


# Matched on the folded name + short name (lower case, no accents, punctuation -> space).
PRACTITIONER_WORDS = re.compile(r"\b(?:" + "|".join([
    # police and gendarmeries
    r"polic\w*", r"\w*polizei\w*", r"politi\w*", r"\w*poliisi\w*", r"\w*policj\w*",
    r"policie\w*", r"polis", r"polisen", r"polismyndigheten", r"rikspolis\w*",
    r"rendor\w*", r"\w*politsei\w*", r"policij\w*", r"policajn\w*", r"policejn\w*",
    r"astynom\w*", r"garda", r"carabinier\w*", r"guardia civil", r"gendarm\w*",
    r"zandarm\w*", r"jandarm\w*", r"marechaussee", r"\w*kriminal\w*", r"law enforcement",
    r"interpol", r"europol", r"mossos", r"ertzaintza", r"guarda nacional", r"lka", r"bka",
    # border, coast guard, customs
    r"border\w*", r"grenz\w*", r"straz\w*", r"graniczn\w*", r"granicn\w*", r"granichn\w*",
    r"rajavartio\w*", r"piirivalve\w*", r"frontier\w*", r"frontiere\w*", r"frontera\w*",
    r"fronteir\w*", r"coast ?guard\w*", r"kustwacht", r"kustbevakning\w*",
    r"guardia costiera", r"guarda costeira", r"garde cotes", r"limeniko", r"customs",
    r"douane\w*", r"zoll\w*", r"tulli\w*", r"aduan\w*", r"dogan\w*", r"vama\w*", r"vam\w*",
    r"celn\w*", r"carin\w*", r"tull\w*", r"told\w*", r"muitin\w*", r"mitnic\w*",
    r"guardia di finanza",
    # fire, rescue, ambulance, emergency
    r"fire\w*", r"brandweer", r"\w*feuerwehr\w*", r"pompier\w*", r"sapeurs", r"sdis",
    r"bomber\w*", r"bombeir\w*", r"vigili del fuoco", r"incendi\w*", r"strazac\w*",
    r"pozar\w*", r"hasic\w*", r"vatrogas\w*", r"gasil\w*", r"tuzolt\w*", r"pyrosvest\w*",
    r"pelastus\w*", r"raddning\w*", r"redning\w*", r"brann\w*", r"brand\w*", r"rescue\w*",
    r"zachran\w*", r"ratown\w*", r"spasav\w*", r"salvamento", r"soccorso", r"secours",
    r"ambulan\w*", r"emergenc\w*", r"emergenz\w*", r"urgenc\w*", r"urgent\w*", r"112",
    r"red cross", r"croix rouge", r"cruz roja", r"croce rossa", r"rotes kreuz",
    r"rode kors", r"rode kruis", r"punainen risti", r"samarit\w*", r"johanniter",
    r"malteser",
    # civil protection, crisis
    r"civil protection", r"protezione civile", r"protection civile", r"proteccion civil",
    r"protecao civil", r"protectie civila", r"civil defen\w*", r"zivilschutz",
    r"bevolkerungsschutz", r"katastroph\w*", r"katasztrof\w*", r"disaster\w*", r"crisis",
    r"crise\w*", r"krise\w*", r"kriis\w*", r"krizov\w*", r"beredskap\w*", r"beredskab\w*",
    r"samfunnssikkerhet", r"samhallsskydd", r"msb", r"thw", r"veiligheidsregio\w*",
    r"situatii de urgenta", r"hzs", r"civiln\w*",
    # forensics
    r"forensi\w*", r"nfi", r"kriminaltekn\w*", r"criminalist\w*", r"kryminalist\w*",
    r"medicina legal", r"medecine legale", r"rechtsmedizin", r"legal medicine",
    r"tiesu ekspert\w*", r"ekspert\w*", r"expertiz\w*",
    # interior, justice, security, defence
    r"interior\w*", r"interieur", r"interno", r"interne", r"interna", r"innern",
    r"innen\w*", r"binnenland\w*", r"sisaministeri\w*", r"inrikes\w*", r"indenrigs\w*",
    r"vnitra", r"vnutra", r"wewnetrzn\w*", r"vidaus", r"iekslietu", r"belugy\w*",
    r"unutarnj\w*", r"notranj\w*", r"vatresh\w*", r"vnatresh\w*", r"brendshme",
    r"internal affairs", r"home affairs", r"home office", r"homeland", r"public safety",
    r"citizen protection", r"prostasias tou politi", r"security", r"securit\w*",
    r"sicherheit\w*", r"seguridad", r"sicurezza", r"seguranca", r"bezpiecz\w*",
    r"bezpecn\w*", r"bezbed\w*", r"sigurn\w*", r"turvallisuu\w*", r"veiligheid\w*",
    r"sakerhet", r"asfal\w*", r"defen[cs]e", r"defensa", r"defesa", r"difesa", r"defense",
    r"verteidigung", r"obrony", r"puolustus\w*", r"forsvar\w*", r"armed forces", r"army",
    r"navy", r"military", r"militar\w*", r"bundeswehr", r"armee\w*", r"guard\w*",
    r"prison\w*", r"penitenc\w*", r"penitenti\w*", r"kriminalvard\w*", r"justice",
    r"justi[tz]\w*", r"giustizia", r"prosecut\w*", r"procura\w*", r"fiscalia",
    r"prokurat\w*", r"parquet", r"staatsanwalt\w*", r"intelligence", r"safety",
]) + r")\b")

# Tricky cases for any activity type: (tag, pattern on the folded name + short name).
TRICKY = [
    ("eu_body", r"\b(?:joint research cent\w*|jrc|europol|eurojust|frontex|european border and "
                r"coast guard|eu lisa|large scale it systems|european union agency|european "
                r"agency|cepol|enisa|european defence agency|satellite centre|satcen|european "
                r"(?:food safety|environment|medicines|chemicals|maritime safety|aviation "
                r"safety|railway|banking|securities|insurance|labour) (?:authority|agency)|"
                r"european centre for disease|ecdc|european investment (?:bank|fund)|european "
                r"central bank|european commission|european parliament|european research "
                r"council executive|research executive agency|european health and digital|"
                r"european climate infrastructure|european innovation council|eismea|hadea|"
                r"cinea|european institute of innovation and technology|eurofound|european "
                r"training foundation|european centre for the development of vocational|"
                r"european monitoring centre|fusion for energy|european union agency for "
                r"asylum|european asylum support|euaa|easo|european ombudsman|court of "
                r"justice of the european|european court of auditors|european space agency|"
                r"agence spatiale europeenne)\b"),
    ("international_org", r"\b(?:united nations|nations unies|unesco|unicef|undp|unep|unhcr|"
                          r"unicri|unodc|unitar|unops|unido|unfpa|un habitat|unisdr|undrr|"
                          r"world health organi[sz]ation|world meteorological|world food "
                          r"programme|world bank|food and agriculture organi[sz]ation|nato|"
                          r"north atlantic treaty|osce|organi[sz]ation for security and co "
                          r"operation|international organi[sz]ation for migration|icmpd|"
                          r"interpol|international criminal police|world customs|customs co "
                          r"operation council|international atomic energy|organisation for "
                          r"economic co operation|oecd|council of europe|international "
                          r"committee of the red cross|federation internationale des "
                          r"societes de la croix rouge|international federation of red "
                          r"cross|eurocontrol|ecmwf|eumetsat|european molecular biology "
                          r"laboratory|cern|european organi[sz]ation for nuclear research|"
                          r"european southern observatory|international labour|international "
                          r"telecommunication union|hybrid coe|countering hybrid threats|"
                          r"international maritime organi[sz]ation|iaea)\b"),
    ("funder", r"\b(?:vinnova|verket for innovationssystem|formas|forskningsradet\w*|"
               r"vetenskapsradet|forte|norges forskningsrad|research council\w*|forschungs "
               r"?forderungs\w*|osterreichische forschungsforderungsgesellschaft|ffg|fwf|fonds "
               r"zur forderung der wissenschaftlichen|deutsche forschungsgemeinschaft|dfg|"
               r"bundesministerium fu?e?r bildung|bmbf|bmbwf|nederlandse organisatie voor "
               r"wetenschappelijk|nwo|zonmw|agence nationale de la recherche|anr|bpifrance|"
               r"agencia estatal de investigacion|cdti|centro para el desarrollo tecnologico|"
               r"agaur|fundacao para a ciencia|fct|business finland|innovaatiorahoitus\w*|"
               r"tekes|suomen akatemia|academy of finland|innovationsfonden|danmarks frie|"
               r"innovation fund|enterprise ireland|science foundation ireland|research "
               r"ireland|health research board|innovate uk|uk research and innovation|ukri|"
               r"fonds voor wetenschappelijk onderzoek|fwo|fonds de la recherche scientifique|"
               r"fnrs|innoviris|vlaio|belspo|politique scientifique|programmation politique|"
               r"schweizerischer nationalfonds|swiss national science foundation|snsf|"
               r"innosuisse|narodowe centrum (?:badan i rozwoju|nauki)|ncbr|technologicka "
               r"agentura|tacr|grantova agentura|agentura na podporu vyskumu|apvv|nemzeti "
               r"kutatasi|nkfih|javna agencija za znanstven\w*|arrs|aris|hrvatska zaklada za "
               r"znanost|uefiscdi|unitatea executiva pentru finantarea|lietuvos mokslo taryba|"
               r"mokslo inovaciju ir technologiju agentura|latvian council of science|eesti "
               r"teadusagentuur|rannis|idryma erevnas kai kainotomias|research and innovation "
               r"foundation|geniki grammatia erevnas|general secretariat for research|"
               r"tubitak|national research foundation|research promotion foundation|"
               r"projekttrager|minist\w*[a-z ]{0,40}(?:research|recherche|ricerca|investigacion|"
               r"forschung|wissenschaft\w*|onderwijs|science|scientific|ciencia|nauk\w*|"
               r"vyskumu|vedy|higher education|enseignement superieur|universit\w*|"
               r"innovation|inovac\w*|inovatsii\w*|education|educacion|educacao|istruzione|"
               r"mokslo|szkolnictwa|skolstv\w*|obrazovan\w*))\b"),
    ("police_education", r"\b(?:police (?:academy|college|university|school)|polizeiakademie|"
                         r"hochschule (?:der|fur) (?:polizei|offentliche verwaltung)|"
                         r"deutsche hochschule der polizei|politieacademie|"
                         r"poliisiammattikorkeakoulu|akademia policji|wyzsza szkola policji|"
                         r"policejni akademie|akademia policajneho|academia de politie|"
                         r"ecole nationale superieure de la police|kriminalisticko policijsk\w*|"
                         r"university of internal affairs|academy of the ministry of interior|"
                         r"police education|polishogskolan|politihogskolen|"
                         r"fire (?:university|service college|academy)|szkola glowna sluzby "
                         r"pozarniczej|pelastusopisto|ecole nationale superieure des officiers|"
                         r"escola nacional de bombeiros|feuerwehrschule|emergency planning "
                         r"college|crisis management (?:state )?academy|university of defen[cs]e|"
                         r"defen[cs]e university|defence academy|military academy|"
                         r"universitat der bundeswehr|wojskowa akademia|akademia sztuki "
                         r"wojennej|academia tehnica militara)\b"),
    ("forensic_or_police_word", r"\b(?:forensi\w*|criminalist\w*|kryminalist\w*|"
                                r"kriminaltekn\w*|police|polizei|politie|policie|policja|"
                                r"poliisi|politsei|policia|polizia|ambulance\w*|"
                                r"ambulancezorg|fire brigade|feuerwehr|brandweer|red cross|"
                                r"croix rouge|rotes kreuz|border guard|coast guard|customs)\b"),
    ("polis_name", r"\b(?:polis|universiteti polis)\b"),
]
TRICKY = [(tag, re.compile(pattern)) for tag, pattern in TRICKY]


def load() -> dict[str, dict]:
    """One record per organisation id over the three participant files."""
    orgs: dict[str, dict] = collections.defaultdict(lambda: {
        "names": collections.Counter(), "short": collections.Counter(),
        "act": collections.Counter(), "country": collections.Counter(),
        "sme": collections.Counter(), "projects": {}, "sources": set()})
    topics: dict[str, str] = {}
    with open(DATA / "cordis-he/topics.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            topics[row["projectID"]] = row["topic"].strip()
    for sub in ("cordis-h2020-security", "cordis-fp7-security"):
        with open(DATA / sub / "project.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                topics.setdefault(row["id"], row["topics"].strip())

    def add(org_id, row, name_key, acronym, project_id, source, sme=None):
        org = orgs[org_id]
        org["names"][row[name_key].strip()] += 1
        if row.get("shortName", "").strip():
            org["short"][row["shortName"].strip()] += 1
        if row.get("activityType", "").strip():
            org["act"][row["activityType"].strip()] += 1
        if row.get("country", "").strip():
            org["country"][row["country"].strip()] += 1
        if sme is not None and sme != "":
            org["sme"][sme] += 1
        org["projects"].setdefault(project_id, acronym.strip())
        org["sources"].add(source)

    with gzip.open(DATA / "cordis-he/organization.csv.gz", "rt", encoding="utf-8",
                   newline="") as fh:
        for row in csv.DictReader(fh, delimiter=";"):
            add(row["organisationID"], row, "name", row["projectAcronym"], row["projectID"],
                "HE", row["SME"])
    for sub, tag in (("cordis-h2020-security", "H2020-SEC"), ("cordis-fp7-security", "FP7-SEC")):
        with open(DATA / sub / "organization.csv", encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter=";"):
                add(row["id"], row, "name", row["projectAcronym"], row["projectID"], tag)
    for org in orgs.values():
        org["topics"] = topics
    return orgs


def text_of(org: dict) -> str:
    return fold(" ".join(org["names"]) + " " + " ".join(org["short"]))


def draw(orgs: dict[str, dict]) -> list[tuple[str, str]]:
    """[(organisation id, stratum)] in a fixed order."""
    ids = sorted(orgs)
    practitioner = [i for i in ids if set(orgs[i]["act"]) & {"PUB", "OTH"}
                    and PRACTITIONER_WORDS.search(text_of(orgs[i]))]
    rng = random.Random(SEED)
    if len(practitioner) > PRACTITIONER_CAP:
        practitioner = sorted(rng.sample(practitioner, PRACTITIONER_CAP))
    chosen = {i: "practitioner" for i in practitioner}
    for i in ids:
        if i in chosen:
            continue
        text = text_of(orgs[i])
        for tag, pattern in TRICKY:
            if pattern.search(text):
                chosen[i] = "tricky:" + tag
                break
    rest = [i for i in ids if i not in chosen]
    for i in sorted(rng.sample(rest, RANDOM_N)):
        chosen[i] = "random"
    return sorted(chosen.items())


def row_of(org_id: str, stratum: str, org: dict) -> dict:
    projects = sorted(org["projects"].items(), key=lambda kv: kv[0], reverse=True)
    shown = []
    for pid, acronym in projects[:MAX_PROJECTS]:
        topic = org["topics"].get(pid, "")
        shown.append(f"{acronym} ({topic})" if topic else acronym)
    return {
        "organisation_id": org_id,
        "split": split_of(org_id),
        "stratum": stratum,
        "name": org["names"].most_common(1)[0][0],
        "other_names": " | ".join(n for n, _ in org["names"].most_common()[1:3]),
        "short_name": " | ".join(s for s, _ in org["short"].most_common(3)),
        "country": "/".join(c for c, _ in org["country"].most_common(2)),
        "activity_type": "/".join(a for a, _ in org["act"].most_common()),
        "sme_cordis": "/".join(f"{s}:{n}" for s, n in sorted(org["sme"].items())),
        "n_projects": len(org["projects"]),
        "sources": "/".join(sorted(org["sources"])),
        "projects": "; ".join(shown),
    }


FIELDS = ["organisation_id", "split", "stratum", "name", "other_names", "short_name", "country",
          "activity_type", "sme_cordis", "n_projects", "sources", "projects"]


def main() -> None:
    orgs = load()
    rows = [row_of(i, s, orgs[i]) for i, s in draw(orgs)]
    if "--check" in sys.argv:
        with open(HERE / "organisations.csv", encoding="utf-8", newline="") as fh:
            have = {r["organisation_id"]: r for r in csv.DictReader(fh)}
        want = {r["organisation_id"]: r for r in rows}
        assert set(have) == set(want), (len(set(have) ^ set(want)), "ids differ")
        assert all(have[i]["split"] == split_of(i) for i in have), "split differs"
        print(f"ok: {len(have)} organisations, same ids and splits as the draw")
        return
    out = HERE / "sample_unlabelled.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows(rows)
    print(out, len(rows), collections.Counter(r["stratum"] for r in rows))


if __name__ == "__main__":
    main()
