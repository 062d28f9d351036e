/* query.cc - the query handle: terms, operators, weights, value ranges, wildcards. */
#include "xapian-c/xapc_private.h"

#include <memory>
#include <vector>

namespace {

/* Wrap a freshly built query; NULL on any failure (the header's contract). */
template <class F>
xapc_query_t *make_query(F f)
{
    try {
        std::unique_ptr<xapc_query_t> q(new xapc_query_t);
        q->q = f();
        return q.release();
    } catch (...) {
        return nullptr;
    }
}

bool map_op(int op, Xapian::Query::op *out)
{
    switch (op) {
    case XAPC_OP_AND: *out = Xapian::Query::OP_AND; return true;
    case XAPC_OP_OR: *out = Xapian::Query::OP_OR; return true;
    case XAPC_OP_AND_NOT: *out = Xapian::Query::OP_AND_NOT; return true;
    case XAPC_OP_XOR: *out = Xapian::Query::OP_XOR; return true;
    case XAPC_OP_AND_MAYBE: *out = Xapian::Query::OP_AND_MAYBE; return true;
    case XAPC_OP_FILTER: *out = Xapian::Query::OP_FILTER; return true;
    case XAPC_OP_NEAR: *out = Xapian::Query::OP_NEAR; return true;
    case XAPC_OP_PHRASE: *out = Xapian::Query::OP_PHRASE; return true;
    case XAPC_OP_ELITE_SET: *out = Xapian::Query::OP_ELITE_SET; return true;
    case XAPC_OP_SYNONYM: *out = Xapian::Query::OP_SYNONYM; return true;
    case XAPC_OP_MAX: *out = Xapian::Query::OP_MAX; return true;
    }
    return false;
}

} /* namespace */

XAPC_API xapc_query_t *xapc_query_term(const char *term, size_t len, uint32_t wqf,
                                         xapc_termpos_t pos)
{
    if (!term && len)
        return nullptr;
    return make_query([&] { return Xapian::Query(str(term, len), wqf, pos); });
}

XAPC_API xapc_query_t *xapc_query_combine(xapc_op_t c_op, xapc_query_t *const *subs,
                                            size_t n, uint32_t param)
{
    Xapian::Query::op xop;
    int op = enum_value(c_op);
    if (!map_op(op, &xop) || (n && !subs))
        return nullptr;
    for (size_t i = 0; i < n; i++)
        if (!subs[i])
            return nullptr;
    return make_query([&] {
        std::vector<Xapian::Query> v(n);
        for (size_t i = 0; i < n; i++)
            v[i] = subs[i]->q;
        Xapian::termcount p = 0;
        if (op == XAPC_OP_NEAR || op == XAPC_OP_PHRASE)
            p = param; /* 0 = Xapian's default: the number of subqueries */
        else if (op == XAPC_OP_ELITE_SET)
            p = param ? param : 10;
        return Xapian::Query(xop, v.begin(), v.end(), p);
    });
}

XAPC_API xapc_query_t *xapc_query_scale(const xapc_query_t *q, double factor)
{
    if (!q || !(factor >= 0.0))
        return nullptr;
    return make_query([&] { return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor); });
}

XAPC_API xapc_query_t *xapc_query_value_range(xapc_slot_t slot, const char *lo,
                                                size_t lo_len, const char *hi, size_t hi_len)
{
    return make_query([&] {
        if (lo && hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, std::string(lo, lo_len),
                                 std::string(hi, hi_len));
        if (hi)
            return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, std::string(hi, hi_len));
        /* lo only, or both open.  Xapian turns VALUE_GE "" into MatchAll,
         * which would also match documents with no value in the slot; one
         * NUL byte is the least non-empty value, so it keeps exactly the
         * documents that have one. */
        std::string low = str(lo, lo_len);
        if (low.empty())
            low.assign(1, '\0');
        return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, low);
    });
}

XAPC_API xapc_query_t *xapc_query_wildcard(const char *prefix, size_t len,
                                             uint32_t max_expansion)
{
    if (!prefix && len)
        return nullptr;
    /* Xapian 1.4 treats max_expansion 0 as "keep the 0 most frequent" under
     * WILDCARD_LIMIT_MOST_FREQUENT (the query then matches nothing), so
     * "unlimited" uses the plain mode, where 0 means no limit. */
    int limit = max_expansion ? Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT
                              : Xapian::Query::WILDCARD_LIMIT_ERROR;
    return make_query([&] {
        return Xapian::Query(Xapian::Query::OP_WILDCARD, str(prefix, len), max_expansion,
                             limit, Xapian::Query::OP_SYNONYM);
    });
}

XAPC_API xapc_query_t *xapc_query_match_all(void)
{
    return make_query([] { return Xapian::Query::MatchAll; });
}

XAPC_API xapc_query_t *xapc_query_fixed_weight(double w)
{
    if (!(w >= 0))
        return nullptr;
    return make_query([&] {
        return Xapian::Query((new Xapian::FixedWeightPostingSource(w))->release());
    });
}

XAPC_API xapc_query_t *xapc_query_match_nothing(void)
{
    return make_query([] { return Xapian::Query::MatchNothing; });
}

XAPC_API xapc_query_t *xapc_query_copy(const xapc_query_t *q)
{
    if (!q)
        return nullptr;
    return make_query([&] { return q->q; });
}

XAPC_API void xapc_query_destroy(xapc_query_t *q)
{
    delete q;
}
