#ifndef PM_TEXT_H
#define PM_TEXT_H

#include <stddef.h>

#include "buf.h"

/*
 * Small readers for the figures a postmortem is made of: dates, clock
 * times, durations and numbers, plus the string helpers the rules share.
 * Every reader takes a pointer to the text, advances it past what it read
 * on success, and leaves it alone on failure.
 */

/* Days since 1970-01-01 of a proleptic Gregorian date; no validation. */
long pm_days_from_civil(int y, unsigned m, unsigned d);
void pm_civil_from_days(long days, int *y, unsigned *m, unsigned *d);

/* "YYYY-MM-DD", a real calendar date. */
int pm_read_date(const char **s, long *days);
/* Whole-string form: the value is exactly a date (blanks around allowed). */
int pm_parse_date(const char *s, long *days);
/*
 * The day a date in another unambiguous form means ("June 3, 2026",
 * "3 Jun 2026", "2026-6-3", "2026/06/03"), for a message that names the
 * YYYY-MM-DD to write; 0 when it is no such date. Never a way to accept
 * one: pmgit reads YYYY-MM-DD only.
 */
int pm_guess_date(const char *s, long *days);
/*
 * The same forms (and "June 3rd, 2026") at *s, in running text: advances
 * *s past the date. A date followed by a letter or digit is none.
 */
int pm_read_any_date(const char **s, long *days);
/*
 * A numeric date whose day and month could be either ("05/06/2026"):
 * 1, with the two readings (day first, month first).
 */
int pm_date_ambiguous(const char *s, long *day_first, long *month_first);
/* A control character at s (C0 and DEL: 1 byte; C1 in UTF-8: 2), or 0. */
size_t pm_control_char(const char *s, size_t n);
/*
 * Is line[0..len) (without its newline) a conflict marker git writes:
 * seven or more `ch` ('<', '|', '=', '>') alone or, but for '=', before a
 * space and the side it names ("<<<<<<< HEAD")? Its size (git writes
 * eight or more for a conflict of a rename's merge, inside another's
 * markers; a conflict's markers are of one size), or 0.
 */
size_t pm_text_conflict_marker(const char *line, size_t len, char ch);
/*
 * The line (1-based) of the first conflict git left in buf[0..len): a
 * '<<<<<<<' line followed by '=======' and '>>>>>>>' lines; 0 if none.
 */
unsigned pm_text_conflict_line(const char *buf, size_t len);

/*
 * Does s hold no control character, not even a tab or newline, and no
 * invisible bidirectional control (which makes text display otherwise)?
 */
int pm_text_printable(const char *s);
void pm_format_date(struct pm_buf *out, long days);
/* Today's date (UTC). */
long pm_today(void);

/*
 * A clock time: "HH:MM" or "HH:MM:SS", optionally preceded by a date
 * ("YYYY-MM-DD HH:MM", "YYYY-MM-DDTHH:MM") and followed by "Z" or " UTC".
 * Stores seconds since the epoch when dated (*dated = 1) or seconds since
 * midnight otherwise (0 seconds when written as HH:MM).
 */
int pm_read_time(const char **s, long *seconds, int *dated);

/*
 * A duration such as "2h 15m", "2 hours and 15 minutes", "135 min",
 * "1.5 hours", "1 day 2 hours", or on the clock "1:20" and "01:20:00".
 * Stores minutes (possibly fractional). A leading "~", "≈", "about",
 * "approximately", "around" or "roughly" is read too, and sets *approx
 * (when not NULL): the writer does not claim the exact figure. *step
 * (when not NULL) is how precisely a figure with decimals was written, in
 * minutes: the unit's share of its last decimal ("3.1h": 6, the parts'
 * summed); 0 for whole counts. A figure rounded or cut to that precision
 * is as right as the writer meant it.
 */
int pm_read_duration(const char **s, double *minutes, int *approx, double *step);

