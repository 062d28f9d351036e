/* fuzz_page.c - libFuzzer target: bytes read as a page file (or gzip of one). */
#include "fuzz/fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    return fuzz_read(data, size, GS_FORMAT_PAGE, "fuzz.page");
}
