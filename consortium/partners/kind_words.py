"""The evidence words for an organisation's *kind* (``classify``), as regular expressions.

CORDIS's activity type already says university (HES), research organisation (REC),
company (PRC), public body (PUB) or other (OTH), and is right for most organisations.
What it cannot say is which public bodies are EU bodies, intergovernmental organisations
or research funders: they all file as PUB (or REC, or OTH), and they are exactly the ones
the participation rules treat differently. Those are recognised here by name, mostly by
their own names and acronyms, because each is one well-known body. Same matching rules
as ``classify_words`` (folded names, ``\\b`` word edges, stems open at the end).
"""

from __future__ import annotations

EU_BODY = (
    r"\bjoint research cent", r"\bjrc\b(?! capital)", r"\beuropean commission\b",
    r"\beuropean union agency\b", r"\beu agency\b", r"\beuropol\b", r"\bcepol\b",
    r"\beuropean defence agency\b", r"\bsatcen\b", r"\beuropean union satellite cent",
    r"\beuspa\b", r"\beuropean global navigation satellite", r"\bgsa\b",
    r"\beuropean food safety authority\b", r"\befsa\b", r"\beuropean chemicals agency\b",
    r"\bechaagency", r"\bprecha\b", r"\bechas?\b", r"\beuropean medicines agency\b",
    r"\beuropean environment agency\b", r"\beuropean aviation safety agency\b",
    r"\beuropean union aviation safety\b", r"\beasa\b(?! obesity)", r"\beuropean central bank\b",
    r"\bfrontex\b", r"\beu lisa\b", r"\benisa\b", r"\beuaa\b", r"\beuropean maritime safety agency",
    r"\bemsa\b", r"\beuropean centre for disease prevention", r"\becdc\b",
    r"\beuropean investment bank\b", r"\beuropean investment fund\b",
    r"\beuropean parliament\b", r"\bcouncil of the european union\b",
    r"\beuropean court of", r"\beuropean research council executive",
    r"\bresearch executive agency\b", r"\beuropean health and digital executive",
    r"\bexecutive agency\b", r"\beuropean institute of innovation and technology\b",
    r"\beuropean border and coast guard agency\b", r"\beurojust\b",
    r"\beuropean monitoring centre for drugs", r"\bemcdda\b", r"\beuropean labour authority",
    r"\beuropean union intellectual property", r"\beuipo\b", r"\beuropean training foundation",
    r"\beuropean fisheries control agency", r"\bfusion for energy\b",
    r"\beuropean railway agency\b", r"\beuropean union agency for railways",
)

INTERNATIONAL = (
    r"\bunited nations\b", r"\bnations unies\b", r"\bnaciones unidas\b", r"\bunicef\b",
    r"\bundp\b", r"\bunep\b", r"\bunesco\b", r"\bunitar\b", r"\bunhcr\b", r"\bun habitat\b",
    r"\bunodc\b", r"\bunops\b", r"\bunu\b", r"\bun women\b", r"\bunicri\b", r"\bunido\b",
    r"\bworld health organi", r"\bworld meteorological organi", r"\bworld food programme",
    r"\bworld bank\b", r"\bfood and agriculture organi", r"\binternational atomic energy",
    r"\binternational labour", r"\binternational organi[sz]ation for migration\b",
    r"\binternational centre for migration policy", r"\bicmpd\b", r"\bworld customs organi",
    r"\bnato\b", r"\bnorth atlantic treaty", r"\bosce\b(?! academy)",
    r"\borgani[sz]ation for security and co ?operation", r"\boecd\b",
    r"\borgani[sz]ation for economic co ?operation", r"(?<!architects )\bcouncil of europe\b",
    r"\bconseil de l europe\b", r"\beuropean space agency\b", r"\bagence spatiale europeenne",
    r"\besa\b(?! obesity)", r"\bcern\b", r"\beuropean organi[sz]ation for nuclear research",
    r"\beuropean molecular biology lab", r"\bembl\b", r"\beuropean southern observatory",
    r"\beso\b", r"\beuropean centre for medium range", r"\becmwf\b", r"\beurocontrol\b",
    r"\binternational committee of the red cross", r"\bcomite international de la croix",
    r"\binternational federation of red cross", r"\bifrc\b", r"\bicrc\b",
    r"\bhybrid ?coe\b", r"\bcentre of excellence for countering hybrid",
    r"\bhybridiuhkien", r"\binterpol\b", r"\binternational criminal police",
    r"\bglobal green growth institute", r"\bregional activity cent", r"\bpap rac\b",
    r"\beu lac international foundation", r"\binternational energy agency\b",
    r"\bwto\b", r"\bworld trade organi", r"\binternational maritime organi",
    r"\bintergovernmental", r"\beumetsat\b", r"\beuropean patent organi",
    r"\binternational institute for applied systems", r"\biiasa\b", r"\bicgeb\b",
    r"\binternational centre for genetic engineering", r"\bictp\b", r"\biter\b",
    r"\binternational renewable energy", r"\birena\b", r"\bcgiar\b", r"\bafrican union\b",
    r"\bunion for the mediterranean\b", r"\bnordic council", r"\bnordforsk\b",
    r"\bcentre for maritime research and experimentation", r"\bcmre\b", r"\bnurc\b",
    r"\binternational organi[sz]ation\b", r"\bworld organisation for animal health",
    r"\binternational union for conservation of nature", r"\biucn\b",
)

