/* status.cc - the one mapping of fastText's C++ exceptions to ftc_status_t and plain messages. */
#include "fasttext-c/ftc_private.h"

#include <cstring>
#include <ios>
#include <new>
#include <stdexcept>

FTC_API const char *ftc_status_to_string(ftc_status_t st)
{
    switch (st) {
    case FTC_OK: return "ok";
    case FTC_NO_MEMORY: return "out of memory";
    case FTC_IO: return "a file could not be read or written";
    case FTC_INVALID: return "invalid input for the vector model";
    case FTC_INTERNAL: return "the vector model failed";
    }
    return "unknown status";
}

/* fastText throws std::invalid_argument for a file it cannot open, an
 * empty vocabulary or a file that is not a model; std::ios_base::failure
 * for a short read or write; its messages are plain English sentences, so
 * they are kept (they never name C++ types). */
ftc_status_t ftc_map_exception(std::string *msg) noexcept
{
    try {
        try {
            throw;
        } catch (const std::bad_alloc &) {
            if (msg)
                *msg = "out of memory";
            return FTC_NO_MEMORY;
        } catch (const std::ios_base::failure &) {
            if (msg)
                *msg = std::string("the vector model file could not be read or written");
            return FTC_IO;
        } catch (const std::invalid_argument &e) {
            if (msg)
                *msg = std::string("vector model: ") + e.what();
            return FTC_INVALID;
        } catch (const std::exception &e) {
            if (msg)
                *msg = std::string("vector model: ") + e.what();
            return FTC_INTERNAL;
        } catch (...) {
            if (msg)
                *msg = "vector model: unknown failure";
            return FTC_INTERNAL;
        }
    } catch (...) {
        return FTC_NO_MEMORY;   /* storing the message failed */
    }
}
