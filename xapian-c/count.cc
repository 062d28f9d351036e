/* count.cc - the matches of a query counted without Xapian's matcher:
 * facet counts over every match of a local index (issue 15), and the
 * matches themselves as a bit set (the recheck's listed nodes).
 *
 * A facet search counts every match in a weightless pass.  Through
 * Xapian's matcher that pass costs, at 166,848 records, ~9 ms for an OR
 * of two near-index-sized terms before any spy (a tree of virtual
 * next()/skip_to() calls and a Document per match), where reading the
 * same two posting lists into a bit set takes ~4 ms.  So the query is
 * evaluated here as sets of docids: each term's posting list read once
 * into a bit set, the operators as set operations, and the matches then
 * handed in docid order to the decider and tallied by their codes
 * (codes.cc), as the matcher and the code spy did.  A query holding a
 * part whose matches are not a plain set of its terms' postings
 * (a wildcard's expansion, an elite set, a value range, a phrase, a
 * posting source of another kind than xapc's) is refused with
 * XAPC_UNAVAILABLE: the caller then runs the matcher. */
#include "xapian-c/xapc_private.h"

#include <memory>
#include <unordered_map>
#include <utility>

namespace {

/* A set of docids 1..last as bits (docid d is bit d), or every document
 * of the database (all: not materialised, as an AND needs no list for
 * it: a FixedWeightPostingSource filtered by a word, query/ranking.c). */
struct docset {
    std::unique_ptr<uint64_t[]> w;
    size_t nw = 0;
    bool all = false;
    explicit docset(Xapian::docid last) : w(new uint64_t[last / 64 + 1]()), nw(last / 64 + 1) {}
    void add(Xapian::docid d)
    {
        if (d / 64 < nw)
            w[d / 64] |= 1ull << (d % 64);
    }
};

/* One evaluation: the database, its last docid, and each term's postings
 * read once (a query names a word again in its presence bonus). */
struct evaluation {
    const Xapian::Database &db;
    Xapian::docid last;
    std::unordered_map<std::string, std::unique_ptr<docset>> terms;
};

/* The documents of posting list `term` ("" = every document) into s. */
void add_postings(const Xapian::Database &db, const std::string &term, docset &s)
{
    for (Xapian::PostingIterator p = db.postlist_begin(term), e = db.postlist_end(term); p != e;
         ++p)
        s.add(*p);
}

/* s as bits: every document read when s stands for all. */
void materialise(evaluation &ev, docset &s)
{
    if (s.all)
        add_postings(ev.db, std::string(), s);
    s.all = false;
}

/* The documents of term, from ev's cache or read into it. */
std::unique_ptr<docset> term_set(evaluation &ev, const std::string &term)
{
    std::unique_ptr<docset> s(new docset(ev.last));
    auto it = ev.terms.find(term);
    if (it == ev.terms.end()) {
        std::unique_ptr<docset> read(new docset(ev.last));
        add_postings(ev.db, term, *read);
        it = ev.terms.emplace(term, std::move(read)).first;
    }
    memcpy(s->w.get(), it->second->w.get(), s->nw * sizeof *s->w.get());
    return s;
}

/* Child c combined into s (its i-th part) by q's operator type. */
void combine(evaluation &ev, Xapian::Query::op type, size_t i, docset &s, docset &c)
{
    bool intersect = type == Xapian::Query::OP_AND || type == Xapian::Query::OP_FILTER;
    if (i == 0 || (intersect && s.all)) {
        std::swap(s.w, c.w);
        s.all = c.all;
        return;
    }
    if (intersect && c.all)
        return;  /* every document: s unchanged */
    if (type == Xapian::Query::OP_AND_NOT && c.all) {
        memset(s.w.get(), 0, s.nw * sizeof *s.w.get());
        s.all = false;
        return;
    }
    if (!intersect && type != Xapian::Query::OP_AND_NOT && (s.all || c.all)) {
        if (type != Xapian::Query::OP_XOR) {  /* OR, SYNONYM, MAX */
            s.all = true;
            return;
        }
        materialise(ev, s);
        materialise(ev, c);
    }
    materialise(ev, s);
    for (size_t k = 0; k < s.nw; k++) {
        uint64_t a = s.w[k], b = c.w[k];
        if (intersect)
            s.w[k] = a & b;
        else if (type == Xapian::Query::OP_XOR)
            s.w[k] = a ^ b;
        else if (type == Xapian::Query::OP_AND_NOT)
            s.w[k] = a & ~b;
        else
            s.w[k] = a | b;
    }
}

/* The matches of q on db as a set, or nullptr when q holds a part not
 * evaluated here (XAPC_UNAVAILABLE for the caller).  Each operator keeps
 * the documents Xapian 1.4's matcher gives it, whatever the weights:
 * AND and FILTER all of their parts, OR, SYNONYM and MAX any, XOR an odd
 * number, AND_NOT and AND_MAYBE their first part's, less any other part's
 * for AND_NOT; SCALE_WEIGHT its one part's.  The one posting source xapc
 * makes (xapc_query_fixed_weight) is a FixedWeightPostingSource, which
 * matches every document. */
std::unique_ptr<docset> eval(evaluation &ev, const Xapian::Query &q)
{
    Xapian::Query::op type = q.get_type();
    switch (type) {
    case Xapian::Query::LEAF_MATCH_NOTHING:
        return std::unique_ptr<docset>(new docset(ev.last));
    case Xapian::Query::LEAF_MATCH_ALL:
    case Xapian::Query::LEAF_POSTING_SOURCE: {
        std::unique_ptr<docset> s(new docset(ev.last));
        s->all = true;
        return s;
    }
    case Xapian::Query::LEAF_TERM:
        return term_set(ev, *q.get_terms_begin());
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_SCALE_WEIGHT:
        break;
    default:
        return nullptr;
    }
    size_t n = q.get_num_subqueries();
    if (type == Xapian::Query::OP_AND_MAYBE || type == Xapian::Query::OP_SCALE_WEIGHT)
        n = n ? 1 : 0;  /* the others only weigh */
    std::unique_ptr<docset> s(new docset(ev.last));
    for (size_t i = 0; i < n; i++) {
        std::unique_ptr<docset> c = eval(ev, q.get_subquery(i));
        if (!c)
            return nullptr;
        combine(ev, type, i, *s, *c);
    }
    return s;
}

} // namespace

