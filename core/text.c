#include "text.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <stdint.h>

#include "utf8.h"

#include "banned.h"

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
long pm_days_from_civil(int y, unsigned m, unsigned d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (long)y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void pm_civil_from_days(long z, int *y, unsigned *m, unsigned *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n, int *out)
{
	int i, v = 0;

	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)s[i]))
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

static unsigned month_days(int y, unsigned m)
{
	static const unsigned len[] = { 31, 28, 31, 30, 31, 30,
					31, 31, 30, 31, 30, 31 };
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return len[m - 1];
}

int pm_read_date(const char **sp, long *days)
{
	const char *s = *sp;
	int y, m, d;

	if (!digits(s, 4, &y) || s[4] != '-' || !digits(s + 5, 2, &m) ||
	    s[7] != '-' || !digits(s + 8, 2, &d) || isdigit((unsigned char)s[10]))
		return 0;
	if (y < 1900 || m < 1 || m > 12 || d < 1 ||
	    (unsigned)d > month_days(y, (unsigned)m))
		return 0;
	*days = pm_days_from_civil(y, (unsigned)m, (unsigned)d);
	*sp = s + 10;
	return 1;
}

int pm_parse_date(const char *s, long *days)
{
	s = pm_skip_blanks(s);
	if (!pm_read_date(&s, days))
		return 0;
	return *pm_skip_blanks(s) == '\0';
}

/* A month by its English name or three-letter abbreviation: 1-12, or 0. */
static int month_name(const char **sp)
{
	static const char *const names[] = { "january", "february", "march", "april", "may",
					     "june", "july", "august", "september", "october",
					     "november", "december" };
	const char *s = *sp;
	size_t n = 0, k;

	while (isalpha((unsigned char)s[n]))
		n++;
	if (n < 3)
		return 0;
	for (k = 0; k < 12; k++)
		if ((n == 3 || n == strlen(names[k])) && !strncasecmp(s, names[k], n)) {
			*sp = s + n + (s[n] == '.');
			return (int)k + 1;
		}
	return 0;
}

/* A number of 1..max digits. */
static int small_number(const char **sp, int max, int *out)
{
	const char *s = *sp;
	int n = 0, v = 0;

	while (n < max && isdigit((unsigned char)s[n]))
		v = v * 10 + (s[n++] - '0');
	if (!n || isdigit((unsigned char)s[n]))
		return 0;
	*out = v;
	*sp = s + n;
	return 1;
}

/* ", 2026" or " 2026" after a day and month */
static int comma_year(const char **sp, int *y)
{
	const char *p = *sp;

	if (*p == ',')
		p++;
	p = pm_skip_blanks(p);
	if (!small_number(&p, 4, y))
		return 0;
	*sp = p;
	return 1;
}

/* "3rd", "21st": an ordinal's letters after a day */
static void skip_ordinal(const char **sp)
{
	static const char *const ends[] = { "st", "nd", "rd", "th" };
	size_t k;

	for (k = 0; k < 4; k++)
		if (!strncasecmp(*sp, ends[k], 2) && !isalpha((unsigned char)(*sp)[2])) {
			*sp += 2;
			return;
		}
}

int pm_read_any_date(const char **sp, long *days)
{
	int y = 0, m = 0, d = 0;
	const char *s = pm_skip_blanks(*sp), *p = s;

	if (small_number(&p, 4, &y) && p - s == 4 && (*p == '-' || *p == '/' || *p == '.')) {
		/* 2026-6-3, 2026/06/03 */
		char sep = *p++;
		if (!small_number(&p, 2, &m) || *p++ != sep || !small_number(&p, 2, &d))
			return 0;
	} else if ((p = s, m = month_name(&p))) {
		/* June 3, 2026; June 3rd, 2026 */
		p = pm_skip_blanks(p);
		if (!small_number(&p, 2, &d))
			return 0;
		skip_ordinal(&p);
		if (!comma_year(&p, &y))
			return 0;
	} else if ((p = s, small_number(&p, 2, &d)) && (*p == '/' || *p == '.')) {
		/* 20/11/2026, 11/20/2026, 20.11.2026: only when the day cannot be the month */
		char sep = *p++;
		int b, tmp;
		const char *q;
		if (!small_number(&p, 2, &b) || *p++ != sep)
			return 0;
		q = p;
		if (!small_number(&p, 4, &y) || p - q != 4)
			return 0;
		if (d <= 12 && b <= 12 && d != b)
			return 0; /* 05/06/2026: May or June, nobody can tell */
		m = b;
		if (m > 12) { /* month first, as in the US */
			tmp = m;
			m = d;
			d = tmp;
		}
	} else if ((p = s, small_number(&p, 2, &d))) {
		/* 3 June 2026, 3rd June 2026 */
		skip_ordinal(&p);
		p = pm_skip_blanks(p);
		if (!(m = month_name(&p)) || !comma_year(&p, &y))
			return 0;
	} else {
		return 0;
	}
	if (isalnum((unsigned char)*p) || y < 1900 || m < 1 || m > 12 || d < 1 ||
	    (unsigned)d > month_days(y, (unsigned)m))
		return 0;
	*days = pm_days_from_civil(y, (unsigned)m, (unsigned)d);
	*sp = p;
	return 1;
}

