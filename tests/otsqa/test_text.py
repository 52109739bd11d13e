"""The ground floor's language helpers, against hand-checked expectations: sentences, words, stems,
months and names."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from otsqa.text import (
    MONTH,
    MONTH_WRITTEN,
    MONTHS,
    STOPWORDS,
    index_form,
    is_row,
    month_number,
    proper_names,
    section_heading,
    split_sentences,
    stem,
    stemmed_terms,
    terms,
)


def test_the_helpers_import_nothing_of_the_layers_above():
    # A fresh interpreter: this test process has the whole project loaded already.
    code = "import sys, otsqa.text; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = {name.split(".")[0] for name in out.split()}
    assert "otsqa" in loaded
    assert not loaded & {"ingest", "store", "assistant", "evals", "web", "cli", "app", "tools"}


def sentences(text):
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_sentence_ends_but_not_abbreviations_or_initials():
    text = "Dr. Aliyev met John F. Kennedy Jr. in the U.S. capital. It rained. “Really?” He left."
    assert sentences(text) == ["Dr. Aliyev met John F. Kennedy Jr. in the U.S. capital.", "It rained.", "“Really?”", "He left."]


def test_paragraph_breaks_end_sentences_and_offsets_are_exact():
    text = "A heading\n\nFirst sentence here. Second one (vol. 21, no. 35) ends.\nA list item"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == [
        "A heading",
        "First sentence here.",
        "Second one (vol. 21, no. 35) ends.",
        "A list item",
    ]


def test_lowercase_after_period_is_not_a_new_sentence():
    assert sentences("It cost $1.6 million. e.g. this continues. 42 percent followed.") == [
        "It cost $1.6 million. e.g. this continues.",
        "42 percent followed.",
    ]


def test_range_limits():
    text = "One. Two. Three."
    assert [text[s:e] for s, e in split_sentences(text, 5, 9)] == ["Two."]


def test_month_abbreviations_do_not_end_a_sentence_but_may_does():
    assert sentences("They met in May. Talks resumed in Sept. Forty states came. It ended Jan. Two more.") == [
        "They met in May.",
        "Talks resumed in Sept. Forty states came.",
        "It ended Jan. Two more.",
    ]


# -- words ---------------------------------------------------------------------------------------------


def test_terms_drop_stopwords_and_keep_a_plus_as_part_of_the_name():
    assert terms("What is the OTS+ format?") == ["otsplus", "format"]
    assert terms("The OTS and its members") == ["ots", "members"]


def test_terms_split_hyphens_and_apostrophes_keep_digits_and_drop_single_letters():
    # "C5+1": the "+" sits between word characters, so it is not a name's "+" and the parts stand alone.
    assert terms("Turkic-speaking states’ 5 drills in C5+1, a x") == ["turkic", "speaking", "states", "5", "drills", "c5", "1"]


def test_stopwords_are_lower_case_glue_not_topics():
    assert {"the", "which", "according", "said"} <= STOPWORDS
    assert not {"ots", "summit", "drone"} & STOPWORDS


def test_the_index_form_keeps_the_plus_and_adds_the_word_terms_asks_for():
    assert index_form("OTS+ and OTS") == "OTS+ OTSplus and OTS"
    assert terms("OTS+")[0] in index_form("OTS+").lower().split()


# -- stems ---------------------------------------------------------------------------------------------


def test_stem_matches_plurals_and_verb_forms_with_their_base_word():
    pairs = [
        ("exercises", "exercise"),
        ("evolved", "evolve"),
        ("reported", "report"),
        ("agencies", "agency"),
        ("states", "state"),
    ]
    for inflected, base in pairs:
        assert stem(inflected) == stem(base), (inflected, base)
    assert stem("state") != stem("station")
    assert [stem(w) for w in ("exercises", "evolved", "countries", "hosting", "report")] == [
        "exercis",
        "evolv",
        "country",
        "host",
        "report",
    ]


def test_stem_leaves_short_words_whole():
    # Three letters must remain before an ending goes, and a final "e" only goes from a longer word.
    assert [stem(w) for w in ("bus", "uses", "the", "fee")] == ["bus", "use", "the", "fee"]


def test_stemmed_terms_are_the_stems_of_the_terms():
    assert stemmed_terms("The exercises evolved in the countries") == ["exercis", "evolv", "country"]


# -- months --------------------------------------------------------------------------------------------


def test_month_matches_full_capitalised_names_only():
    assert all(re.fullmatch(MONTH, month) for month in MONTHS)
    assert [m.group() for m in re.finditer(rf"\b{MONTH}\s+\d{{1,2}}\b", "on May 2, not march 3 or Sept 4; December 12")] == [
        "May 2",
        "December 12",
    ]


def test_month_written_reads_abbreviations_in_any_case():
    pattern = re.compile(rf"\b{MONTH_WRITTEN}\s+(\d{{1,2}})", re.I)
    found = [(m.group(1), m.group(2)) for m in pattern.finditer("SEPT. 9, Jan 1, december 31, Mai 5")]
    assert found == [("SEPT", "9"), ("Jan", "1"), ("december", "31")]
    assert [month_number(name) for name, _ in found] == [9, 1, 12]
    assert month_number("May") == 5


# -- names ---------------------------------------------------------------------------------------------


def test_names_are_capitalised_words_but_not_ordinary_sentence_openers():
    assert proper_names("The OTS met in Gabala; it was Aliyev's idea.") == ["OTS", "Gabala", "Aliyev"]
    # After a colon a clause opens: "Each" is an opener there, but not inside a sentence.
    assert proper_names("Two things: Each state and Moscow.") == ["Moscow"]
    assert proper_names("It was reviewed by Which magazine in May.") == ["Which", "May"]


def test_a_name_is_cut_to_what_evidence_must_say():
    assert proper_names("However, pro-Russian outlets quoted O’Brien’s AT&T report.") == ["Russian", "O’Brien", "AT&T"]


def test_openers_can_count_and_ignored_words_never_do():
    assert proper_names("The OTS met.", openers=False) == ["The", "OTS"]
    assert proper_names("at the Gabala Summit", ignore={"summit"}) == ["Gabala"]


def test_name_runs_are_two_or_more_whole_capitalised_words_as_written():
    text = "President Ilham Aliyev of Azerbaijan met Kassym-Jomart Tokayev’s envoy, Baku and Astana."
    assert proper_names(text, runs=True) == ["President Ilham Aliyev", "Kassym-Jomart Tokayev’s"]
    # An ignored word ends a run; a mark between two capitalised words does too.
    assert proper_names("the State Security Service, Baku, Astana", runs=True, ignore={"service"}) == ["State Security"]


def test_name_runs_keep_or_drop_a_sentence_opener():
    assert proper_names("However Kurbanov said so.", runs=True, openers=False) == ["However Kurbanov"]
    assert proper_names("However Kurbanov said so.", runs=True) == []


def test_runs_take_capitals_of_any_script_single_words_only_latin_ones():
    assert proper_names("İlham Aliyev spoke.") == ["Aliyev"]
    assert proper_names("İlham Aliyev spoke.", runs=True) == ["İlham Aliyev"]


def test_capitalised_words_take_every_capitalised_word_as_written():
    from otsqa.text import capitalised_words

    text = "Gabala hosted it; Azerbaijan’s Élysée-style O'Neill met a delegation in İzmir. I agreed."
    # Openers and possessives stay (the place may open the sentence); one-letter words and İ (outside À-Ý) do not count.
    assert capitalised_words(text) == ["Gabala", "Azerbaijan’s", "Élysée-style", "O'Neill"]


def test_capitalised_runs_join_words_through_of_the_and():
    from otsqa.text import capitalised_runs

    text = "The State Security Service of Azerbaijan and the Organization of Turkic States met in Baku."
    assert capitalised_runs(text) == ["The State Security Service of Azerbaijan and the Organization of Turkic States", "Baku"]
    assert capitalised_runs("nothing here") == []


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("Entry into force: 4 July 2023", True),
        ("Venue: Baku", True),
        ("Published: 14.10.2025", True),
        ("Line: Almaty to Bishkek; Capacity: 500 kV; Status: in service", True),
        ("1. ORIGINS: ANKARA AND ISTANBUL, 2022", False),  # a heading's label is in capitals
        ("The plan was simple: the three governments would share the cost of the dam and its power lines.", False),
        ("No colon in this line at all", False),
    ],
)
def test_table_rows_are_told_from_headings_and_prose(text, row):
    assert is_row(text) is row


def test_a_row_is_read_under_the_nearest_heading_above_its_table():
    text = (
        "The agencies publish their data every year.\n\nB. JOINT SATELLITE PROGRAMME\n\nSigned: 12 April 2024\n\n"
        "Venue: Ankara\n\nThe programme is the first of its kind."
    )
    assert section_heading(text, text.index("Venue")) == "B. JOINT SATELLITE PROGRAMME"
    assert section_heading(text, text.index("Signed")) == "B. JOINT SATELLITE PROGRAMME"
    # Prose ends the search: a row under a paragraph has no heading to borrow.
    prose = "The agencies publish their data every year.\n\nSigned: 12 April 2024"
    assert section_heading(prose, prose.index("Signed")) == ""


# -- sentences in the region's languages (otsqa/sentences.json) ------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        # Russian: a year's "г."/"гг.", "т.е.", "им.", "ул.", numbers' "тыс."/"млрд.", initials run together
        ("В 2024 г. Казахстан обновил оборонную доктрину. Она вступила в силу летом.",
         ["В 2024 г. Казахстан обновил оборонную доктрину.", "Она вступила в силу летом."]),
        ("Программа на 2021–2023 гг. Завершилась досрочно, сообщили в штабе.",
         ["Программа на 2021–2023 гг. Завершилась досрочно, сообщили в штабе."]),
        ("Речь о соседях, т.е. Киргизии и Таджикистане. Вопрос остаётся открытым.",
         ["Речь о соседях, т.е. Киргизии и Таджикистане.", "Вопрос остаётся открытым."]),
        ("Лекцию прочёл профессор университета им. Аль-Фараби. Потом начались вопросы.",
         ["Лекцию прочёл профессор университета им. Аль-Фараби.", "Потом начались вопросы."]),
        ("На учения выделили 40 тыс. Долларов не хватило на связь.",
         ["На учения выделили 40 тыс. Долларов не хватило на связь."]),
        ("Штаб переехал на ул. Абая в Алматы. Пропуска выдают по вторникам.",
         ["Штаб переехал на ул. Абая в Алматы.", "Пропуска выдают по вторникам."]),
        ("Записку подготовил А.Б. Сериков из аналитического центра. Её обсудили.",
         ["Записку подготовил А.Б. Сериков из аналитического центра.", "Её обсудили."]),
        ("Обсуждали связь, логистику и т.д. Итоги подведут в мае.",
         ["Обсуждали связь, логистику и т.д. Итоги подведут в мае."]),  # an abbreviation never ends one, as "etc."
        ("«Мы готовы к диалогу», — заявил министр. «Но сроки сжаты».",
         ["«Мы готовы к диалогу», — заявил министр.", "«Но сроки сжаты»."]),
        # Turkish: titles, "vb.", "No.", an ordinal written "12."
        ("Türk Devletleri Teşkilatı'nın 12. Zirvesi Gebele'de toplandı. Liderler ortak bildiri yayımladı.",
         ["Türk Devletleri Teşkilatı'nın 12. Zirvesi Gebele'de toplandı.", "Liderler ortak bildiri yayımladı."]),
        ("Meclisin 5. Dönem çalışmaları başladı. Komisyonlar kuruldu.",
         ["Meclisin 5. Dönem çalışmaları başladı.", "Komisyonlar kuruldu."]),
        ("Konferans 3. Uluslararası Güvenlik Haftası kapsamında yapıldı. Katılım yüksekti.",
         ["Konferans 3. Uluslararası Güvenlik Haftası kapsamında yapıldı.", "Katılım yüksekti."]),
        ("Panele Doç. Dr. Ayşe Kaya ve Prof. Mehmet Öz katıldı. Oturum uzun sürdü.",
         ["Panele Doç. Dr. Ayşe Kaya ve Prof. Mehmet Öz katıldı.", "Oturum uzun sürdü."]),
        ("Genelge No. 7 ile yürürlüğe girdi. Kurumlar uyum sağladı.",
         ["Genelge No. 7 ile yürürlüğe girdi.", "Kurumlar uyum sağladı."]),
        ("Tatbikatı Org. Selim Demir izledi. Ardından basına konuştu.",
         ["Tatbikatı Org. Selim Demir izledi.", "Ardından basına konuştu."]),
        # Kazakh: a year's "ж." and "жж."
        ("Келісімге 2024 ж. Астанада қол қойылды. Ол күзде күшіне енді.",
         ["Келісімге 2024 ж. Астанада қол қойылды.", "Ол күзде күшіне енді."]),
        # English is split as before: a small number or a year still ends a sentence
        ("The drill was held in 2024. Then the ministers met.", ["The drill was held in 2024.", "Then the ministers met."]),
        ("The count rose to 12. Officials expected more.", ["The count rose to 12.", "Officials expected more."]),
    ],
)  # fmt: skip
def test_sentences_in_the_regions_languages_keep_their_abbreviations_and_ordinals(text, expected):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == expected
    assert all(text[s:e] == piece for (s, e), piece in zip(spans, expected))


def test_the_abbreviations_are_data_in_every_language_and_folded():
    from otsqa.text import abbreviations, fold

    words = abbreviations()
    assert {"dr", "u.s", "sept", "г", "гг", "т.е", "doç", "vb", "ж", "жж"} <= words
    assert "may" not in words  # "May." ends a sentence
    assert fold("DOÇ") == fold("doç") and fold("İSTANBUL") == fold("istanbul") == fold("ıstanbul")


def test_offsets_stay_exact_inside_a_range_of_a_longer_text():
    text = "Başlık\n\nZirve 2024 г. Baku'da. Türk Devletleri Teşkilatı'nın 11. Zirvesi sonra geldi. Son."
    start = text.index("Zirve")
    spans = split_sentences(text, start, len(text))
    assert [text[s:e] for s, e in spans] == [
        "Zirve 2024 г. Baku'da.",
        "Türk Devletleri Teşkilatı'nın 11. Zirvesi sonra geldi.",
        "Son.",
    ]


@pytest.mark.parametrize(
    "question, language, expected",
    [
        # English stems stay as they were: a plural, a verb ending.
        ("Which exercises were reported?", "en", ["exercis", "report"]),
        # Another language: its function words go, a suffix after an apostrophe goes, a word is its first letters.
        ("Кто представлял миграционную службу Казахстана в 2020 году?", "ru", ["предс", "мигра", "служб", "казах", "2020"]),
        ("Bakü'deki panelde Kırgızistan'ı kim temsil etti?", "tr", ["bakü", "panel", "kirgi", "temsi"]),
        ("Qəbələdə keçirilən sammitdə kim çıxış etdi?", "az", ["qəbəl", "keçir", "sammi", "çixiş"]),
    ],
)
def test_a_question_is_read_by_its_own_languages_words_and_stems(question, language, expected):
    assert stemmed_terms(question, language) == expected


def test_an_inflected_word_and_its_other_forms_share_a_stem_in_the_regions_languages():
    assert {stem(w, "ru") for w in ("таможенных", "таможенники", "таможенные")} == {"тамож"}
    assert {stem(w, "tr") for w in ("panelinde", "paneli", "panelde")} == {"panel"}
    assert stem("12", "ru") == "12" and stem("exercises") == stem("exercise")
