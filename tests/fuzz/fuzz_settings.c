/* fuzz_settings.c — libFuzzer target for the settings file (settings.h, read with inih): the input is a
 * partnerfunnel.ini. A file that loads is then used the way the commands use it (enum matching with its
 * synonyms, the decimal mark), and loaded a second time on top of itself: that may succeed (a file of
 * [values] only adds its synonyms again) or fail, and a failure must leave the settings as they were. */
#include <stdint.h>

#include "fuzz_util.h"
#include "partnerfunnel/settings.h"

#define CHECK(cond)                                                                                            \
    do {                                                                                                       \
        if (!(cond)) {                                                                                         \
            fprintf(stderr, "fuzz_settings: %s:%d: %s\n", __FILE__, __LINE__, #cond);                          \
            abort();                                                                                           \
        }                                                                                                      \
    } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[128];
    fuzz_write("partnerfunnel.ini", data, size, path, sizeof path);
    pf_settings settings;
    settings_init(&settings);
    pf_error_context err;
    pf_error_clear(&err);
    pf_error code = settings_load(&settings, path, &err);
    if (code != PF_OK) {
        CHECK(code == PF_ERROR_CONFIG || code == PF_ERROR_MEMORY);
        CHECK(err.message[0] != '\0');
        CHECK(settings.path == NULL && settings.synonym_count == 0);
        settings_clear(&settings);
        return 0;
    }
    CHECK(settings.window_months >= 1 && settings.window_months <= 120);
    CHECK(settings.min_won_deals >= 1 && settings.min_won_deals <= 1000);
    CHECK(strlen(settings.currency) == 3);
    for (size_t i = 0; i < settings.synonym_count; i++) {
        const pf_synonym *s = &settings.synonyms[i];
        int value = settings_match_enum(&settings, s->family, s->folded, strlen(s->folded));
        CHECK(value == s->value);
    }
    char mark = settings_decimal_mark(&settings, ';');
    CHECK(mark == ',' || mark == '.');

    size_t synonyms = settings.synonym_count;
    pf_error again = settings_load(&settings, path, &err);
    if (again != PF_OK)
        CHECK(settings.synonym_count == synonyms);
    settings_clear(&settings);
    return 0;
}