int pm_guess_date(const char *s, long *days)
{
	long d;

	if (!pm_read_any_date(&s, &d) || *pm_skip_blanks(s))
		return 0;
	*days = d;
	return 1;
}

int pm_date_ambiguous(const char *s, long *day_first, long *month_first)
{
	const char *p = pm_skip_blanks(s), *q;
	int a, b, y;
	char sep;

	if (!small_number(&p, 2, &a) || (*p != '/' && *p != '.'))
		return 0;
	sep = *p++;
	if (!small_number(&p, 2, &b) || *p++ != sep)
		return 0;
	q = p;
	if (!small_number(&p, 4, &y) || p - q != 4 || *pm_skip_blanks(p) || y < 1900 ||
	    a < 1 || a > 12 || b < 1 || b > 12 || a == b)
		return 0;
	*day_first = pm_days_from_civil(y, (unsigned)b, (unsigned)a);
	*month_first = pm_days_from_civil(y, (unsigned)a, (unsigned)b);
	return 1;
}

size_t pm_control_char(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!n)
		return 0;
	if (p[0] < 0x20 || p[0] == 0x7f)
		return 1;
	return p[0] == 0xc2 && n > 1 && p[1] >= 0x80 && p[1] <= 0x9f ? 2 : 0;
}

int pm_text_printable(const char *s)
{
	size_t n = strlen(s), i, k;
	uint32_t cp;

	for (i = 0; i < n; i += k ? k : 1) {
		if (pm_control_char(s + i, n - i))
			return 0;
		if ((k = pm_utf8_decode(s + i, n - i, &cp)) && pm_utf8_bidi_control(cp))
			return 0;
	}
	return 1;
}

void pm_format_date(struct pm_buf *out, long days)
{
	int y;
	unsigned m, d;

	pm_civil_from_days(days, &y, &m, &d);
	pm_buf_addf(out, "%04d-%02u-%02u", y, m, d);
}

long pm_today(void)
{
	return (long)(time(NULL) / 86400);
}

int pm_read_time(const char **sp, long *seconds, int *dated)
{
	const char *s = *sp;
	long days = 0;
	int h, m, sec = 0, has_date = 0;

	if (pm_read_date(&s, &days)) {
		has_date = 1;
		if (*s == 'T' || *s == ' ')
			s++;
		else
			return 0;
		s = pm_skip_blanks(s);
	}
	if (digits(s, 4, &h) && s[4] == 'Z' && !isalnum((unsigned char)s[5])) {
		/* "1340Z": the military and aviation form, UTC by its Z */
		m = h % 100;
		h /= 100;
		if (h > 23 || m > 59)
			return 0;
		s += 4;
	} else {
		if (digits(s, 2, &h) && s[2] == ':')
			s += 2;
		else if (digits(s, 1, &h) && s[1] == ':')
			s += 1;
		else
			return 0;
		if (!digits(s + 1, 2, &m) || h > 23 || m > 59)
			return 0;
		s += 3;
		if (*s == ':' && digits(s + 1, 2, &sec) && sec <= 60)
			s += 3;
		else
			sec = 0;
		if (isdigit((unsigned char)*s))
			return 0;
	}
	if (*s != 'Z') {
		/* "2:05 PM", "9:27 a.m.": the 12-hour clock */
		static const char *const marks[][2] = {
			{ "AM", "A.M." }, { "PM", "P.M." },
		};
		const char *t = pm_skip_blanks(s), *r = NULL;
		int k, pm = -1;
		for (k = 0; k < 4 && pm < 0; k++)
			if ((r = pm_skip_prefix(t, marks[k / 2][k % 2])) && !isalnum((unsigned char)*r))
				pm = k / 2;
		if (pm >= 0) {
			if (h < 1 || h > 12)
				return 0; /* "14:00 PM" says two different times */
			h = h % 12 + (pm ? 12 : 0);
			s = r;
		}
	}
	if (*s == 'Z') {
		s++;
	} else {
		const char *t = pm_skip_blanks(s);
		const char *r = pm_skip_prefix(t, "UTC");
		if (r && !isalnum((unsigned char)*r))
			s = r;
	}
	*seconds = (has_date ? days * 86400 : 0) + h * 3600 + m * 60 + sec;
	*dated = has_date;
	*sp = s;
	return 1;
}

static const struct {
	const char *name;
	double minutes;
} units[] = {
	/* longest names first so "hours" is not read as "h" */
	{ "minutes", 1 }, { "minute", 1 }, { "mins", 1 }, { "min", 1 },
	{ "m", 1 },       { "hours", 60 }, { "hour", 60 }, { "hrs", 60 },
	{ "hr", 60 },     { "h", 60 },     { "days", 1440 }, { "day", 1440 },
	{ "d", 1440 },    { "seconds", 1.0 / 60 }, { "second", 1.0 / 60 },
	{ "secs", 1.0 / 60 }, { "sec", 1.0 / 60 }, { "s", 1.0 / 60 },
};

