#!/bin/sh
# cli_thesaurus_media.sh - issue 16 (rel16g): the shipped thesaurus's line
# for journalism (data/thesaurus.txt).  School media work is written up as
# «медиатворчество», «медиаобразование» as often as «журналистика» (dev
# query 118 «обучение школьников журналистике»: its best records say
# «медиатворчество»), so the related line names them.  And the line no
# longer holds «медиа»: Snowball stems it «мед», the stem of «мёд», so a
# query for journalism found beekeeping.  Main before this change: MEDIA
# not found, HONEY found.  A small collection, the shipped thesaurus.
. "${top_srcdir:-.}/tests/lib.sh"
export LC_ALL=C.UTF-8
ok() { echo "ok: $*"; }

{
    printf '%s\n' '{"id":"PRESS","number":"26-6-000001","title":"Школьная редакция","description":"Юные журналисты выпускают газету."}'
    printf '%s\n' '{"id":"MEDIA","number":"26-6-000002","title":"Медиатон","description":"Соревнование по медиатворчеству для подростков."}'
    printf '%s\n' '{"id":"EDU","number":"26-6-000003","title":"Кадр","description":"Курс медиаобразования в сельской школе."}'
    printf '%s\n' '{"id":"HONEY","number":"26-6-000004","title":"Пасека","description":"Мёд и мед с пасеки, медом угощаем гостей."}'
    filler_jsonl 20 26-6
} >r.jsonl
$GS index -d t.db r.jsonl >/dev/null 2>index.err || fail "index failed: $(cat index.err)"
$GS search -d t.db --format tsv -n 50 журналистика >out 2>err || fail "search failed: $(cat err)"
found=$(cut -f2 out | tail -n +2 | tr '\n' ' ')
[ "$(sed -n 2p out | cut -f2)" = 26-6-000001 ] && ok "the typed word's record first" ||
    fail_later "first hit $(sed -n 2p out | cut -f2), wanted 26-6-000001"
for n in 26-6-000002 26-6-000003; do
    case " $found" in
        *" $n "*) ok "$n (медиатворчество / медиаобразование) found" ;;
        *) fail_later "$n not found: $found" ;;
    esac
done
case " $found" in
    *" 26-6-000004 "*) fail_later "journalism finds honey: $found" ;;
    *) ok "no honey for journalism" ;;
esac
pass