/*
 * A decimal number ("62.5", "1,234"); *decimals is the count of digits
 * after the point as written, which sets how precisely it must agree.
 */
int pm_read_number(const char **s, double *value, int *decimals);

/* Skips spaces and tabs. */
const char *pm_skip_blanks(const char *s);
/*
 * A value without the blanks and Markdown emphasis or code marks around it
 * ("**P2**", "`Final`"): returns where it starts and stores its length.
 */
const char *pm_unmarked(const char *v, size_t *len);
/* Past a GitHub emoji shortcode at s (":white_check_mark:"), or s itself. */
const char *pm_past_shortcode(const char *s);
/* Case-insensitive: does `s` start with `prefix`? Returns the rest or NULL. */
const char *pm_skip_prefix(const char *s, const char *prefix);
/*
 * Appends s with each Markdown link as its text ("[PLAT-221](https://
 * tracker/...)" is "PLAT-221"), as a listing shows a cell or a title.
 */
void pm_add_link_text(struct pm_buf *out, const char *s);
/* Case-insensitive substring search; NULL if absent. */
const char *pm_find_ci(const char *hay, const char *needle);
/*
 * Case-insensitive search for `phrase` in `text` at word boundaries
 * (letters and digits on either side do not match); NULL if absent.
 */
const char *pm_find_word(const char *text, const char *phrase);

/* Does sh read s, unquoted, as one word that is s? */
int pm_sh_bare(const char *s);
/* Appends s double-quoted for sh, with \, ", $ and ` escaped. */
void pm_sh_dquote(struct pm_buf *out, const char *s);
/*
 * Appends s as an argument sh reads back as s: bare when it holds only
 * characters sh takes as they are, else double-quoted. For commands
 * shown inside a message's single quotes, to be pasted.
 */
void pm_sh_arg(struct pm_buf *out, const char *s);
/*
 * A file-system-safe name for a slot or principal: lowercase ASCII
 * letters and digits, every other run of bytes one '-', no leading or
 * trailing '-'. "SRE Lead" -> "sre-lead", "alice@example.com" ->
 * "alice-example-com". Empty input gives "x".
 */
void pm_slug(struct pm_buf *out, const char *s);
/*
 * A name or address as people see it, for comparing: letters in one case
 * (ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic), Greek without its
 * accents (its capitals are written so), each run of blanks (no-break
 * spaces too) one space, invisible characters (zero-width, soft hyphen,
 * direction marks) gone, no blanks at either
 * end, a Latin, Greek or Cyrillic letter written decomposed (NFD: "e" and
 * U+0301) as its precomposed one. "ÉLODIE  Durand" and "élodie durand"
 * fold alike.
 */
void pm_fold_name(struct pm_buf *out, const char *s, size_t len);
/*
 * For searching, and for telling whether two names are one person:
 * pm_fold_name, then Latin letters without their marks ("Tomás Ørsted"
 * and "tomas orsted" fold alike; "ß" is "ss"), and Greek and Cyrillic
 * letters that read as Latin ones as those ("Prіya" with a Cyrillic "і" is
 * "priya"; "ё" is "е" is "e").
 */
void pm_fold_search(struct pm_buf *out, const char *s, size_t len);

/* Lowercase, letters and digits only, single spaces: for comparing prose. */
void pm_normalize_words(struct pm_buf *out, const char *s, size_t len);
/* Edit distance between two short strings (under 32 bytes; else SIZE_MAX). */
size_t pm_edit_distance(const char *a, const char *b);
/*
 * The nearest of some names to one mistyped: pm_near_try each candidate,
 * then pm_near_found gives it when it is a slip of the keys (at most two
 * edits, and fewer than the name has characters), else NULL.
 */
struct pm_near {
	const char *name, *best;
	size_t dist;
};
#define PM_NEAR_INIT(name) { (name), NULL, (size_t)-1 }
void pm_near_try(struct pm_near *n, const char *candidate);
const char *pm_near_found(const struct pm_near *n);

#endif