/*
 * A count of units in digits ("2", "1.5") or in words, as summaries write
 * them: "two", "forty-five", "an" (hour), "half an" (hour), with "and a
 * half" after it ("two and a half hours", "an hour and a half" is read by
 * the caller). Words need a unit after them, which the caller looks for.
 */
static int read_count(const char **sp, double *v, int *dec)
{
	static const struct {
		const char *word;
		double n;
	} words[] = {
		/* ones (1-9) first: "twenty-five" is a ten, a hyphen and one of them */
		{ "one", 1 },       { "two", 2 },       { "three", 3 },    { "four", 4 },
		{ "five", 5 },      { "six", 6 },       { "seven", 7 },    { "eight", 8 },
		{ "nine", 9 },      { "ten", 10 },      { "eleven", 11 },  { "twelve", 12 },
		{ "fifteen", 15 },  { "twenty", 20 },   { "thirty", 30 },  { "forty", 40 },
		{ "fifty", 50 },    { "sixty", 60 },    { "seventy", 70 }, { "eighty", 80 },
		{ "ninety", 90 },   { "half an", 0.5 },
		{ "half a", 0.5 },  { "an", 1 },        { "a", 1 },
	};
	const char *s = *sp, *r = NULL;
	size_t i, k;

	if (isdigit((unsigned char)*s)) {
		if (!pm_read_number(&s, v, dec))
			return 0;
	} else {
		for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
			if ((r = pm_skip_prefix(s, words[i].word)) && (*r == ' ' || *r == '\t' || *r == '-'))
				break;
		if (i == sizeof(words) / sizeof(words[0]))
			return 0;
		*v = words[i].n;
		*dec = words[i].n != (double)(long)words[i].n;
		if (*r == '-') {
			/* "thirty-five": a ten and one of the ones */
			for (k = 0; k < 9 && words[i].n >= 20 && words[i].n < 100; k++) {
				const char *o = pm_skip_prefix(r + 1, words[k].word);
				if (o && (*o == ' ' || *o == '\t'))
					break;
			}
			if (k == 9 || words[i].n < 20)
				return 0;
			*v += words[k].n;
			r += 1 + strlen(words[k].word);
		}
		s = r;
	}
	/* "two and a half hours" */
	if ((r = pm_skip_prefix(pm_skip_blanks(s), "and a half")) && !isalpha((unsigned char)*r)) {
		*v += 0.5;
		*dec = 1;
		s = r;
	}
	*sp = s;
	return 1;
}

int pm_read_duration(const char **sp, double *minutes, int *approx, double *step)
{
	static const char *const about[] = {
		"~", "\xe2\x89\x88", "about ", "approximately ", "approx. ", "approx ",
		"around ", "roughly ", "circa ", "ca. ",
	};
	const char *s = pm_skip_blanks(*sp), *after = NULL;
	double total = 0, last_unit = 0, prec = 0;
	int parts = 0, h, m, sec;
	size_t i;

	if (approx)
		*approx = 0;
	if (step)
		*step = 0;
	for (i = 0; i < sizeof(about) / sizeof(about[0]); i++) {
		const char *r = pm_skip_prefix(s, about[i]);
		if (r) {
			s = pm_skip_blanks(r);
			if (approx)
				*approx = 1;
			break;
		}
	}
	/* on the clock: "1:20", "01:20:00" */
	if ((digits(s, 2, &h) && s[2] == ':' && (s += 2)) ||
	    (digits(s, 1, &h) && s[1] == ':' && (s += 1))) {
		if (!digits(s + 1, 2, &m) || m > 59)
			return 0;
		s += 3;
		sec = 0;
		if (*s == ':' && digits(s + 1, 2, &sec) && sec <= 59)
			s += 3;
		{
			/* "1:20h", "1:20 hrs": the unit some write after the clock */
			static const char *const hours[] = { "hours", "hrs", "hr", "h" };
			const char *u = pm_skip_blanks(s), *r;
			for (i = 0; i < sizeof(hours) / sizeof(hours[0]); i++)
				if ((r = pm_skip_prefix(u, hours[i])) && !isalnum((unsigned char)*r)) {
					s = r;
					break;
				}
		}
		if (isalnum((unsigned char)*s))
			return 0;
		*minutes = h * 60 + m + sec / 60.0;
		*sp = s;
		return 1;
	}
	for (;;) {
		const char *t = pm_skip_blanks(s), *num, *r;
		double v;
		int dec;
		size_t i;

		if (parts) {
			if (*t == ',')
				t = pm_skip_blanks(t + 1);
			if ((r = pm_skip_prefix(t, "and ")))
				t = pm_skip_blanks(r);
		}
		num = t;
		if (!read_count(&t, &v, &dec))
			break;
		t = pm_skip_blanks(t);
		for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
			const char *r = pm_skip_prefix(t, units[i].name);
			if (r && !isalpha((unsigned char)*r)) {
				t = r;
				break;
			}
		}
		if (!isdigit((unsigned char)*num) && i == sizeof(units) / sizeof(units[0]))
			break; /* a word is a count only before a unit: "one of", "a customer" */
		if (i == sizeof(units) / sizeof(units[0])) {
			/* "1h35", "(2 hours 5)": minutes after hours need no unit, where nothing follows */
			const char *u = pm_skip_blanks(t);
			if (last_unit == 60 && !dec && v < 60 &&
			    (!*u || strchr("(),;", *u) || (*u == '.' && !isdigit((unsigned char)u[1]))))
				total += v, parts++, after = t;
			break;
		}
		total += v * units[i].minutes;
		last_unit = units[i].minutes;
		if (dec && isdigit((unsigned char)*num))
			prec += units[i].minutes * pow(10, -dec);
		parts++;
		/* "an hour and a half" */
		if ((r = pm_skip_prefix(pm_skip_blanks(t), "and a half")) && !isalpha((unsigned char)*r)) {
			total += last_unit / 2;
			t = r;
		}
		s = after = t;
	}
	if (!parts)
		return 0;
	*minutes = total;
	if (step)
		*step = prec;
	*sp = after;
	return 1;
}

