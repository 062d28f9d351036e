# gen_queries.awk - the work of gen_queries.sh (see there).  Byte-oriented
# (LC_ALL=C): a Cyrillic letter is 2 bytes, cut only at even offsets.

# Park-Miller minimal standard generator: products stay below 2^46, exact in doubles.
function rnd() { rng = (rng * 16807) % 2147483647; return rng / 2147483647 }
function pick(n) { return int(rnd() * n) }

# The text of one CSV cell: outer quotes dropped, doubled quotes undone.
function unq(s) {
    if (substr(s, 1, 1) == "\"") { s = substr(s, 2, length(s) - 2); gsub(/""/, "\"", s) }
    return s
}

# Words of a text with punctuation (sentence ends kept as a "|" token, so
# phrases never cross them) -> W[1..n]; returns n.
function words(s,   n) {
    gsub(/«|»|"|\(|\)|\/|:|;|—|–|…/, " ", s)
    gsub(/[.!?]( |$)|\n|, /, " | ", s)
    gsub(/,/, " ", s)
    n = split(s, W, /[ \t\r]+/)
    return n
}
function is_word(w) { return w != "" && w != "|" && w !~ /^[-0-9%]/ && w !~ /-$/ }
function all_cyr(w) { return w ~ /^([\320\321][\200-\277])+(-([\320\321][\200-\277])+)*$/ }
function content(w) { return is_word(w) && all_cyr(w) && length(w) >= 8 && w !~ /-/ }

# A random word satisfying kind ("content", "hyphen") from a random record's text.
function rand_word(kind,   r, n, i, k, w) {
    for (k = 0; k < 200; k++) {
        r = 1 + pick(nrec); n = words(TEXT[r])
        i = 1 + pick(n)
        for (; i <= n; i++) {
            w = W[i]
            if (kind == "content" && content(w)) { WI = i; return w }
            if (kind == "hyphen" && is_word(w) && all_cyr(w) && w ~ /-/) { WI = i; return w }
        }
    }
    return "проект"
}
# A phrase of len words from one sentence of a random record.
function rand_phrase(len,   r, n, i, j, k, s, ok) {
    for (k = 0; k < 500; k++) {
        r = 1 + pick(nrec); n = words(TEXT[r])
        if (n <= len) continue
        i = 1 + pick(n - len)
        ok = 1; s = ""
        for (j = i; j < i + len; j++) {
            if (!is_word(W[j]) || !all_cyr(W[j])) { ok = 0; break }
            s = s (j > i ? " " : "") W[j]
        }
        if (ok) return s
    }
    return "социальный проект"
}
function q_hyphen(   w, i, c) {
    if (pick(6) == 0) return FIXED[1 + pick(nfixed)]
    w = rand_word("hyphen"); i = WI
    c = pick(3)
    if (c == 1 && i > 1 && is_word(W[i - 1])) return W[i - 1] " " w
    if (c == 2 && is_word(W[i + 1])) return w " " W[i + 1]
    return w
}
function q_abbr(   g, c, w) {
    g = 1 + pick(nsyn); c = pick(4)
    if (c == 0) return ABBR[g]
    if (c == 1) return ABBR[g] " " rand_word("content")
    if (c == 2) return EXP[g]
    return rand_word("content") " " EXP[g]
}
function q_phrase() { return "\"" rand_phrase(2 + pick(3)) "\"" }
function q_form(   w) {
    w = "=" rand_word("content")
    return pick(2) ? w : w " " rand_word("content")
}
function q_field(   r, n, i, k, f) {
    f = pick(2) ? "title" : "description"
    for (k = 0; k < 200; k++) {
        r = 1 + pick(nrec); n = words(f == "title" ? TITLE[r] : DESC[r])
        i = 1 + pick(n)
        for (; i <= n; i++) if (content(W[i])) {
            return pick(3) ? f ":" W[i] : f ":" W[i] " " rand_word("content")
        }
    }
    return f ":проект"
}
function q_prefix(   w, k) {
    k = 3 + pick(4)
    do w = rand_word("content"); while (length(w) < 2 * k + 2)
    w = substr(w, 1, 2 * k) "*"
    return pick(3) ? w : rand_word("content") " " w
}
function q_filter(   r, c, q) {
    q = pick(3) ? rand_word("content") : rand_phrase(2)
    r = 1 + pick(nrec); c = pick(4)
    if (c == 0) return q " status:" (pick(2) ? "winner" : "rejected")
    if (c == 1) return q " year:" YEAR[r]
    if (c == 2) return q " year:" (2017 + pick(4)) ".." (2021 + pick(5))
    return q " region:\"" REGION[r] "\""
}
function q_facets() { return pick(2) ? rand_word("content") : rand_phrase(2) }
function q_plain() { return PLAIN[1 + pick(nplain)] }

function gen(cls) {
    if (cls == "hyphen") return q_hyphen()
    if (cls == "abbr") return q_abbr()
    if (cls == "phrase") return q_phrase()
    if (cls == "form") return q_form()
    if (cls == "field") return q_field()
    if (cls == "prefix") return q_prefix()
    if (cls == "filter") return q_filter()
    if (cls == "facets") return q_facets()
    return q_plain()
}

BEGIN {
    rng = seed % 2147483646 + 1
    nfixed = split("всё по-другому|из-за|по-новому|кое-что|социально-ориентированных", FIXED, "|")
    while ((getline line < syn) > 0) {
        if (line ~ /^#/ || line !~ /=/) continue
        k = split(line, parts, / *= */)
        nsyn++; ABBR[nsyn] = parts[1]; EXP[nsyn] = parts[2]
        gsub(/^ +| +$/, "", ABBR[nsyn]); gsub(/^ +| +$/, "", EXP[nsyn])
    }
    nplain = 0
    while ((getline line < (out "/plain")) > 0) PLAIN[++nplain] = line
    pend = ""
}
# A CSV record may span lines (quoted line breaks): join until the quotes balance.
{
    pend = (pend == "" ? $0 : pend "\n" $0)
    if (gsub(/"/, "\"", pend) % 2) next
    rec = pend; pend = ""
    if (++nlines == 1) next                       # the header
    n = split(rec, F, ";")
    if (n != 29) next
    nrec++
    TITLE[nrec] = unq(F[1]); YEAR[nrec] = F[3]; REGION[nrec] = unq(F[6])
    DESC[nrec] = unq(F[17])
    TEXT[nrec] = TITLE[nrec] ". " DESC[nrec] ". " unq(F[18]) ". " unq(F[19]) ". " unq(F[20]) ". " unq(F[22])
    if (nrec >= maxrec) exit
}
END {
    nc = split("hyphen abbr phrase form field prefix filter facets", CLS, " ")
    for (c = 1; c <= nc; c++) {
        f = out "/" CLS[c]
        if (CLS[c] == "hyphen") for (i = 1; i <= nfixed; i++) print FIXED[i] > f
        for (i = (CLS[c] == "hyphen" ? nfixed + 1 : 1); i <= per; i++) print gen(CLS[c]) > f
        close(f)
    }
    # The mixed set: every class, the plain keywords most often (as users type).
    split("plain plain plain hyphen abbr phrase form field prefix filter", MIX, " ")
    f = out "/mixed"
    for (i = 1; i <= nfixed; i++) print FIXED[i] > f
    for (i = nfixed + 1; i <= nmixed; i++) print gen(MIX[1 + pick(10)]) > f
    close(f)
}
