/* bench_tokenise.c — the benchmark's baseline: the least any command must do with an export, i.e. tokenise its
 * files with libcsv and nothing else. Reads each file in 1 MiB blocks, feeds csv_parse() with callbacks that
 * only count fields and records, and prints "BYTES RECORDS FIELDS" (headers included) on stdout.
 * The delimiter is ';' when the first line holds more semicolons than commas, else ','.
 *
 * Usage: bench_tokenise FILE... */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct counts {
    unsigned long long fields, records;
} counts;

static void on_field(void *data, size_t length, void *user)
{
    (void)data;
    (void)length;
    ((counts *)user)->fields++;
}

static void on_record(int terminator, void *user)
{
    (void)terminator;
    ((counts *)user)->records++;
}

static unsigned char detect_delimiter(const char *block, size_t n)
{
    size_t commas = 0, semicolons = 0;
    for (size_t i = 0; i < n && block[i] != '\n'; i++) {
        commas += block[i] == ',';
        semicolons += block[i] == ';';
    }
    return semicolons > commas ? ';' : ',';
}

int main(int argc, char **argv)
{
    enum { BLOCK = 1 << 20 };
    char *block = malloc(BLOCK);
    if (!block || argc < 2) {
        fprintf(stderr, "usage: bench_tokenise FILE...\n");
        return 64;
    }
    counts total = {0, 0};
    unsigned long long bytes = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 66;
        }
        struct csv_parser parser;
        if (csv_init(&parser, 0) != 0) {
            fprintf(stderr, "bench_tokenise: csv_init failed\n");
            return 71;
        }
        size_t n;
        int first = 1;
        while ((n = fread(block, 1, BLOCK, f)) > 0) {
            if (first)
                csv_set_delim(&parser, detect_delimiter(block, n));
            first = 0;
            if (csv_parse(&parser, block, n, on_field, on_record, &total) != n) {
                fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&parser)));
                return 65;
            }
            bytes += n;
        }
        if (ferror(f)) {
            perror(argv[i]);
            return 74;
        }
        csv_fini(&parser, on_field, on_record, &total);
        csv_free(&parser);
        fclose(f);
    }
    printf("%llu %llu %llu\n", bytes, total.records, total.fields);
    free(block);
    return 0;
}
