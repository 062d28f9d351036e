/* enquire.cc - running a query: the enquire handle, BM25 and sorting, match deciders, facet spies, result pages. */
#include "xapian-c/xapc_private.h"

#include <exception>
#include <memory>
#include <utility>
#include <vector>

/* ------------------------------------------------------------------ */
/* Handles                                                             */

/* A value-count match spy, owned by its enquire. */
struct xapc_spy {
    xapc_slot_t slot;
    /* Replaced by a fresh spy before every get_mset, so the counts are
     * those of the last match (Xapian's spies accumulate otherwise). */
    std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    Xapian::TermIterator it, end;
    bool started = false;
    std::string value; /* the current value (spy-owned result) */
};

/* Tallies precomputed value codes (codes.cc) of every match: per slot k,
 * counts[k][code of the match] += 1.  One virtual call per match, no
 * value read.  A docid past the codes (they must be of the database's
 * revision: the caller checks) counts as code 0, "no value". */
class CodeSpy : public Xapian::MatchSpy {
  public:
    std::vector<const xapc_codes_t *> codes;
    std::vector<uint32_t *> counts;
    void operator()(const Xapian::Document &doc, double) override
    {
        Xapian::docid did = doc.get_docid();
        for (size_t k = 0; k < codes.size(); k++) {
            const xapc_codes_t *c = codes[k];
            counts[k][did < c->ncode ? c->code[did] : 0]++;
        }
    }
};

/* A C callback as a Xapian::MatchDecider. */
class CDecider : public Xapian::MatchDecider {
  public:
    xapc_decider_fn fn = nullptr;
    void *ctx = nullptr;
    bool operator()(const Xapian::Document &doc) const override
    {
        xapc_candidate c;
        c.doc = &doc;
        bool keep = fn(ctx, &c) != 0;
        if (c.error)
            std::rethrow_exception(c.error);
        return keep;
    }
};

/* A search session; keeps the message of its last failure. */
struct xapc_enquire {
    Xapian::Database db;
    CDecider decider;
    /* Declared before enq so they outlive it (members die in reverse). */
    std::vector<std::unique_ptr<xapc_spy>> spies;
    std::unique_ptr<CodeSpy> codespy; /* xapc_enquire_add_code_spy */
    Xapian::Enquire enq;
    std::string err;

    explicit xapc_enquire(const Xapian::Database &d) : db(d), enq(d) {}
};

/* A page of results; reports a status only. */
struct xapc_mset {
    Xapian::MSet ms;
};

/* ------------------------------------------------------------------ */
/* Enquire                                                             */

XAPC_API xapc_status_t xapc_enquire_create(xapc_db_t *db, xapc_enquire_t **out)
{
    if (!db || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        *out = new xapc_enquire_t(db->db);
        return XAPC_OK;
    });
}

XAPC_API void xapc_enquire_destroy(xapc_enquire_t *enq)
{
    delete enq;
}

XAPC_API const char *xapc_enquire_last_error(const xapc_enquire_t *enq)
{
    return enq ? enq->err.c_str() : "";
}

