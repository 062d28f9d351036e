/* abbreviations.c - abbreviations never stemmed, whatever their case.
 *
 * An all-capitals short word is already an abbreviation by the tokeniser's
 * rule (see analyzer.c); this list exists for the query side: a user types
 * «омсу» in lower case and must find «ОМСУ», so the lower-case word must not
 * be stemmed to «омс» either.  Only real abbreviations of this domain, and
 * none that is also an ordinary Russian word form (ран, мук, мо are in
 * Snowball's vocabulary and stay out; tests/test_snowball_voc.c checks the
 * whole vocabulary).  Entries are folded forms.  Order is free.
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
    "мку", "муп", "гуп", "доу", "мбук", "мбудо", "гбпоу", "гапоу", "тсж", "снт",
    /* education, health, social services */
    "вуз", "нии", "спо", "огэ", "егэ", "впр", "икт", "цдт", "дюсш", "сош", "дши", "цсо", "тцсо",
    "кцсон", "пмпк", "ппмс", "овз", "рас", "дцп", "вич", "спид", "зож", "пав", "кдн", "пдн",
    "пдд", "дтп",
    /* identifiers and documents */
    "инн", "огрн", "кпп", "окпо", "оквэд", "снилс", "омс",
    /* recent usage */
    "сво", "бпла",
    NULL
};