FUNDER = (
    r"\bresearch council\b", r"\bforskningsrad", r"\bvetenskapsrad", r"\bforskningsradet",
    r"\bresearch foundation\b", r"\bresearch board\b", r"\bresearch commission\b",
    r"\bagence nationale de la recherche\b", r"\bsuomen akatemia\b", r"\bacademy of finland\b",
    r"\binnovationsfond", r"\binnovation fund", r"\binnovationsforderung",
    r"\bforschungsforderung", r"\bforderung der wissenschaftlichen forschung",
    r"\bpodporu vyskumu", r"\bnarodowe centrum (?:badan|nauki)\b",
    r"\bfundacao para a ciencia", r"\bresearch and innovation foundation\b",
    r"\bidryma erevnas", r"\benterprise ireland\b", r"\bbusiness finland\b", r"\binnoviris\b",
    r"\buefiscdi\b", r"\bfinantarea invatamantului", r"\bteadusagentuur", r"\brannis\b",
    r"\brannsoknamidstod", r"\bgeneral secretariat for research",
    r"\bgrammateia erevnas", r"\bgrammatia erevnas", r"\bagencija za mobilnost",
    r"\bagencia nacional de inovacao", r"\bvinnova\b", r"\bffg\b", r"\bfwf\b", r"\brcn\b",
    r"\bnwo\b(?! i\b)", r"\bnederlandse organisatie voor wetenschappelijk onderzoek\b",
    r"\banr\b", r"\bdfg\b", r"\bdeutsche forschungsgemeinschaft", r"\bbmbf\b", r"\bfct\b",
    r"\bcdti\b", r"\bagencia estatal de investigacion", r"\bncbr\b(?! sp)", r"\bncn\b",
    r"\btacr\b", r"\btechnologicka agentura", r"\baris\b",
    r"\bjavna agencija za znanstvenoraziskovalno", r"\bukri\b", r"\buk research and innov",
    r"\binnovate uk\b", r"\bscience foundation ireland\b", r"\binnosuisse\b", r"\bsnsf\b",
    r"\bswiss national science foundation", r"\bschweizerischer nationalfonds",
    r"\bfonds national suisse", r"\bmur\b", r"\bmiur\b", r"\bformas\b", r"\btekes\b",
    r"\bbpifrance\b", r"\bbpi france\b", r"\bfwo\b", r"\bfonds wetenschappelijk onderzoek",
    r"\bfnrs\b", r"\bfonds de la recherche scientifique", r"\bzonmw\b", r"\btubitak\b",
    r"\bprojekttrager", r"\bnational science cent", r"\bnational research fund",
    r"\bnational research, development and innovation office", r"\bnkfih\b",
    r"\bresearch promotion", r"\bresearch funding", r"\bfunding agency",
    r"\bhrvatska zaklada za znanost", r"\bscience fund\b", r"\bfondo? para la investigacion",
    r"\bagencia de gestio d ajuts", r"\bagaur\b", r"\bdanmarks frie forskningsfond",
    r"\bnovo nordisk fonden\b", r"\bresearch agency\b", r"\binnovation agency\b",
    r"\bagency for innovation\b", r"\bagentur fur innovationsforderung",
)

# A ministry is a funder when its remit names education, science, research or innovation.
MINISTRY = (r"(?:\b|bundes|staats)minist|\bdeputy ministry|\bstaatssekretariat"
            r"|\bsecretaria de estado|\bsecretariat")
RESEARCH_REMIT = (
    r"\bresearch\b", r"\bscien", r"\beducation\b", r"\binnovat", r"\bhigher education",
    r"\buniversit", r"\bnauk", r"\bznanost", r"\bciencia", r"\bciencias\b", r"\brecherche\b",
    r"\bricerca\b", r"\bforschung\b", r"\bbildung\b", r"\bonderwijs\b", r"\bwetenschap",
    r"\bmoksl", r"\bsvietim", r"\benseignement", r"\beducacion\b", r"\bobrazovan",
    r"\bskolstv", r"\bsolstv", r"\bszkolnictw", r"\bvzdelavan", r"\bkoulutus", r"\bopetus",
    r"\butbildning", r"\bforskning", r"\bwissenschaft", r"\bistruzione\b", r"\bscolaire\b",
    r"\bpaideias\b", r"\bpaideia", r"\bereuna", r"\berevna", r"\bizglitibas\b", r"\bharidus",
    r"\boktatas", r"\bcercetar", r"\bfomento de la investigacion",
)

