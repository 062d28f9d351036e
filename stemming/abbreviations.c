/* abbreviations.c - abbreviations never stemmed, whatever their case.
 *
 * An abbreviation's term is its folded form in capitals (analyzer.c), so
 * «РАС» never meets the stem of «раса»; a word of this list is that term in
 * any case: a user types «омсу» in lower case and must find «ОМСУ».  An
 * all-capitals word outside the lists is an ordinary word (ДЕТИ, ФОНД),
 * unless it has no vowel (КМНС: no Russian word form looks so, and Snowball
 * leaves such a word whole anyway).  Only real abbreviations of this domain,
 * and none that is also an ordinary Russian word form (ран, мук, мо are in
 * Snowball's vocabulary and stay out; tests/test_snowball_voc.c checks the
 * whole vocabulary; вуз and спид are declined nouns, вуза, спида, and are
 * ordinary words).  Every abbreviation of data/synonyms.txt is here too, so
 * the indexer, which does not read that file, gives it the same term
 * (tests/test_analyzer.c checks).  Entries are folded forms.  Order is free.
 */
#include "stemming/wordlist.h"

#include <stddef.h>

const char *const gs_abbreviation_list[] = {
    /* non-profits, authorities and programmes of the Fund's domain */
    "нко", "сонко", "омсу", "мсу", "тос", "ано", "фпг", "пфки", "оон", "юнеско",
    "рф", "ссср", "мчс", "мвд", "фсб", "фнс", "ифнс", "пфр", "фсс", "сфр", "фсин", "уфсин", "фссп",
    "рпц", "сми", "жкх", "апк", "мсп", "ндс", "мфц", "фгос", "фз", "ук", "гто", "досааф", "вдпо",
    "рдш", "днр", "лнр", "хмао", "янао", "кбр", "кчр",
    /* organisation forms */
    "ооо", "оао", "пао", "зао", "ип", "гбу", "мбу", "мбоу", "мадоу", "мбдоу", "гбоу", "мау",
    "мку", "муп", "гуп", "доу", "моу", "маоу", "мкоу", "оу", "мбук", "мбудо", "гбпоу", "гапоу", "тсж", "снт",
    /* education, health, social services */
    "нии", "спо", "огэ", "егэ", "впр", "икт", "цдт", "дюсш", "сош", "дши", "цсо", "тцсо",
    "кцсон", "пмпк", "ппмс", "овз", "дцп", "вич", "зож", "кдн", "пдн",
    "пдд", "дтп",
    /* identifiers and documents */
    "инн", "огрн", "кпп", "окпо", "оквэд", "снилс", "омс",
    /* recent usage */
    "сво", "бпла",
    /* data/synonyms.txt */
    "вов", "кмнс", "тжс", "ловз", "окн",
    NULL
};

/* Abbreviations that spell an ordinary word form in lower case: «РАС»
 * (расстройства аутистического спектра) but «рас» (of «раса»), «ПАВ» but
 * «пав», «ПНИ» but «пни».  Only in capitals are they abbreviations. */
const char *const gs_abbreviation_caps_list[] = {
    "рас", "пав", "пни",
    NULL
};