int pm_read_number(const char **sp, double *value, int *decimals)
{
	const char *s = *sp;
	double v = 0, scale = 1;
	int dec = 0, any = 0;

	while (isdigit((unsigned char)*s) ||
	       (*s == ',' && any && isdigit((unsigned char)s[1]) &&
		isdigit((unsigned char)s[2]) && isdigit((unsigned char)s[3]) &&
		!isdigit((unsigned char)s[4]))) {
		if (*s != ',') {
			v = v * 10 + (*s - '0');
			any = 1;
		}
		s++;
	}
	if (*s == '.' && isdigit((unsigned char)s[1])) {
		s++;
		while (isdigit((unsigned char)*s)) {
			scale /= 10;
			v += (*s - '0') * scale;
			dec++;
			any = 1;
			s++;
		}
	}
	if (!any)
		return 0;
	*value = v;
	*decimals = dec;
	*sp = s;
	return 1;
}

const char *pm_skip_blanks(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

const char *pm_unmarked(const char *v, size_t *len)
{
	size_t n;

	while (*v && (isspace((unsigned char)*v) || strchr("*_`", *v)))
		v++;
	n = strlen(v);
	while (n && (isspace((unsigned char)v[n - 1]) || strchr("*_`", v[n - 1])))
		n--;
	*len = n;
	return v;
}

void pm_add_link_text(struct pm_buf *out, const char *s)
{
	const char *p, *text_end, *close = NULL, *next_close = s, *next_paren = s;

	for (p = s; *p; p++) {
		/* the next ']' and ')' are looked for once, however many links start before them */
		if (*p == '[' && next_close && next_close <= p)
			next_close = strchr(p, ']');
		text_end = *p == '[' ? next_close : NULL;
		if (text_end && text_end[1] == '(' && next_paren && next_paren < text_end + 2)
			next_paren = strchr(text_end + 2, ')');
		if (text_end && text_end[1] == '(' && (close = next_paren)) {
			pm_buf_add(out, p + 1, (size_t)(text_end - p - 1));
			p = close; /* past the link's target */
		} else {
			pm_buf_addch(out, *p);
		}
	}
}

const char *pm_past_shortcode(const char *s)
{
	const char *e = s + 1;

	if (*s != ':')
		return s;
	while (isalnum((unsigned char)*e) || (*e && strchr("_+-", *e)))
		e++;
	return *e == ':' && e > s + 1 ? e + 1 : s;
}

const char *pm_skip_prefix(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);

	return strncasecmp(s, prefix, n) ? NULL : s + n;
}

const char *pm_find_ci(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return hay;
	return NULL;
}

static int is_word(int c)
{
	return isalnum(c) || c >= 0x80;
}

const char *pm_find_word(const char *text, const char *phrase)
{
	const char *p = text;
	size_t n = strlen(phrase);

	while ((p = pm_find_ci(p, phrase))) {
		if ((p == text || !is_word((unsigned char)p[-1])) &&
		    !is_word((unsigned char)p[n]))
			return p;
		p++;
	}
	return NULL;
}

/*
 * Greek in one case and without its accents: capitals are written without
 * the tonos ("ΑΝΝΑ" for "Άννα"), so a name must match either way; the
 * final ς is σ.
 */
