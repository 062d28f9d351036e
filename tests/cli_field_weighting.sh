#!/bin/sh
# cli_field_weighting.sh - issue 16: a common phrase in titles must not
# outweigh the query's rare words (BM25F-style field weighting, the presence
# bonus of a relaxed reading), and --explain's entries add up to each score.
# A small collection built with the real CLI, shaped as the archive is: the
# phrase «трудной жизненной ситуации» in the text of nearly every
# application but in four titles only; «кризисный» and «женщин» in some
# texts; one crisis centre for women («Дом надежды»), which says so in its
# text only.  Ranking each field as a word of its own, with the IDF of the
# title terms, put the four titles first and crisis-1 fifth (main before
# issue 16); with one IDF per word the crisis centre is first.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }
{
    i=0
    for who in семьям детям пенсионерам подросткам; do
        i=$((i + 1))
        printf '{"id": "t-%d", "title": "Помощь %s в трудной жизненной ситуации", "description": "Консультации, продуктовые наборы и сопровождение для тех, кому нужна поддержка."}\n' "$i" "$who"
    done
    printf '%s\n' '{"id": "crisis-1", "title": "Дом надежды", "description": "Кризисный центр для женщин, пострадавших от домашнего насилия: временное проживание, психолог и юрист, работа с детьми, группы поддержки, горячая линия."}'
    k=0
    while [ $k -lt 40 ]; do
        k=$((k + 1))
        women=; [ $((k % 2)) -eq 0 ] && women=" для женщин и мужчин"
        crisis=; [ $((k % 4)) -eq 1 ] && crisis=" Помогаем и в кризисной ситуации."
        printf '{"id": "other-%d", "title": "Спортивный праздник %d", "description": "Соревнования%s, в том числе для семей в трудной жизненной ситуации; площадка у молодежного центра номер %d.%s"}\n' "$k" "$k" "$women" "$k" "$crisis"
    done
} > fw.jsonl
$GS index -d fw.db fw.jsonl >/dev/null 2>&1 || fail "cannot index fw.jsonl"
Q="кризисный центр для женщин в трудной жизненной ситуации"
$GS search -d fw.db --format json -n 3 "$Q" >out 2>err || fail "search failed: $(cat err)"
first=$(jget out results.0.number)
[ "$first" = "crisis-1" ] && ok "the crisis centre first" ||
    fail_later "first hit is $first, not crisis-1: the title phrase outweighed the rare words"

# --explain: each hit's entries add up to its score (text and JSON), and
# name the word, its term, kind and fields.
$GS search -d fw.db --format json --explain -n 5 "$Q" >out 2>err || fail "explain failed: $(cat err)"
explain_sums out 5
[ "$(jget out results.0.explain.0.word)" = "кризисный" ] && [ "$(jget out results.0.explain.0.kind)" = "stem" ] &&
    [ "$(jget out results.0.explain.0.wdf.text)" = "1" ] && ok "explain names word, kind, wdf" ||
    fail_later "explain of the first hit: $(jget out results.0.explain.0)"
$GS search -d fw.db -n 1 --explain "title:помощь семьям" >out 2>err
grep -q 'помощь → помощ (stem): text [0-9]*, title 1' out && ok "text explain of a field word" ||
    fail_later "text explain: $(cat out)"
$GS similar -d fw.db -n 1 --explain --id crisis-1 --format json >out 2>err
[ -n "$(jget out results.0.explain.0.term)" ] && ok "similar --explain" || fail_later "similar --explain: $(cat out err)"

# Proximity (the word sketch's positions): of two records with the same
# words as often, the one where they stand together comes first, and
# --explain says what the closeness added.  Twelve such records (and others,
# so that the words have an IDF), so the first block of ten is whole on a
# page of 10; pages of 5 show the same ranks as one page of 10.
{
    k=0
    while [ $k -lt 6 ]; do
        k=$((k + 1))
        printf '{"id": "far-%d", "title": "Проект %d", "description": "Школьная газета выходит раз в месяц. Про музей пишут ученики, а архив помогает с темами краеведения %d."}\n' "$k" "$k" "$k"
        printf '{"id": "near-%d", "title": "Проект %d", "description": "Школьный музей краеведения открыт для всех. Газета пишет ученикам про архив, выставки, экскурсии, встречи и темы месяца %d."}\n' "$k" "$k" "$k"
    done
    while [ $k -lt 36 ]; do
        k=$((k + 1))
        printf '{"id": "other-%d", "title": "Спортивный праздник %d", "description": "Соревнования по футболу для жителей района %d."}\n' "$k" "$k" "$k"
    done
} > prox.jsonl
$GS index -d prox.db prox.jsonl >/dev/null 2>&1 || fail "cannot index prox.jsonl"
$GS search -d prox.db --format json -n 10 --explain музей краеведения >out 2>err || fail "prox search: $(cat err)"
order=$(jget out "results.*.number" | sed 's/-.*//' | uniq | tr '\n' ' ')
[ "$order" = "near far " ] && ok "the words together first" ||
    fail_later "proximity order: $(jget out 'results.*.number' | tr '\n' ' ')"
jget out "results.0.explain.*.kind" | grep -qx proximity && ok "explain lists proximity" ||
    fail_later "explain without proximity: $(jget out results.0.explain)"
$GS search -d prox.db -n 10 --format tsv музей краеведения | cut -f2 >p10 2>err
{ $GS search -d prox.db -n 5 --format tsv музей краеведения; $GS search -d prox.db -n 5 --offset 5 --format tsv музей краеведения; } |
    grep -v '^rank' | cut -f2 >p5
[ "$(grep -v '^number' p10)" = "$(cat p5)" ] && ok "pages of 5 = a page of 10" ||
    fail_later "pages differ: $(tr '\n' ' ' <p10) / $(tr '\n' ' ' <p5)"
pass