XAPC_API xapc_status_t xapc_db_count_codes(xapc_db_t *db, const xapc_query_t *q,
                                           xapc_decider_fn fn, void *ctx,
                                           const xapc_codes_t *const *codes,
                                           uint32_t *const *counts, size_t n, uint32_t *matches)
{
    if (!db || !q || !matches || (n && (!codes || !counts)))
        return XAPC_INVALID_ARGUMENT;
    *matches = 0;
    if (db->db.size() != 1)
        return XAPC_UNAVAILABLE;  /* a shard's docids are not the combined ones */
    return guard(nullptr, [&] {
        Xapian::docid last = db->db.get_lastdocid();
        evaluation ev{db->db, last, {}};
        std::unique_ptr<docset> s = eval(ev, q->q);
        if (!s)
            return XAPC_UNAVAILABLE;
        materialise(ev, *s);
        uint32_t kept = 0;
        for (size_t k = 0; k < s->nw; k++)
            for (uint64_t bits = s->w[k]; bits; bits &= bits - 1) {
                Xapian::docid did = (Xapian::docid)(k * 64 + __builtin_ctzll(bits));
                if (fn) {
                    /* As the matcher hands a decider its candidate: the
                     * document opened lazily, read only if asked. */
                    Xapian::Document doc = db->db.get_document(did, Xapian::DOC_ASSUME_VALID);
                    xapc_candidate c;
                    c.doc = &doc;
                    bool keep = fn(ctx, &c) != 0;
                    if (c.error)
                        std::rethrow_exception(c.error);
                    if (!keep)
                        continue;
                }
                kept++;
                for (size_t j = 0; j < n; j++)
                    counts[j][did < codes[j]->ncode ? codes[j]->code[did] : 0]++;
            }
        *matches = kept;
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_db_query_bits(xapc_db_t *db, const xapc_query_t *q, unsigned char *bits,
                                          size_t nbits)
{
    if (!db || !q || (nbits && !bits))
        return XAPC_INVALID_ARGUMENT;
    if (db->db.size() != 1)
        return XAPC_UNAVAILABLE;  /* a shard's docids are not the combined ones */
    return guard(nullptr, [&] {
        evaluation ev{db->db, db->db.get_lastdocid(), {}};
        std::unique_ptr<docset> s = eval(ev, q->q);
        if (!s)
            return XAPC_UNAVAILABLE;
        materialise(ev, *s);
        for (size_t k = 0; k < s->nw; k++)
            for (uint64_t w = s->w[k]; w; w &= w - 1) {
                size_t d = k * 64 + (size_t)__builtin_ctzll(w);
                if (d < nbits)
                    bits[d / 8] |= (unsigned char)(1u << (d % 8));
            }
        return XAPC_OK;
    });
}