static uint32_t fold_greek(uint32_t c)
{
	/* each letter with tonos or dialytika, and ς, and the plain lowercase letter it folds to */
	static const uint16_t accented[][2] = {
		{ 0x386, 0x3B1 }, { 0x388, 0x3B5 }, { 0x389, 0x3B7 }, { 0x38A, 0x3B9 },
		{ 0x38C, 0x3BF }, { 0x38E, 0x3C5 }, { 0x38F, 0x3C9 }, { 0x390, 0x3B9 },
		{ 0x3AA, 0x3B9 }, { 0x3AB, 0x3C5 }, { 0x3AC, 0x3B1 }, { 0x3AD, 0x3B5 },
		{ 0x3AE, 0x3B7 }, { 0x3AF, 0x3B9 }, { 0x3B0, 0x3C5 }, { 0x3C2, 0x3C3 },
		{ 0x3CA, 0x3B9 }, { 0x3CB, 0x3C5 }, { 0x3CC, 0x3BF }, { 0x3CD, 0x3C5 },
		{ 0x3CE, 0x3C9 },
	};
	size_t k;

	for (k = 0; k < sizeof(accented) / sizeof(accented[0]); k++)
		if (accented[k][0] == c)
			return accented[k][1];
	if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) /* capitals */
		return c + 32;
	return c;
}

/* Simple lower-case mapping for the scripts names are mostly written in. */
static uint32_t fold_cp(uint32_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c + 32;
	if (c >= 0xC0 && c <= 0xDE && c != 0xD7) /* À..Þ, not × */
		return c + 32;
	if (c >= 0x100 && c <= 0x137 && !(c & 1)) /* Ā..ķ: pairs */
		return c + 1;
	if (c >= 0x139 && c <= 0x148 && (c & 1)) /* Ĺ..ň */
		return c + 1;
	if (c >= 0x14A && c <= 0x177 && !(c & 1)) /* Ŋ..ŷ */
		return c + 1;
	if (c == 0x178) /* Ÿ */
		return 0xFF;
	if (c >= 0x179 && c <= 0x17E && (c & 1)) /* Ź..ž */
		return c + 1;
	if (c >= 0x386 && c <= 0x3CE)
		return fold_greek(c);
	if (c >= 0x410 && c <= 0x42F) /* Cyrillic А..Я */
		return c + 32;
	if (c >= 0x400 && c <= 0x40F) /* Ѐ..Џ */
		return c + 80;
	return c;
}

/*
 * Letters with a mark, as decomposed text (NFD: macOS, some editors)
 * writes them: base letter, combining mark, the precomposed letter; in
 * order of base, then mark. Generated from Unicode's decompositions of
 * U+00C0..U+017F (Latin), U+0386..U+03CE (Greek) and U+0400..U+045F
 * (Cyrillic).
 */
