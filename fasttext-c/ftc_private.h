/* ftc_private.h - what fasttext-c/'s files share: the handle and the exception boundary.
 *
 * As in xapian-c/xapc_private.h: every exported function is marked FTC_API
 * and runs its body inside ftc_guard(), whose catch(...) hands the
 * exception to ftc_map_exception() (status.cc), the one place that turns
 * C++ exceptions into an ftc_status_t and a message.
 */
#ifndef GS_FTC_PRIVATE_H
#define GS_FTC_PRIVATE_H

#include "fasttext-c/ftc.h"

#include <fasttext/fasttext.h>

#include <cstring>
#include <memory>
#include <vector>
#include <string>

#define FTC_API extern "C" __attribute__((visibility("default")))

struct ftc_model {
    fasttext::FastText ft;
    int64_t ntokens = 0;              /* words of the training text */
    std::vector<int64_t> counts;      /* per word id */
};

/* Call from inside a catch handler only: the status of the exception being
 * handled, its plain description in *msg (if not NULL).  Never throws. */
ftc_status_t ftc_map_exception(std::string *msg) noexcept;

/* Run f() (returns a status); an exception becomes its status and message. */
template <class F>
ftc_status_t ftc_guard(std::string *msg, F f)
{
    try {
        return f();
    } catch (...) {
        return ftc_map_exception(msg);
    }
}

/* The same with the message handed to C as a malloc'd *err (NULL on
 * success; err may be NULL). */
template <class F>
ftc_status_t ftc_guard_new(char **err, F f)
{
    std::string msg;
    ftc_status_t st = ftc_guard(&msg, f);
    if (err)
        *err = st == FTC_OK ? nullptr : strdup(msg.c_str());
    return st;
}

/* Read the vocabulary's counts into m after training or loading. */
void ftc_model_index_counts(ftc_model *m);

#endif /* GS_FTC_PRIVATE_H */