UNIVERSITY = (
    r"\buniversi", r"\buniverz", r"\buniwersytet", r"\byliopisto\b", r"\bammattikorkeakoulu",
    r"\bhochschule", r"\bhogskol", r"\bhogeschool", r"\bpolitecnic", r"\bpolytechn",
    r"\btechnion\b", r"\bpolice academy\b", r"\bpolicejni akademie", r"\bacademia de politie",
    r"\bakademia policajneho", r"\bapz\b", r"\buniversity of defen",
    r"\bpolitihogskol", r"\bforsvarshogskol", r"\bwojskowa akademia", r"\bmilitary academy",
    r"\bacademia tehnica militara", r"\bstate academy\b", r"\bosce academy\b",
    r"\bschool of (?:economics|management|business)", r"\binstitute of technology\b",
    r"\bteknisk hogskol", r"\bkorkeakoulu",
)

RTO = (
    r"\bresearch (?:institute|institution|centre|center|organi[sz]ation)", r"\binstitute? of\b",
    r"\binstitute for\b", r"\bforschungs(?:zentrum|institut|anstalt)", r"\binstitut fur\b",
    r"\bcentre de recherche", r"\bcentro de investigacion", r"\bcentro de investigacao",
    r"\bcentro (?:di|de) ricerca", r"\bistituto", r"\bnational research council\b",
    r"\bconsiglio nazionale delle ricerche\b", r"\bacademy of sciences\b",
    r"\bakademie ved\b", r"\bakademie vied", r"\bnwo i\b", r"\bnwo instituten",
    r"\bwetenschappelijk onderzoek instituten", r"\bmedical research council\b",
    r"\bagricultural research council", r"\bfraunhofer\b", r"\bsynchrotron\b",
    r"\bcompetence cent", r"\bcentro di competenza", r"\bustav\b", r"\binformationsbibliothek",
    r"\barchiv\b", r"\bfysieke veiligheid\b", r"\bresearch gmbh\b", r"\bsante des armees",
)

COMPANY_FORM = (
    r"\binc\b", r"\bltd\b", r"\blimited\b(?! by guarantee)", r"\bgmbh\b", r"\bsrl\b",
    r"\bs r l\b", r"\bsas\b", r"\bsarl\b", r"\bb ?v\b", r"\boy\b", r"\bab\b", r"\bspa\b",
    r"\bs p a\b", r"\bs ?r ?o\b", r"\bsp z o ?o\b", r"\bkft\b", r"\bd ?o ?o\b", r"\bplc\b",
    r"\bllc\b", r"\bsociete anonyme\b", r"\bsa\b", r"\bag\b", r"\baps\b", r"\bas\b",
    r"\bshpk\b", r"\bzrt\b", r"\bike\b", r"\bsl\b", r"\bslu\b", r"\bcorp",
)

NON_PROFIT = (
    r"\bassocia", r"\bverein\b", r"\bev\b", r"\bvzw\b", r"\basbl\b", r"\bstichting\b",
    r"\bfundac", r"\bfondazione\b", r"\bfoundation\b", r"\bstiftung\b", r"\bsihtasutus\b",
    r"\bnetwork\b", r"\bfederation\b", r"\bconfedera", r"\bcluster\b", r"\bchamber\b",
    r"\bforum\b", r"\bsociety\b", r"\bsocietas\b", r"\bdruzstvo\b", r"\bdrustvo\b",
    r"\bzdruzenie\b", r"\budruzenje\b", r"\bsavez\b", r"\bunion\b", r"\bcharity\b",
    r"\bmi kerdoskopik", r"\bnon profit", r"\bggmbh\b", r"\blbg\b", r"\bby guarantee\b",
    r"\bkomitee\b", r"\bcomitato\b", r"\bcomite\b", r"\bdernegi\b", r"\basociatia\b",
    r"\bthink tank\b", r"\bngo\b",
)

# Research councils that mainly run institutes (rule 7 of the labelled set): RTOs.
RTO_COUNCIL = (
    r"\bnational research council\b", r"\bmedical research council\b",
    r"\bagricultural research council", r"\bnwo i\b", r"\bnwo instituten",
    r"\bconsiglio nazionale delle ricerche\b", r"\bacademy of sciences\b",
    r"\bnational research council canada",
)
# What names an RTO even when CORDIS files it as "other" (OTH).
RTO_STRONG = (
    r"\bresearch institute\b", r"\bacademy of sciences\b", r"\bakademie v[ei]d\b",
    r"\bakademi\w* v[ei]d", r"\bcentro di competenza", r"\bcentro de investigacao",
    r"\bustav\b", r"\bcompetence cent", r"\bforschungs(?:zentrum|institut|anstalt)",
)
# An "other" (OTH) organisation that is a public administration or public hospital.
PUBLIC_OTHER = (
    r"(?:\b|bundes|staats)minist", r"\bmunicip", r"\bcamara municipal", r"\bhivatal\b",
    r"\birccs\b", r"\bcomune di\b", r"\bcity council\b", r"\bayuntamiento\b",
)
SCHOOL = (r"\bagrupamento de escolas", r"\bescola secundaria", r"\bgymnasium\b",
          r"\blyceum\b", r"\bscoala\b", r"\bosnovna skola")