static const struct {
	uint16_t base, mark, composed;
} letter_compose[] = {
	{ 'A', 0x300, 0x0C0 }, { 'A', 0x301, 0x0C1 }, { 'A', 0x302, 0x0C2 }, { 'A', 0x303, 0x0C3 },
	{ 'A', 0x304, 0x100 }, { 'A', 0x306, 0x102 }, { 'A', 0x308, 0x0C4 }, { 'A', 0x30A, 0x0C5 },
	{ 'A', 0x328, 0x104 }, { 'C', 0x301, 0x106 }, { 'C', 0x302, 0x108 }, { 'C', 0x307, 0x10A },
	{ 'C', 0x30C, 0x10C }, { 'C', 0x327, 0x0C7 }, { 'D', 0x30C, 0x10E }, { 'E', 0x300, 0x0C8 },
	{ 'E', 0x301, 0x0C9 }, { 'E', 0x302, 0x0CA }, { 'E', 0x304, 0x112 }, { 'E', 0x306, 0x114 },
	{ 'E', 0x307, 0x116 }, { 'E', 0x308, 0x0CB }, { 'E', 0x30C, 0x11A }, { 'E', 0x328, 0x118 },
	{ 'G', 0x302, 0x11C }, { 'G', 0x306, 0x11E }, { 'G', 0x307, 0x120 }, { 'G', 0x327, 0x122 },
	{ 'H', 0x302, 0x124 }, { 'I', 0x300, 0x0CC }, { 'I', 0x301, 0x0CD }, { 'I', 0x302, 0x0CE },
	{ 'I', 0x303, 0x128 }, { 'I', 0x304, 0x12A }, { 'I', 0x306, 0x12C }, { 'I', 0x307, 0x130 },
	{ 'I', 0x308, 0x0CF }, { 'I', 0x328, 0x12E }, { 'J', 0x302, 0x134 }, { 'K', 0x327, 0x136 },
	{ 'L', 0x301, 0x139 }, { 'L', 0x30C, 0x13D }, { 'L', 0x327, 0x13B }, { 'N', 0x301, 0x143 },
	{ 'N', 0x303, 0x0D1 }, { 'N', 0x30C, 0x147 }, { 'N', 0x327, 0x145 }, { 'O', 0x300, 0x0D2 },
	{ 'O', 0x301, 0x0D3 }, { 'O', 0x302, 0x0D4 }, { 'O', 0x303, 0x0D5 }, { 'O', 0x304, 0x14C },
	{ 'O', 0x306, 0x14E }, { 'O', 0x308, 0x0D6 }, { 'O', 0x30B, 0x150 }, { 'R', 0x301, 0x154 },
	{ 'R', 0x30C, 0x158 }, { 'R', 0x327, 0x156 }, { 'S', 0x301, 0x15A }, { 'S', 0x302, 0x15C },
	{ 'S', 0x30C, 0x160 }, { 'S', 0x327, 0x15E }, { 'T', 0x30C, 0x164 }, { 'T', 0x327, 0x162 },
	{ 'U', 0x300, 0x0D9 }, { 'U', 0x301, 0x0DA }, { 'U', 0x302, 0x0DB }, { 'U', 0x303, 0x168 },
	{ 'U', 0x304, 0x16A }, { 'U', 0x306, 0x16C }, { 'U', 0x308, 0x0DC }, { 'U', 0x30A, 0x16E },
	{ 'U', 0x30B, 0x170 }, { 'U', 0x328, 0x172 }, { 'W', 0x302, 0x174 }, { 'Y', 0x301, 0x0DD },
	{ 'Y', 0x302, 0x176 }, { 'Y', 0x308, 0x178 }, { 'Z', 0x301, 0x179 }, { 'Z', 0x307, 0x17B },
	{ 'Z', 0x30C, 0x17D }, { 'a', 0x300, 0x0E0 }, { 'a', 0x301, 0x0E1 }, { 'a', 0x302, 0x0E2 },
	{ 'a', 0x303, 0x0E3 }, { 'a', 0x304, 0x101 }, { 'a', 0x306, 0x103 }, { 'a', 0x308, 0x0E4 },
	{ 'a', 0x30A, 0x0E5 }, { 'a', 0x328, 0x105 }, { 'c', 0x301, 0x107 }, { 'c', 0x302, 0x109 },
	{ 'c', 0x307, 0x10B }, { 'c', 0x30C, 0x10D }, { 'c', 0x327, 0x0E7 }, { 'd', 0x30C, 0x10F },
	{ 'e', 0x300, 0x0E8 }, { 'e', 0x301, 0x0E9 }, { 'e', 0x302, 0x0EA }, { 'e', 0x304, 0x113 },
	{ 'e', 0x306, 0x115 }, { 'e', 0x307, 0x117 }, { 'e', 0x308, 0x0EB }, { 'e', 0x30C, 0x11B },
	{ 'e', 0x328, 0x119 }, { 'g', 0x302, 0x11D }, { 'g', 0x306, 0x11F }, { 'g', 0x307, 0x121 },
	{ 'g', 0x327, 0x123 }, { 'h', 0x302, 0x125 }, { 'i', 0x300, 0x0EC }, { 'i', 0x301, 0x0ED },
	{ 'i', 0x302, 0x0EE }, { 'i', 0x303, 0x129 }, { 'i', 0x304, 0x12B }, { 'i', 0x306, 0x12D },
	{ 'i', 0x308, 0x0EF }, { 'i', 0x328, 0x12F }, { 'j', 0x302, 0x135 }, { 'k', 0x327, 0x137 },
	{ 'l', 0x301, 0x13A }, { 'l', 0x30C, 0x13E }, { 'l', 0x327, 0x13C }, { 'n', 0x301, 0x144 },
	{ 'n', 0x303, 0x0F1 }, { 'n', 0x30C, 0x148 }, { 'n', 0x327, 0x146 }, { 'o', 0x300, 0x0F2 },
	{ 'o', 0x301, 0x0F3 }, { 'o', 0x302, 0x0F4 }, { 'o', 0x303, 0x0F5 }, { 'o', 0x304, 0x14D },
	{ 'o', 0x306, 0x14F }, { 'o', 0x308, 0x0F6 }, { 'o', 0x30B, 0x151 }, { 'r', 0x301, 0x155 },
	{ 'r', 0x30C, 0x159 }, { 'r', 0x327, 0x157 }, { 's', 0x301, 0x15B }, { 's', 0x302, 0x15D },
	{ 's', 0x30C, 0x161 }, { 's', 0x327, 0x15F }, { 't', 0x30C, 0x165 }, { 't', 0x327, 0x163 },
	{ 'u', 0x300, 0x0F9 }, { 'u', 0x301, 0x0FA }, { 'u', 0x302, 0x0FB }, { 'u', 0x303, 0x169 },
	{ 'u', 0x304, 0x16B }, { 'u', 0x306, 0x16D }, { 'u', 0x308, 0x0FC }, { 'u', 0x30A, 0x16F },
	{ 'u', 0x30B, 0x171 }, { 'u', 0x328, 0x173 }, { 'w', 0x302, 0x175 }, { 'y', 0x301, 0x0FD },
	{ 'y', 0x302, 0x177 }, { 'y', 0x308, 0x0FF }, { 'z', 0x301, 0x17A }, { 'z', 0x307, 0x17C },
	{ 'z', 0x30C, 0x17E },
	{ 0x391, 0x301, 0x386 }, { 0x395, 0x301, 0x388 }, { 0x397, 0x301, 0x389 },
	{ 0x399, 0x301, 0x38A }, { 0x399, 0x308, 0x3AA }, { 0x39F, 0x301, 0x38C },
	{ 0x3A5, 0x301, 0x38E }, { 0x3A5, 0x308, 0x3AB }, { 0x3A9, 0x301, 0x38F },
	{ 0x3B1, 0x301, 0x3AC }, { 0x3B5, 0x301, 0x3AD }, { 0x3B7, 0x301, 0x3AE },
	{ 0x3B9, 0x301, 0x3AF }, { 0x3B9, 0x308, 0x3CA }, { 0x3BF, 0x301, 0x3CC },
	{ 0x3C5, 0x301, 0x3CD }, { 0x3C5, 0x308, 0x3CB }, { 0x3C9, 0x301, 0x3CE },
	{ 0x406, 0x308, 0x407 }, { 0x415, 0x300, 0x400 }, { 0x415, 0x308, 0x401 },
	{ 0x418, 0x300, 0x40D }, { 0x418, 0x306, 0x419 }, { 0x423, 0x306, 0x40E },
	{ 0x435, 0x300, 0x450 }, { 0x435, 0x308, 0x451 }, { 0x438, 0x300, 0x45D },
	{ 0x438, 0x306, 0x439 }, { 0x443, 0x306, 0x45E }, { 0x456, 0x308, 0x457 },
};

