"""The evidence words of the organisation classifier (``classify``), as regular expressions.

Every pattern is matched against a *folded* name (``names.fold``: ASCII, lower case,
single spaces), padded with one space each side, so ``\\b`` is a word edge. Stems are
left open at the end on purpose: "polizei" finds Bundespolizei and Polizeipräsidium,
"polic(?!y)" finds policia, policja, policie, policijos, policejni but not policy. Where
a stem has famous false friends they are excluded in the pattern itself (politica,
politik, policlinico, Polis the city network). The words were chosen on the ``build``
half of the labelled set ``tests/data/organisations`` and from knowledge of the national
forms; the ``report`` half was not read to choose them.
"""

from __future__ import annotations

import re


def compile_any(patterns: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation, so each category costs one search per name."""
    return re.compile("|".join(f"(?:{p})" for p in patterns))


# ---------------------------------------------------------------- practitioner words

POLICE = (
    r"\bpolic(?!y|ies|l|ie[sz]|ier|iy)", r"\bpolicyjn", r"polizei", r"\bpolizia",
    r"\bpoliti(?:e|et|ets|a|ei|ie|ia|diret|direkt|sen)\b", r"\bpolitie", r"\bpolitidirekt",
    r"\bpolitsei", r"\bpolitsi", r"\bpolitiet", r"poliisi", r"\bpolism", r"\bpolisen\b",
    r"rikspolis", r"\bpolisi\b", r"\brendor", r"\bgarda siochana\b", r"\bgendarm",
    r"\bcarabinier", r"\bguardia civil\b", r"\bguarda nacional republicana\b",
    r"marechaussee", r"kriminalamt", r"\bnational crime agency\b", r"\bpolicing\b",
    r"\bastynomi", r"\bfinansiniu nusikaltimu\b", r"\bfinancial crime investigation",
    r"\bguardia di finanza\b", r"\bemniyet genel", r"\bmossos d esquadra\b", r"\bertzaintza",
    r"\bpolicija", r"\blaw enforcement agency\b", r"\beuropol\b", r"\binterpol\b",
)

BORDER = (
    r"\bborder (?:guard|police|polic|force|control agency|security committee|service)",
    r"\bcoast ?guard", r"\bgarda de coasta\b", r"\bguardia costiera\b", r"\bguarda costeira\b",
    r"\bgarde ?cotes\b", r"\bkustwacht", r"\bkustbevakning", r"\brajavartio", r"\bpiirivalve",
    r"grenzschutz", r"grenzpolizei", r"\bstraz(?:y)? graniczn", r"\bpoliti\w* de frontier",
    r"\bpolitia frontiera", r"\bgranichn\w* polits", r"\bgranicn\w* polic", r"\bstate border",
    r"\bfrontier guard", r"\blimenik\w* som", r"\bpomorske sigurnosti\b", r"\bfrontex\b",
    r"\bguardia de fronteras\b", r"\bvalsts robezsardze", r"\brobezsardz", r"\bpasieniecio",
    r"\bdrzavna granicna", r"\bhraniceni policie", r"\bhranicna polic", r"\bgranicni polic",
    r"\bkystvakt", r"\bgrenswacht",
)
# A police force whose name also names border guarding ("Police and Border Guard
# Board") is labelled police; a border *police* is a border guard.
BORDER_COMPOUND = compile_any(tuple(p for p in BORDER if "polic" in p or "polits" in p
                                    or "politi" in p or "polizei" in p))

CUSTOMS = (
    r"\bcustoms\b", r"\bdouanes?\b", r"\bzoll(?:verwaltung|kriminal|amt|fahndung|behorde)",
    r"\btulli\b", r"\btullverket\b", r"\btolletaten\b", r"\btoldstyrelsen\b", r"\btolliamet",
    r"\bvama\b", r"\bvamal\b", r"\bvamhivatal", r"\bvam\w* es", r"\bado es vam",
    r"\bcarin(?:a|e|ska)\b",
    r"\bcarinsk", r"\bmuitin", r"\bmuitas\b", r"\baduanas?\b", r"\bdogan[ae]\b",
    r"\balfandega", r"\bcelni sprav", r"\bsluzba celna", r"\bcolna uprava", r"\bgumruk",
    r"\bagencia tributaria\b", r"\bskarbowa\b", r"\bfinancna uprava\b", r"\bmaksu ja tolli",
)

FIRST_RESPONDER = (
    r"\bfire (?:and rescue|brigade|service|department|authority|rescue|fighters|emergency)",
    r"\bfirefight", r"feuerwehr", r"brandweer", r"\bpompier", r"\bbomberos?\b",
    r"\bbombeiros\b", r"\bvigili del fuoco\b", r"\bhasic", r"\bvatrogas", r"\bgasilsk",
    r"\bpelastuslaitos", r"\braddningstjanst", r"\braddningsverk", r"\bbrann og redning",
    r"\bbrannvesen", r"\bbrandvaesen", r"\bstraz(?:y)? pozarn", r"\bochotnicza straz",
    r"\bincendie(?:s)? et (?:de )?secours", r"\bsdis\b", r"\bsdmis\b",
    r"\bextincion de incendios", r"\bsapeurs", r"\bveiligheidsregio", r"\brescue board\b",
    r"\brescue (?:service|team|corps)", r"\bmountain rescue", r"\bsluzb\w* spasavanja",
    r"\bsalvamento\b", r"\bdiasosis\b", r"(?<!international )\bred cross\b(?! red crescent)",
    r"\brode kors\b", r"\brode kruis\b", r"\broda korset\b", r"\brote[sn]? kreuz",
    r"\bcroix rouge\b", r"\bcruz (?:roja|vermelha)\b", r"\bcroce rossa\b", r"\bcruce rosie\b",
    r"\bpunainen risti\b", r"\bczerwon\w* krzyz", r"\bcerven\w* kriz", r"\bcrven\w* kri",
    r"\bsamarit(?:er|an)", r"\bjohanniter unfall", r"\bmalteser hilfs", r"\bambulanc",
    r"\bemergency medical service", r"\bemergenza urgenza\b", r"\bzachrann\w* sluzb",
    r"\bzaka\b", r"\bsearch and rescue\b", r"\brescue coordination",
    r"\bbrandvasen\b", r"\bpelastus", r"\bhelicopter emergency",
)

CIVIL_PROTECTION = (
    r"\bcivil (?:protection|contingenc|defen[cs]e|emergenc)", r"\bprotezione civile\b",
    r"\bprotection civile\b", r"\bproteccion civil\b", r"protecao civil\b",
    r"\bprotectie civila\b", r"bevolkerungsschutz", r"katastrophenschutz",
    r"\btechnisches hilfswerk\b", r"\bsamhallsskydd", r"\bberedskabsstyrels",
    r"\bsamfunnssikkerhet", r"\bzastit\w* i spasavanj", r"\bsituatii de urgenta\b",
    r"\bemergency situations\b", r"\bstate emergency service\b",
    r"\bemergency management (?:agency|authority|directorate|department)",
    r"respuesta a las emergencias\b", r"\bemergencias? y proteccion", r"\bafad\b",
    r"\bdisaster (?:and emergency )?management (?:agency|authority|presidency)",
    r"\bcivil protection", r"\bgeneral secretariat for civil protection\b",
    r"\bhellenic civil", r"\bkriseberedskap", r"\bprotezione civil", r"\bsecretaria de proteccion",
)

FORENSIC = (
    r"\bforensi", r"\bkriminaltechn", r"\bkryminalistyczn", r"\bcriminalisti",
    r"\bkriminalteknisk", r"\btiesu ekspertiz", r"\bekspertiz\w* (?:centr|biro|institu)",
    r"\bmedicina legal\b", r"\bmedecine legale\b", r"\brechtsmedizin\b(?! ev)",
    r"\bgerichtsmedizin", r"\bnaukach sadowych\b", r"\bsoudniho lekarstvi",
)

INFRASTRUCTURE = (
    r"\bwater (?:limited|ltd|plc|company|utility|services? (?:ltd|limited|company))",
    r"\bwaterbedrijf", r"\bwaterschap", r"wasserversorg", r"abwasserverband",
    r"\bwasserverband", r"\bvodovod", r"\baguas de\b", r"\bacquedott", r"\bstadtwerke",
    r"\brailways?\b(?! research)", r"\bgelezinkel", r"\bferrovi", r"\bchemins de fer\b",
    r"\bdeutsche bahn\b", r"\bkoleje\b", r"\bzeleznic", r"\bnetwork rail\b",
    r"\bmetro (?:de|of|di)\b", r"\bmetropolitano de\b", r"\bmetaforas epibaton",
    r"\bpublic transport (?:company|authority|operator)", r"\btransport (?:for|company of)\b",
    r"\bairports?\b(?! research)", r"\baeroport", r"\bflughafen", r"\baeropuerto",
    r"\bport (?:authority|of)\b", r"\bhavenbedrijf", r"\bautorita (?:di sistema )?portuale",
    r"\bautoridad portuaria", r"\bhamburg port", r"\bmotorway", r"\bautostrad",
    r"\bautopista", r"\bodos a ?e\b", r"\btransmission system operator",
    r"\bdistribution system operator", r"\bnetz(?:e)? gmbh\b", r"\bstromnetz", r"\benerginet",
    r"\belia system", r"\bterna\b", r"\bred electrica", r"\bamprion\b", r"\btennet\b",
    r"\b50hertz\b", r"\bair navigation", r"\beurocontrol\b", r"\benav\b", r"\bnats\b",
    r"\bhydro energi", r"\b5t\b", r"\btelecom (?:italia|operator)", r"\btelefonica\b",
    r"\bdeutsche telekom\b", r"\borange sa\b", r"\bwienerberger", r"\bwiener linien",
    r"\bverkehrsbetrieb", r"\bnuclear power plant", r"\belectricity (?:supply|board|company)",
    r"\belektrodistribu", r"\belektroenergetick", r"\bgas networks?\b", r"\bgasunie",
)

HOSPITAL = (
    r"\bhospital", r"\bospedal", r"\bspital\b", r"\bspitalul", r"\bnosokomei",
    r"\bpoliclinic", r"\bklinik(?:um|en)\b", r"\bmedical cent(?:er|re)s?\b", r"\bziekenhuis",
    r"\bsairaala", r"\bsjukhus", r"\bszpital", r"\bnemocnic", r"\bbolnic", r"\bkorhaz",
    r"\bhopita", r"\bcentre hospitalier", r"\bazienda (?:ospedaliera|sanitaria|unita sanitaria)",
    r"\birccs\b", r"\bchu\b", r"\bsaude\b", r"\bhelse\b", r"\buniversitatsmedizin",
)

# Public administrations with an operational or regulatory remit (other_public_end_user).
ADMINISTRATION = (
    r"\bminist", r"\bgovernment\b", r"\bgobierno\b", r"\bgoverno\b", r"\bregering",
    r"\bmunicipal", r"\bmunicipi", r"\bcomune\b", r"\bayuntamiento\b", r"\bajuntament\b",
    r"\bgemeente\b", r"\bgemeinde\b", r"\bkommune\b", r"\bkommun\b", r"\bobcina\b",
    r"\bobshtina\b", r"\bdimos\b", r"\bcity (?:of|council)\b", r"\bcouncil\b",
    r"\bstad\b", r"\bstadt\b", r"\bville de\b", r"\bmairie\b", r"\bprefect", r"\bregion",
    r"\bcounty\b", r"\bprovinc", r"\bdiputacion\b", r"\bconselleria\b", r"\bgeneralitat\b",
    r"\bjunta de\b", r"\bland\b", r"\blandkreis", r"\bbezirk", r"\bprocura\b",
    r"\bprosecut", r"\btribunal", r"\bcourt\b", r"\bprison", r"\bpenitentiar",
    r"\bprobation", r"\bkriminalvard", r"\barmed forces\b", r"\barmy\b", r"\bexercito\b",
    r"\bejercito\b", r"\bforsvar", r"\bbundeswehr\b", r"\bdefen[cs]e\b", r"\bdefensa\b",
    r"\bdifesa\b", r"\bhome office\b", r"\binterior\b", r"\binnern\b", r"\binternal affairs",
    r"\bhomeland security\b", r"\bsecurity agency\b", r"\bintelligence", r"\bagenc",
    r"\bauthority\b", r"\bdirectorat", r"\bdirektorat", r"\bdirektion", r"\bhivatal",
    r"\buprava\b", r"\bsluzba vlade", r"\binspectorat", r"\boffice\b", r"\bboard\b",
    r"\bsafety\b", r"\bsecurite\b", r"\bseguridad\b", r"\bsicurezza\b", r"\bmeteorolog",
    r"\binsurance", r"\bhealth service", r"\bpublic health", r"\bdepartment",
    r"\bdepartement", r"\bdepartamento\b", r"\bstaatsministerium", r"\bsenat",
    r"\bcommission\b", r"\bsecretariat", r"\bcyber ?security centre", r"\bnukleon",
    r"\bnuclear safety", r"\bstralevern", r"\batomsikkerhet", r"\bdirectorate general",
    r"\bcentre for cyber", r"\bnational institute for health and care", r"\bcamara",
)

# Public bodies without an operational remit (rule 10 of the labelled set's README).
NOT_OPERATIONAL = (
    r"\bschool", r"\bescola", r"\bescuela", r"\becole", r"\bagrupamento de escolas",
    r"\blibrar", r"\bbibliot", r"\bmuseum", r"\bmuseo", r"\bmusee", r"\barchiv",
    r"\bbroadcast", r"\bradio\b", r"\btelevision", r"\bcollege\b", r"\bgymnas",
    r"\blyce", r"\bschule\b", r"\bteatr", r"\btheat", r"\bopera\b",
)

# Police, fire and defence education (rule 1): never a practitioner authority.
TRAINING = (
    r"\bacadem", r"\bakadem", r"\buniversit", r"\buniverzit", r"\buniwersytet",
    r"\bhochschule", r"\bhogskol", r"\bhoegskol", r"ammattikorkeakoulu", r"\bopisto\b",
    r"\bcollege\b", r"\bschool\b", r"\bschule\b", r"feuerwehrschule", r"\becole\b",
    r"\bescola\b", r"\bescuela\b", r"\bscuola\b", r"\bszkola\b", r"\bskole\b", r"\bskola\b",
    r"\btraining\b", r"\beducation\b", r"\bensosp\b", r"\blafp\b", r"\bcollegium\b",
    r"\binstitute? for (?:physical )?safety\b", r"\bfysieke veiligheid\b",
    r"\buniversity of internal affairs\b", r"\bpelastusopisto\b", r"\bpolitihogskol",
    r"\bforsvarshogskol", r"\bpolamk\b", r"\bsluzby vzdelavani",
)