XAPC_API xapc_status_t xapc_enquire_set_query(xapc_enquire_t *enq, const xapc_query_t *q)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!q)
        return fail(&enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_set_query: query is NULL");
    return guard(&enq->err, [&] {
        enq->enq.set_query(q->q);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_set_bm25(xapc_enquire_t *enq, double k1, double k2,
                                               double k3, double b, double min_normlen)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    return guard(&enq->err, [&] {
        enq->enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
        return XAPC_OK;
    });
}

namespace {
/* Weights 0 that need the wdf, so Xapian keeps each term's own postings
 * (xapc_enquire_set_no_weights). */
class ZeroWeight : public Xapian::Weight {
  public:
    ZeroWeight() { need_stat(WDF); }
    Xapian::Weight *clone() const override { return new ZeroWeight; }
    void init(double) override {}
    double get_sumpart(Xapian::termcount, Xapian::termcount, Xapian::termcount) const override
    {
        return 0;
    }
    double get_maxpart() const override { return 0; }
    double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
    double get_maxextra() const override { return 0; }
};
} // namespace

XAPC_API xapc_status_t xapc_enquire_set_no_weights(xapc_enquire_t *enq)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    return guard(&enq->err, [&] {
        enq->enq.set_weighting_scheme(ZeroWeight());
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_set_sort(xapc_enquire_t *enq, int slot, int reverse)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    return guard(&enq->err, [&] {
        if (slot < 0)
            enq->enq.set_sort_by_relevance();
        else
            enq->enq.set_sort_by_value_then_relevance((Xapian::valueno)slot, reverse != 0);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_add_value_spy(xapc_enquire_t *enq, xapc_slot_t slot,
                                                    xapc_spy_t **out)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(&enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_add_value_spy: out is NULL");
    *out = nullptr;
    return guard(&enq->err, [&] {
        std::unique_ptr<xapc_spy_t> s(new xapc_spy_t);
        s->slot = slot;
        s->spy.reset(new Xapian::ValueCountMatchSpy(slot));
        enq->spies.reserve(enq->spies.size() + 1);
        enq->enq.add_matchspy(s->spy.get());
        *out = s.get();
        enq->spies.push_back(std::move(s));
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_add_code_spy(xapc_enquire_t *enq,
                                                  const xapc_codes_t *const *codes,
                                                  uint32_t *const *counts, size_t n)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (enq->codespy || (n && (!codes || !counts)))
        return fail(&enq->err, XAPC_INVALID_ARGUMENT,
                    "xapc_enquire_add_code_spy: one spy per enquire, with its codes and counts");
    for (size_t k = 0; k < n; k++)
        if (!codes[k] || !counts[k])
            return fail(&enq->err, XAPC_INVALID_ARGUMENT,
                        "xapc_enquire_add_code_spy: a slot without codes or counts");
    return guard(&enq->err, [&] {
        std::unique_ptr<CodeSpy> spy(new CodeSpy);
        spy->codes.assign(codes, codes + n);
        spy->counts.assign(counts, counts + n);
        enq->enq.add_matchspy(spy.get());
        enq->codespy = std::move(spy);
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_enquire_get_mset(xapc_enquire_t *enq, uint32_t first,
                                               uint32_t maxitems, uint32_t checkatleast,
                                               xapc_mset_t **out)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    if (!out)
        return fail(&enq->err, XAPC_INVALID_ARGUMENT, "xapc_enquire_get_mset: out is NULL");
    *out = nullptr;
    return guard(&enq->err, [&] {
        std::unique_ptr<xapc_mset_t> m(new xapc_mset_t);
        if (!enq->spies.empty()) {
            /* Fresh spies, so the counts describe this match only (the
             * code spy adds to its caller's counts: added back as is). */
            enq->enq.clear_matchspies();
            if (enq->codespy)
                enq->enq.add_matchspy(enq->codespy.get());
            for (auto &s : enq->spies) {
                s->it = s->end = Xapian::TermIterator();
                s->started = false;
                s->spy.reset(new Xapian::ValueCountMatchSpy(s->slot));
                enq->enq.add_matchspy(s->spy.get());
            }
        }
        m->ms = enq->enq.get_mset(first, maxitems, checkatleast, nullptr,
                                  enq->decider.fn ? &enq->decider : nullptr);
        *out = m.release();
        return XAPC_OK;
    });
}

/* ------------------------------------------------------------------ */
/* Match decider                                                       */

XAPC_API xapc_status_t xapc_enquire_set_decider(xapc_enquire_t *enq, xapc_decider_fn fn,
                                                 void *ctx)
{
    if (!enq)
        return XAPC_INVALID_ARGUMENT;
    enq->decider.fn = fn;
    enq->decider.ctx = ctx;
    return XAPC_OK;
}

XAPC_API xapc_docid_t xapc_candidate_docid(const xapc_candidate_t *c)
{
    return c ? c->doc->get_docid() : 0;
}

/* Read one string of the candidate; on failure keep the exception for
 * CDecider (get_mset then fails with it) and report its status. */
template <class F>
static xapc_status_t candidate_read(xapc_candidate_t *c, std::string &dst, const char **out,
                                    size_t *len, F f)
{
    if (!out || !len)
        return XAPC_INVALID_ARGUMENT;
    try {
        dst = f();
        hand_out(dst, out, len);
        return XAPC_OK;
    } catch (...) {
        c->error = std::current_exception();
        return map_exception(nullptr);
    }
}

XAPC_API xapc_status_t xapc_candidate_value(xapc_candidate_t *c, xapc_slot_t slot,
                                              const char **val, size_t *len)
{
    if (!c)
        return XAPC_INVALID_ARGUMENT;
    return candidate_read(c, c->value, val, len, [&] { return c->doc->get_value(slot); });
}

XAPC_API xapc_status_t xapc_candidate_data(xapc_candidate_t *c, const char **data, size_t *len)
{
    if (!c)
        return XAPC_INVALID_ARGUMENT;
    return candidate_read(c, c->data, data, len, [&] { return c->doc->get_data(); });
}

/* ------------------------------------------------------------------ */
/* Facet spy                                                           */

XAPC_API int xapc_spy_next(xapc_spy_t *spy, const char **val, size_t *len, uint32_t *count)
{
    if (!spy || !spy->spy)
        return 0;
    try {
        if (!spy->started) {
            spy->it = spy->spy->values_begin();
            spy->end = spy->spy->values_end();
            spy->started = true;
        }
        if (spy->it == spy->end)
            return 0;
        spy->value = *spy->it;
        uint32_t c = spy->it.get_termfreq();
        ++spy->it;
        hand_out(spy->value, val, len);
        if (count)
            *count = c;
        return 1;
    } catch (...) {
        return 0;
    }
}

XAPC_API void xapc_spy_rewind(xapc_spy_t *spy)
{
    if (!spy)
        return;
    spy->started = false;
    spy->it = spy->end = Xapian::TermIterator();
}

/* ------------------------------------------------------------------ */
/* Result page                                                         */

XAPC_API uint32_t xapc_mset_size(const xapc_mset_t *ms)
{
    return ms ? ms->ms.size() : 0;
}

XAPC_API uint32_t xapc_mset_matches_estimated(const xapc_mset_t *ms)
{
    return ms ? ms->ms.get_matches_estimated() : 0;
}

XAPC_API uint32_t xapc_mset_matches_lower_bound(const xapc_mset_t *ms)
{
    return ms ? ms->ms.get_matches_lower_bound() : 0;
}

XAPC_API uint32_t xapc_mset_matches_upper_bound(const xapc_mset_t *ms)
{
    return ms ? ms->ms.get_matches_upper_bound() : 0;
}

XAPC_API xapc_docid_t xapc_mset_docid(const xapc_mset_t *ms, uint32_t i)
{
    if (!ms || i >= ms->ms.size())
        return 0;
    return guard_value<xapc_docid_t>(nullptr, 0, [&] { return *ms->ms[i]; });
}

XAPC_API double xapc_mset_weight(const xapc_mset_t *ms, uint32_t i)
{
    if (!ms || i >= ms->ms.size())
        return 0.0;
    return guard_value<double>(nullptr, 0.0, [&] { return ms->ms[i].get_weight(); });
}

/* MSet::fetch: ask for all the page's documents at once, so that a remote
 * database sends them in one exchange instead of one round trip each.
 * (Not on an empty page: 1.4's fetch_items then reads past the items.) */
XAPC_API xapc_status_t xapc_mset_fetch(xapc_mset_t *ms)
{
    if (!ms)
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        if (!ms->ms.empty())
            ms->ms.fetch(ms->ms.begin(), ms->ms.end());
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_mset_document(xapc_mset_t *ms, uint32_t i, xapc_doc_t **out)
{
    if (!ms || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    if (i >= ms->ms.size())
        return XAPC_INVALID_ARGUMENT;
    return guard(nullptr, [&] {
        std::unique_ptr<xapc_doc_t> d(new xapc_doc_t);
        d->doc = ms->ms[i].get_document();
        *out = d.release();
        return XAPC_OK;
    });
}

XAPC_API void xapc_mset_destroy(xapc_mset_t *ms)
{
    delete ms;
}