/* The letter base and a combining mark make, or 0 */
static uint32_t compose_letter(uint32_t base, uint32_t mark)
{
	size_t lo = 0, hi = sizeof(letter_compose) / sizeof(letter_compose[0]);

	if (base > 0x456 || mark < 0x300 || mark > 0x36F)
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		uint32_t b = letter_compose[mid].base, m = letter_compose[mid].mark;
		if (b == base && m == mark)
			return letter_compose[mid].composed;
		if (b < base || (b == base && m < mark))
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void pm_fold_name(struct pm_buf *out, const char *s, size_t len)
{
	size_t i = 0, start = out->len;
	int blank = 0;

	while (i < len) {
		uint32_t c, mark, composed;
		size_t n = pm_utf8_decode(s + i, len - i, &c), m;
		char enc[4];
		if (!n)
			n = 1; /* an invalid byte stands for itself */
		i += n;
		/* "e" and U+0301 are "é": the same name however it was typed */
		if (i < len && (m = pm_utf8_decode(s + i, len - i, &mark)) &&
		    (composed = compose_letter(c, mark))) {
			c = composed;
			i += m;
		}
		/* invisible: zero-width, soft hyphen, joiners, direction marks */
		if (c == 0xAD || c == 0x34F || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
		    (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF)
			continue;
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0) {
			blank = 1;
			continue;
		}
		if (blank && out->len > start)
			pm_buf_addch(out, ' ');
		blank = 0;
		pm_buf_add(out, enc, pm_utf8_encode(fold_cp(c), enc));
	}
}

/* The letters a letter with a mark is written as without it (in ASCII for Latin), or NULL. */
static const char *letter_base(uint32_t c)
{
	/* U+00E0..U+00FF, after folding: à..ÿ (÷ at U+00F7 stays) */
	static const char *const latin1[32] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
		"d", "n", "o", "o", "o", "o", "o", NULL, "o", "u", "u", "u", "u", "y", "th", "y",
	};
	/* U+0100..U+017F in runs: the first code point of each run and its letters */
	static const struct {
		uint32_t from;
		const char *base;
	} runs[] = {
		{ 0x100, "a" }, { 0x106, "c" }, { 0x10E, "d" }, { 0x112, "e" }, { 0x11C, "g" },
		{ 0x124, "h" }, { 0x128, "i" }, { 0x132, "ij" }, { 0x134, "j" }, { 0x136, "k" },
		{ 0x139, "l" }, { 0x143, "n" }, { 0x14C, "o" }, { 0x152, "oe" }, { 0x154, "r" },
		{ 0x15A, "s" }, { 0x162, "t" }, { 0x168, "u" }, { 0x174, "w" }, { 0x176, "y" },
		{ 0x179, "z" }, { 0x17F, "s" }, { 0x180, NULL },
	};
	size_t i;

	if (c == 0xDF)
		return "ss";
	if (c >= 0xE0 && c <= 0xFF)
		return latin1[c - 0xE0];
	if (c == 0x451) /* ё, which Russian mostly writes as е (which reads as "e") */
		return "e";
	for (i = 0; c >= 0x100 && i + 1 < sizeof(runs) / sizeof(runs[0]); i++)
		if (c >= runs[i].from && c < runs[i + 1].from)
			return runs[i].base;
	return NULL;
}

/*
 * The Latin letter a Greek or Cyrillic one (folded to lower case) reads as,
 * or NULL: "Prіya" with a Cyrillic і, or "ВОВ" in Cyrillic capitals, reads
 * as the Latin name and is the same name to a reader. Mostly the letters
 * Unicode's confusables list gives; a name wholly in Greek or Cyrillic maps
 * to a string no Latin name has.
 */
