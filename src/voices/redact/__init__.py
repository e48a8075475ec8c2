"""Redaction: personal identifiers in texts become placeholders, authors pseudonyms, ids keyed.

Comments in this field name children, families and colleagues, so every text a
redacted output holds (report quotes, snippets, whole texts in an export) goes
through one ``Redactor`` per output:

- names -> ``[PERSON]``: spaCy NER spans that look like names, first names after a
  relation word or before an age, titled names, first names from a shipped list
  (``data/names/``: "Amelia is four."), first names on no list where they stand in a
  person's place ("I spoke to Olumide": ``voices.redact.unlisted``), names framed by how a text
  is written (sign-offs, surname particles, minutes, capitals, lower case: "Regards, Dafydd ap
  Gruffydd", "TM: Oluwaseun.", "I told KEMI": ``voices.redact.framed``), the output's own author names where they
  read as personal names (``voices.redact.authors``); none inside a place or shop named after a saint,
  a title or a person ("St Mary's Hospital", "Tel Aviv", "PC World": ``voices.redact.places``); a name found in
  a text, wherever that text writes it again in lower case or capitals, for each part of it that is no
  everyday word ("Kemi Okafor ... okafor agreed": ``voices.redact.recurring``); a hashtag that spells a name
  ("#JusticeForKemiOkafor": ``voices.redact.hashtags``); a title and a name in a URL's path
  ("/lord-pellow/", "/baroness-ivel-of-thornbury/": ``voices.redact.joined``). A surname standing
  alone is redacted only where NER or the rules find it: learning the parts of full
  names found elsewhere was tried and withdrawn (it redacted "House" and "North"
  wherever NER once took them for a person's name, and depended on text order);
- shaped identifiers -> ``[EMAIL]``, ``[PHONE]``, ``[NHS]``, ``[NINO]``, ``[POSTCODE]``,
  ``[ADDRESS]``, ``[REF]``, ``[PROFILE]``, ``[DOB]``, ``[VEHICLE]``, ``[SCHOOL]`` (``voices.redact.patterns``);
  a site a first name and a surname build, linked in a text ("see janesmith.com") -> ``[PROFILE]``
  (``voices.redact.hosts``); the body after a post one person holds, written as the writer's own, with
  "the" or opening a line ("I am the principal social worker for Kent") -> ``[ORGANISATION]``
  (``voices.redact.employers``);
- source titles -> redacted as a text is, once per title (``Redactor.source_titles``): a
  file or page can be named after a person ("Letter from Sarah Jones");
- authors -> ``Commenter 1``, ``Commenter 2``, ... by first appearance ("Anonymous", "Guest" and other
  placeholders several people post under: ``an unnamed commenter``, ``voices.placeholders``); organisations
  and respondent ids are hidden too;
- document ids -> keyed with the corpus's secret, or row numbers (``voices.redact.ids``).

``benchmarks/redaction.py`` measures recall per form and false positives per 1,000 words.
"""

from voices.redact._redactor import Redactor
from voices.redact.authors import looks_like_personal_name
from voices.redact.entity_cache import NER_VERSION, PreloadedCache, cache_entities, ner_version
from voices.redact.frames import distinct_keys, redact_frame
from voices.redact.ids import IdMask
from voices.redact.patterns import nhs_checksum_ok, pattern_spans

__all__ = [
    "NER_VERSION",
    "IdMask",
    "PreloadedCache",
    "Redactor",
    "cache_entities",
    "distinct_keys",
    "looks_like_personal_name",
    "ner_version",
    "nhs_checksum_ok",
    "pattern_spans",
    "redact_frame",
]
