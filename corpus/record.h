/* record.h - one grant application, whatever form it was read from.
 *
 * Strings are malloc'd, NUL-terminated UTF-8 owned by the record (NULL =
 * absent).  Text fields keep their paragraphs and list items as lines.
 * Never holds secrets: readers drop API keys and tokens before a record exists.
 */
#ifndef GS_RECORD_H
#define GS_RECORD_H

#include <stddef.h>

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* String fields, in a fixed order; gs_field_name() gives the JSON key. */
typedef enum {
    GS_ID,             /* stable id: the application number, else derived from the source */
    GS_NUMBER,         /* application number, e.g. "19-1-029373", "Р41-21-1-000017" */
    GS_TITLE,
    GS_STATUS_TEXT,    /* the status as the source words it */
    GS_CONTEST,
    GS_DIRECTION,
    GS_REGION,
    GS_ORG,
    GS_INN,
    GS_OGRN,
    GS_DESCRIPTION,    /* Краткое описание / description */
    GS_GOAL,
    GS_TASKS,
    GS_SIGNIFICANCE,   /* Обоснование социальной значимости / soc_signif */
    GS_GEOGRAPHY,
    GS_TARGET_GROUPS,
    GS_ADDRESS,
    GS_WEBSITE,
    GS_LINK,
    GS_OKATO,
    GS_OKTMO,
    GS_LEVEL,
    GS_NSTR
} gs_field_t;

/* The contest's decision on an application: the record's "status" field
 * (not an error status; those are toolkit/status.h's gs_status_t). */
typedef enum {
    GS_OUTCOME_UNKNOWN = 0,
    GS_OUTCOME_WINNER,    /* победитель конкурса / winner = true */
    GS_OUTCOME_REJECTED   /* проект не получил поддержки / winner = false */
} gs_outcome_t;

typedef struct gs_record {
    char *str[GS_NSTR];
    gs_outcome_t status;
    int year;           /* 0 = unknown */
    int32_t date;       /* submission date as yyyymmdd, 0 = unknown */
    int32_t start;      /* implementation start, yyyymmdd, 0 = unknown */
    int32_t end;        /* implementation end, yyyymmdd, 0 = unknown */
    double amount;      /* grant, or requested sum; NAN = unknown */
    double cofunding;   /* NAN = unknown */
    double total;       /* total cost; NAN = unknown */
    double rating;      /* NAN = unknown */
    /* Where it was read from, for messages (neither is stored in the index). */
    char *file;         /* the path as given ("-" for stdin), NULL = unknown */
    unsigned long line; /* 1-based line its text starts on, 0 = unknown */
} gs_record_t;

/* "id", "number", "title", ... (JSON keys, also the field names users see). */
const char *gs_field_name(gs_field_t f);
/* Field for a JSON key or a CSV column name ("name" -> GS_TITLE, "soc_signif"
 * -> GS_SIGNIFICANCE, ...); -1 if unknown. */
int gs_field_by_name(const char *name);
const char *gs_outcome_name(gs_outcome_t s);  /* "winner", "rejected", "unknown" */

gs_record_t *gs_record_new(void);          /* all absent; NULL on ENOMEM */
void gs_record_free(gs_record_t *r);       /* NULL is fine */
/* Replace field f with a copy of s[0..len) (NULL = clear). 0 ok, -1 ENOMEM. */
int gs_record_set(gs_record_t *r, gs_field_t f, const char *s, size_t len);
/* Narrow s[0..*len) to its text without leading and trailing white space
 * (U+00A0 too), as a field is read from JSON (an empty one is absent). */
void gs_record_trim(const char **s, size_t *len);
/* Does the record carry a title or any text to search? */
int gs_record_has_text(const gs_record_t *r);

/* The record as one JSON object (the JSONL form; absent fields omitted,
 * numbers as numbers, dates as "YYYY-MM-DD"). malloc'd; caller frees. */
char *gs_record_to_json(const gs_record_t *r);
/* Parse what gs_record_to_json wrote (or any JSONL line). NULL on error, with
 * a static reason in *why when why != NULL. Caller frees the record. */
gs_record_t *gs_record_from_json(const char *json, size_t len, const char **why);
/* The same for JSON that gs_record_to_json wrote (the index's stored
 * records): the secret scrub already ran before it was stored, so it is
 * skipped; it costs as much as the parse on every search hit. */
gs_record_t *gs_record_from_stored_json(const char *json, size_t len, const char **why);

/* Russian number and date forms: "998 532,00" -> 998532.0;
 * "08.07.2021" -> 20210708; "01.10.2021 - 31.03.2022" -> two dates.
 * Return 0 on success, -1 if s is not of that form. */
int gs_parse_amount(const char *s, double *out);
int gs_parse_date(const char *s, int32_t *out);
int gs_parse_period(const char *s, int32_t *start, int32_t *end);

#ifdef __cplusplus
}
#endif
#endif /* GS_RECORD_H */
