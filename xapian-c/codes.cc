/* codes.cc - a value slot as small codes per document, and the spy that
 * tallies them: facet counting without reading each match's values.
 *
 * Xapian's ValueCountMatchSpy reads every match's value through the
 * document (a B-tree lookup per value) and counts it in a map of strings:
 * at 166,848 matches and five slots about 95 ms, most of a facet search.
 * Read once, in docid order from the slot's value stream, a slot becomes
 * a code per docid (0 = no value) and a table of its distinct values; a
 * search then counts codes, an array increment per match and slot.
 * Local databases of one shard only: a spy sees a shard's own docids. */
#include "xapian-c/xapc_private.h"

#include <memory>
#include <unordered_map>

namespace {
/* A value's hash from its length and three 8-byte windows (start, middle,
 * end): facet values are few and differ there, and hashing every byte of
 * every document's value was a third of reading a slot.  A type of ours, so
 * the table's members are not default-visible (tests/xapc_symbols.sh). */
struct value_hash {
    size_t operator()(const std::string &s) const
    {
        uint64_t h = s.size() * 0x9E3779B97F4A7C15ull, w[3] = {0, 0, 0};
        size_t n = s.size() < 8 ? s.size() : 8;
        memcpy(&w[0], s.data(), n);
        memcpy(&w[1], s.data() + (s.size() - n) / 2, n);
        memcpy(&w[2], s.data() + s.size() - n, n);
        for (uint64_t x : w)
            h = (h ^ x) * 0xFF51AFD7ED558CCDull, h ^= h >> 32;
        return (size_t)h;
    }
};
} // namespace

XAPC_API xapc_status_t xapc_codes_build(xapc_db_t *db, xapc_slot_t slot, uint32_t max_values,
                                        xapc_codes_t **out)
{
    if (!db || !out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    if (max_values > UINT16_MAX)
        max_values = UINT16_MAX;
    return guard(nullptr, [&] {
        std::unique_ptr<xapc_codes_t> c(new xapc_codes_t);
        c->ncode = (size_t)db->db.get_lastdocid() + 1;
        c->code.reset(new uint16_t[c->ncode]());
        std::unordered_map<std::string, uint16_t, value_hash> seen;
        for (Xapian::ValueIterator v = db->db.valuestream_begin(slot);
             v != db->db.valuestream_end(slot); ++v) {
            std::string val = *v;
            Xapian::docid did = v.get_docid();
            if (val.empty() || did >= c->ncode)
                continue;
            auto it = seen.find(val);
            if (it == seen.end()) {
                if (c->values.size() >= max_values)
                    return XAPC_UNAVAILABLE;  /* too many for codes: count otherwise */
                c->values.push_back(codes_value{val});
                it = seen.emplace(std::move(val), (uint16_t)c->values.size()).first;
            }
            c->code[did] = it->second;
        }
        *out = c.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_codes_create(uint32_t ncode, xapc_codes_t **out)
{
    if (!out)
        return XAPC_INVALID_ARGUMENT;
    *out = nullptr;
    return guard(nullptr, [&] {
        std::unique_ptr<xapc_codes_t> c(new xapc_codes_t);
        c->ncode = ncode;
        c->code.reset(new uint16_t[ncode ? ncode : 1]());
        *out = c.release();
        return XAPC_OK;
    });
}

XAPC_API xapc_status_t xapc_codes_add_value(xapc_codes_t *c, const char *val, size_t len)
{
    if (!c || (!val && len))
        return XAPC_INVALID_ARGUMENT;
    if (c->values.size() >= UINT16_MAX)
        return XAPC_UNAVAILABLE;
    return guard(nullptr, [&] {
        c->values.push_back(codes_value{std::string(val ? val : "", len)});
        return XAPC_OK;
    });
}

XAPC_API uint16_t *xapc_codes_array(xapc_codes_t *c)
{
    return c ? c->code.get() : nullptr;
}

XAPC_API void xapc_codes_destroy(xapc_codes_t *c)
{
    delete c;
}

XAPC_API uint32_t xapc_codes_count(const xapc_codes_t *c)
{
    return c ? (uint32_t)c->values.size() : 0;
}

XAPC_API void xapc_codes_value(const xapc_codes_t *c, uint32_t code, const char **val,
                               size_t *len)
{
    static const std::string none;
    const std::string &s = c && code > 0 && code <= c->values.size() ? c->values[code - 1].s : none;
    hand_out(s, val, len);
}

XAPC_API xapc_status_t xapc_db_revision(xapc_db_t *db, uint64_t *rev)
{
    if (!db || !rev)
        return XAPC_INVALID_ARGUMENT;
    *rev = 0;
    return guard(nullptr, [&] {
        *rev = db->db.get_revision();
        return XAPC_OK;
    });
}