static const char *confusable_latin(uint32_t c)
{
	static const struct {
		uint32_t cp;
		const char *latin;
	} map[] = {
		{ 0x3B1, "a" }, { 0x3B2, "b" }, { 0x3B5, "e" }, { 0x3B6, "z" }, { 0x3B7, "h" },
		{ 0x3B9, "i" }, { 0x3BA, "k" }, { 0x3BC, "m" }, { 0x3BD, "n" }, { 0x3BF, "o" },
		{ 0x3C1, "p" }, { 0x3C4, "t" }, { 0x3C5, "y" }, { 0x3C7, "x" }, { 0x3F2, "c" },
		{ 0x3F3, "j" }, { 0x430, "a" }, { 0x432, "b" }, { 0x435, "e" }, { 0x43A, "k" },
		{ 0x43C, "m" }, { 0x43D, "h" }, { 0x43E, "o" }, { 0x440, "p" }, { 0x441, "c" },
		{ 0x442, "t" }, { 0x443, "y" }, { 0x445, "x" }, { 0x455, "s" }, { 0x456, "i" },
		{ 0x458, "j" }, { 0x4BB, "h" }, { 0x4CF, "l" }, { 0x501, "d" }, { 0x51B, "q" },
		{ 0x51D, "w" },
	};
	size_t lo = 0, hi = sizeof(map) / sizeof(map[0]);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (map[mid].cp == c)
			return map[mid].latin;
		if (map[mid].cp < c)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void pm_fold_search(struct pm_buf *out, const char *s, size_t len)
{
	struct pm_buf folded = PM_BUF_INIT;
	size_t i = 0;

	pm_fold_name(&folded, s, len);
	while (i < folded.len) {
		uint32_t c;
		size_t n = pm_utf8_decode(folded.ptr + i, folded.len - i, &c);
		const char *base = n ? letter_base(c) : NULL;
		if (n && !base)
			base = confusable_latin(c);
		if (!n)
			n = 1;
		if (base)
			pm_buf_adds(out, base);
		else
			pm_buf_add(out, folded.ptr + i, n);
		i += n;
	}
	pm_buf_release(&folded);
}

void pm_slug(struct pm_buf *out, const char *s)
{
	size_t start = out->len;
	int dash = 0;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) && c < 0x80) {
			if (dash && out->len > start)
				pm_buf_addch(out, '-');
			dash = 0;
			pm_buf_addch(out, tolower(c));
		} else {
			dash = 1;
		}
	}
	if (out->len == start)
		pm_buf_addch(out, 'x');
}

void pm_normalize_words(struct pm_buf *out, const char *s, size_t len)
{
	size_t i, n = 0;
	int space = 0;

	pm_buf_reset(out);
	pm_buf_grow(out, len + 1);
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (is_word(c)) {
			if (space && n)
				out->ptr[n++] = ' ';
			space = 0;
			out->ptr[n++] = (char)(c < 0x80 ? tolower(c) : c);
		} else {
			space = 1;
		}
	}
	pm_buf_setlen(out, n);
}

size_t pm_edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b), i, j, row[32];

	if (la >= 32 || lb >= 32)
		return (size_t)-1;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

void pm_near_try(struct pm_near *n, const char *candidate)
{
	size_t d;

	if (candidate && (d = pm_edit_distance(n->name, candidate)) < n->dist) {
		n->dist = d;
		n->best = candidate;
	}
}

const char *pm_near_found(const struct pm_near *n)
{
	return n->best && n->dist <= 2 && n->dist < strlen(n->name) ? n->best : NULL;
}

void pm_sh_dquote(struct pm_buf *out, const char *s)
{
	pm_buf_addch(out, '"');
	for (; *s; s++) {
		if (strchr("\\\"$`", *s))
			pm_buf_addch(out, '\\');
		pm_buf_addch(out, *s);
	}
	pm_buf_addch(out, '"');
}

int pm_sh_bare(const char *s)
{
	return *s && !s[strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,")];
}

void pm_sh_arg(struct pm_buf *out, const char *s)
{
	if (pm_sh_bare(s))
		pm_buf_adds(out, s);
	else
		pm_sh_dquote(out, s);
}

size_t pm_text_conflict_marker(const char *line, size_t len, char ch)
{
	size_t i;

	while (len && line[len - 1] == '\r')
		len--;
	for (i = 0; i < len && line[i] == ch; i++)
		;
	if (i < 7)
		return 0;
	return i == len || (ch != '=' && line[i] == ' ') ? i : 0;
}

unsigned pm_text_conflict_line(const char *buf, size_t len)
{
	const char *p = buf, *end = buf + len;
	unsigned ln = 0, open = 0, mid = 0;
	size_t size = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p), k;

		ln++;
		if ((k = pm_text_conflict_marker(p, n, '<')))
			open = ln, mid = 0, size = k;
		else if (open && pm_text_conflict_marker(p, n, '=') == size)
			mid = ln;
		else if (open && mid && pm_text_conflict_marker(p, n, '>') == size)
			return open;
		p += n + 1;
	}
	return 0;
}
