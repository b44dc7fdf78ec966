/* the rules: the seed's placeholders and mojibake, its figures, levels */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "facts.h"
#include "lint.h"
#include "policy.h"
#include "rules.h"
#include "template.h"
#include "text.h"
#include "test.h"

#define UNIT_MODULE "lint"

struct run {
	struct pm_config cfg;
	struct pm_template tpl;
	struct pm_lint l;
	char *src;
};

static void lint_text(struct run *r, const char *path, const char *src, size_t len,
		      int level)
{
	struct pm_lint_input in;

	pm_config_defaults(&r->cfg);
	memset(&r->tpl, 0, sizeof(r->tpl));
	pm_template_learn(&r->tpl, pm_builtin_template, pm_builtin_template_len);
	memset(&in, 0, sizeof(in));
	in.path = path;
	in.src = src;
	in.len = len;
	in.cfg = &r->cfg;
	in.tpl = &r->tpl;
	in.now = pm_days_from_civil(2026, 2, 15);
	in.level = level;
	pm_lint_run(&r->l, &in);
}

static void lint_file(struct run *r, const char *fixture, const char *path, int level)
{
	size_t len;

	r->src = unit_fixture(fixture, &len);
	lint_text(r, path, r->src, len, level);
}

static void done(struct run *r)
{
	pm_lint_release(&r->l);
	pm_template_release(&r->tpl);
	pm_config_release(&r->cfg);
	free(r->src);
}

static int has(const struct run *r, const char *rule, unsigned line, unsigned col,
	       const char *text)
{
	size_t i;

	for (i = 0; i < r->l.nr; i++) {
		const struct pm_finding *f = &r->l.findings[i];
		if (strcmp(pm_rules[f->rule].name, rule))
			continue;
		if (line && f->line != line)
			continue;
		if (col && f->col != col)
			continue;
		if (text && !strstr(f->msg, text))
			continue;
		return 1;
	}
	return 0;
}

static size_t count(const struct run *r, const char *rule)
{
	size_t i, n = 0;

	for (i = 0; i < r->l.nr; i++)
		n += !strcmp(pm_rules[r->l.findings[i].rule].name, rule);
	return n;
}

static void seed_placeholders_are_reported_where_they_are(void)
{
	struct run r;

	lint_file(&r, "tests/fixtures/seed-template.md", "INC-2026-0001.md", PM_LEVEL_REVIEW);
	CHECK(has(&r, "placeholder", 3, 18, "[INC-YYYY-NNNN]"));
	CHECK(has(&r, "placeholder", 4, 11, "[YYYY-MM-DD]"));
	CHECK(has(&r, "placeholder", 22, 23, "[NUMBER or PERCENTAGE]"));
	CHECK(has(&r, "placeholder", 23, 17, "[START TIME]"));
	CHECK(has(&r, "placeholder", 33, 24, "[X]"));
	CHECK(has(&r, "placeholder", 33, 37, "[Y]"));
	CHECK(has(&r, "placeholder", 257, 29, "[Name]"));
	/* before Final, the Sign-Off section's placeholders are expected */
	CHECK(!has(&r, "placeholder", 301, 0, NULL));
	CHECK(r.l.findings[0].sev == PM_SEV_ERROR);
	done(&r);
}

static void seed_mojibake_is_found_and_repaired_in_the_message(void)
{
	struct run r;

	lint_file(&r, "tests/fixtures/seed-template.md", NULL, PM_LEVEL_REVIEW);
	CHECK(has(&r, "mojibake", 257, 51, "for '\xe2\x9c\x85'"));
	CHECK(has(&r, "mojibake", 259, 55, "for '\xf0\x9f\x94\x84'"));
	CHECK(has(&r, "mojibake", 260, 55, "for '\xf0\x9f\x93\x8b'"));
	CHECK(has(&r, "mojibake", 288, 32, "for '\xe2\x86\x92'"));
	CHECK(has(&r, "mojibake", 288, 51, "bytes lost"));
	CHECK(count(&r, "mojibake") == 12);
	done(&r);
}

static void seed_figures_pass_the_recomputations(void)
{
	struct run r;

	lint_file(&r, "tests/fixtures/seed-template.md", NULL, PM_LEVEL_REVIEW);
	CHECK(count(&r, "duration") == 0);
	CHECK(count(&r, "resolution-time") == 0);
	CHECK(count(&r, "error-budget") == 0);
	CHECK(count(&r, "slo") == 0);
	CHECK(count(&r, "timeline-order") == 0);
	done(&r);
}

/*
 * Lints a copy of the fixture with each edits[i][0] replaced by
 * edits[i][1] (the first of each, in turn); returns the line of the first
 * edit, or 0 when an edit's text is not there.
 */
static unsigned lint_fixture_edited(struct run *r, const char *fixture,
				    const char *const (*edits)[2], size_t n)
{
	size_t len, i;
	char *text = unit_fixture(fixture, &len);
	struct pm_buf b = PM_BUF_INIT;
	unsigned line = 0;

	for (i = 0; i < n && text; i++) {
		char *at = strstr(text, edits[i][0]);
		const char *p;
		if (!at) {
			line = 0;
			break;
		}
		if (!i)
			for (line = 1, p = text; p < at; p++)
				line += *p == '\n';
		pm_buf_reset(&b);
		pm_buf_add(&b, text, (size_t)(at - text));
		pm_buf_adds(&b, edits[i][1]);
		pm_buf_adds(&b, at + strlen(edits[i][0]));
		free(text);
		text = pm_buf_detach(&b, &len);
	}
	if (!line) {
		free(text);
		text = pm_buf_detach(&b, &len);
	}
	r->src = text;
	lint_text(r, NULL, r->src, len, PM_LEVEL_REVIEW);
	return line;
}

static unsigned lint_fixture_changed(struct run *r, const char *fixture, const char *from,
				     const char *to)
{
	const char *const edit[1][2] = { { from, to } };

	return lint_fixture_edited(r, fixture, edit, 1);
}

static size_t complete_changed(struct run *r, const char *from, const char *to, const char *rule,
			       unsigned *line);

/* Replaces the first `from` in a copy of the seed and lints it. */
static void lint_changed(struct run *r, const char *from, const char *to)
{
	lint_fixture_changed(r, "tests/fixtures/seed-template.md", from, to);
}

static void budget_minutes_rounded_from_the_percentage_are_followed_either_way(void)
{
	struct run r;

	/* minutes rounded from the percentage: the rest may follow either */
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (43 minutes)\n- Consumed: 95 minutes (220% of budget)\n- Remaining: -51.8 minutes (-120%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (43 minutes)\n- Consumed: 95 minutes (219.9% of budget)\n- Remaining: -51.8 minutes (-119.9%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (43 minutes)\n- Consumed: 95 minutes (220% of budget)\n- Remaining: -50.8 minutes (-118%)");
	CHECK(has(&r, "error-budget", 285, 14, "leaves -52 (or 0: the budget is spent), not -50.8"));
	done(&r);
	/* the average month of SLO calculators: 0.1% of 30.44 days is 43.8 minutes */
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (43.8 minutes)\n- Consumed: 20 minutes (45.7% of budget)\n- Remaining: 23.8 minutes (54.3%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (42.5 minutes)\n- Consumed: 20 minutes (47.1% of budget)\n- Remaining: 22.5 minutes (52.9%)");
	CHECK(has(&r, "error-budget", 283, 0, "0.1% of a 30-day month is 43.2 minutes (43.8 for an average month of 30.44 days), not 42.5"));
	done(&r);
	/* the share left as the consumed one leaves it: 23.2 of 43.2 before rounding */
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (43 minutes)\n- Consumed: 20 minutes (46.3% of budget)\n- Remaining: 23 minutes (53.7%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (~43 minutes)\n- Consumed: 20 minutes (46%)\n- Remaining: 23 minutes (54%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Monthly budget: 0.5% (216 minutes)\n- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Monthly budget: 0.1% (43 minutes)\n- Consumed: 20 minutes (46.3% of budget)\n- Remaining: 23 minutes (55.7%)");
	CHECK(has(&r, "error-budget", 285, 0, "23 of 43 minutes is 53.5% of the budget, not 55.7%"));
	done(&r);
}

static void an_error_rate_target_is_a_ceiling(void)
{
	struct run r;

	/* an error rate's target is a ceiling: missed when the actual is over it */
	lint_changed(&r, "API Availability: 99.9% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 99.1% (actual)",
		     "API error rate: 0.1% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 2.3% (actual)");
	CHECK(count(&r, "slo") == 0);
	done(&r);
	lint_changed(&r, "API Availability: 99.9% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 99.1% (actual)",
		     "API error rate: 0.1% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 0.05% (actual)");
	CHECK(has(&r, "slo", 289, 0, "the actual 0.05% is within the 0.1% target, a ceiling for 'API error rate'"));
	done(&r);
	lint_changed(&r, "API Availability: 99.9% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 99.1% (actual)",
		     "Error budget remaining: 20% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 5% (actual)");
	CHECK(count(&r, "slo") == 0);
	done(&r);
	/* a share of good events is one to reach, whatever else its name says */
	lint_changed(&r, "API Availability: 99.9% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 99.1% (actual)",
		     "Error-free API calls: 99.9% (target) \xc3\xa2\xe2\x80\xa0\xe2\x80\x99 99.95% (actual)");
	CHECK(has(&r, "slo", 289, 0, "meets the 99.9% target"));
	done(&r);
}

/* the SLO line written other ways than the template's, and latencies */
static void slo_targets_in_other_words_and_latencies_are_judged(void)
{
	static const struct {
		const char *line, *finding; /* NULL: none */
	} cases[] = {
		{ "Order SLO: target 99.5%, actual 99.1% (met)", "marked met, but the actual 99.1% is below the 99.5% target" },
		{ "Order SLO: target 99.5%, actual 99.1% (missed)", NULL },
		{ "Order SLO: 99.5% target, 99.1% actual - Met", "marked met, but the actual 99.1% is below the 99.5% target" },
		{ "Order SLO: target: 99.5%; actual: 99.7% \xe2\x9d\x8c", "marked missed, but the actual 99.7% meets the 99.5% target" },
		{ "p99 latency: 300ms (target) \xe2\x86\x92 950ms (actual) \xe2\x9c\x85 Met",
		  "marked met, but the actual 950ms is over the 300ms target, a ceiling for 'p99 latency'" },
		{ "p99 latency: 300ms (target) \xe2\x86\x92 950ms (actual) \xe2\x9d\x8c Missed", NULL },
		{ "p95 latency: target < 1.5 s, actual 950 ms (missed)",
		  "marked missed, but the actual 950 ms is within the 1.5 s target, a ceiling for 'p95 latency'" },
		{ "p95 latency: target 2 s, actual 1999ms (met)", NULL },
		/* a share and a time are not compared; nor is a line with no mark */
		{ "Checkout: 99.5% (target) \xe2\x86\x92 950ms (actual) Met", NULL },
		{ "p99 latency: 300ms (target) \xe2\x86\x92 950ms (actual)", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		struct pm_buf to = PM_BUF_INIT;
		pm_buf_addf(&to, "- %s\n", cases[i].line);
		CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md",
					   "- Checkout availability SLO: 99.9% (target) \xe2\x86\x92 99.84% (actual) \xe2\x9d\x8c Missed\n",
					   to.ptr));
		if (cases[i].finding)
			CHECK(has(&r, "slo", 0, 0, cases[i].finding));
		else
			CHECK(count(&r, "slo") == 0);
		done(&r);
		pm_buf_release(&to);
		if (unit_case_failed)
			return;
	}
}

static void one_changed_figure_fails_on_its_line(void)
{
	struct run r;

	lint_changed(&r, "(62.5% of budget)", "(72.5% of budget)");
	CHECK(has(&r, "error-budget", 284, 26, "62.5%"));
	done(&r);
	lint_changed(&r, "Mitigation to Resolution**: 30 minutes", "Mitigation to Resolution**: 35 minutes");
	CHECK(has(&r, "resolution-time", 196, 0, "50m but Total says 45m"));
	done(&r);
	lint_changed(&r, "0.5% (216 minutes)", "0.5% (260 minutes)");
	CHECK(has(&r, "error-budget", 283, 0, "216.0 minutes"));
	done(&r);
	lint_changed(&r, "Remaining: 81 minutes", "Remaining: 80 minutes");
	CHECK(has(&r, "error-budget", 285, 14, "leaves 81"));
	done(&r);
	/* an overspent budget: nothing left is right, and so is the negative */
	lint_changed(&r, "- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Consumed: 260 minutes (120.4% of budget)\n- Remaining: 0 minutes (0%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Consumed: 260 minutes (120.4% of budget)\n- Remaining: -44 minutes (-20.4%)");
	CHECK(count(&r, "error-budget") == 0);
	done(&r);
	lint_changed(&r, "- Consumed: 135 minutes (62.5% of budget)\n- Remaining: 81 minutes (37.5%)",
		     "- Consumed: 260 minutes (120.4% of budget)\n- Remaining: 5 minutes (2.3%)");
	CHECK(has(&r, "error-budget", 285, 14, "leaves -44 (or 0: the budget is spent), not 5"));
	done(&r);
	lint_changed(&r, "99.1% (actual)", "99.95% (actual)");
	CHECK(has(&r, "slo", 289, 0, "meets the 99.9% target"));
	done(&r);
	/* a row in another zone than the rest: named once, and not put in order with them */
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 01:27 PST | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 1);
	CHECK(has(&r, "timeline-order", 49, 3,
		  "'01:27 PST' is in PST but '09:12 (10:12 CET)' on line 48 is read as UTC; write every row in one zone, UTC"));
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 09:27 GMT | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 0);
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 10:27 UTC+1 | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 1);
	CHECK(has(&r, "timeline-order", 49, 3, "'10:27 UTC+1' is in +1 but"));
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 01:27 UTC-8 | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 1);
	done(&r);
	/* a time linking to its chat message is the time */
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh",
			       "| [09:27](https://chat.example.com/archives/C01/p1707557220) | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 0);
	CHECK(count(&r, "timeline-time") == 0);
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| [**09:05**](https://x) | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 1);
	done(&r);
	/* inline HTML around a time, as HTML exports write bold */
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh",
			       "| <strong>09:27</strong> | CheckoutErrorRateHigh", "timeline-time", NULL) == 0);
	CHECK(count(&r, "timeline-order") == 0);
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh",
			       "| <span class=\"t\">09:50</span> | CheckoutErrorRateHigh", "timeline-order",
			       NULL) == 1);
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| <b 09:27 | CheckoutErrorRateHigh",
			       "timeline-time", NULL) == 1);
	done(&r);
	/* a clock time in another form gets the HH:MM to write; a relative one says why not */
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 09h27 | CheckoutErrorRateHigh",
			       "timeline-time", NULL) == 1);
	CHECK(has(&r, "timeline-time", 49, 3, "'09h27' is not a time pmgit reads; write it as 09:27 (HH:MM, UTC)"));
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| **0927** | CheckoutErrorRateHigh",
			       "timeline-time", NULL) == 1);
	CHECK(has(&r, "timeline-time", 49, 3, "write it as 09:27 (HH:MM, UTC)"));
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 2460 | CheckoutErrorRateHigh",
			       "timeline-time", NULL) == 1);
	CHECK(has(&r, "timeline-time", 49, 3, "'2460' is not a time; write HH:MM (UTC)"));
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| T+15m | CheckoutErrorRateHigh",
			       "timeline-time", NULL) == 1);
	CHECK(has(&r, "timeline-time", 49, 3, "'T+15m' is a time relative to the start"));
	done(&r);
	/* no offset is UTC itself */
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 09:27 UTC+0 | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 0);
	done(&r);
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 09:27 +00:00 | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 0);
	done(&r);
	/* a range of times is no zone */
	CHECK(complete_changed(&r, "| 09:27 | CheckoutErrorRateHigh", "| 09:27-09:29 | CheckoutErrorRateHigh",
			       "timeline-order", NULL) == 0);
	done(&r);
	/* the Detailed Timeline's entries too, named where they are */
	CHECK(complete_changed(&r, "**09:45 UTC** - Cause identified", "**09:05 UTC** - Cause identified",
			       "timeline-order", NULL) == 1);
	CHECK(has(&r, "timeline-order", 63, 3, "'09:05 UTC' comes before '09:12 UTC' on line 59"));
	done(&r);
	CHECK(complete_changed(&r, "**09:45 UTC** - Cause identified",
			       "**Cause identified** at 09:05 UTC", "timeline-order", NULL) == 0);
	done(&r);
	/* a day's heading, or a bold date alone, gives the day of the entries below */
	CHECK(complete_changed(&r, "**09:45 UTC** - Cause identified",
			       "#### Day 2 (2026-02-11)\n\n**00:05 UTC** - Cause identified",
			       "timeline-order", NULL) == 0);
	done(&r);
	CHECK(complete_changed(&r, "**09:45 UTC** - Cause identified",
			       "**2026-02-11**\n\n**00:05 UTC** - Cause identified",
			       "timeline-order", NULL) == 0);
	done(&r);
	CHECK(complete_changed(&r, "**09:45 UTC** - Cause identified",
			       "#### Root cause\n\n**00:05 UTC** - Cause identified",
			       "timeline-order", NULL) == 1);
	done(&r);
	lint_changed(&r, "| 14:30 | Mitigation started", "| 14:10 | Mitigation started");
	CHECK(has(&r, "timeline-order", 50, 3, "'14:10' comes before '14:25' on line 49"));
	done(&r);
	/* within one minute, the seconds decide */
	lint_changed(&r, "| 14:15 | First alert fired | AutosaveSuccessRateLow alert |\n| 14:17 |",
		     "| 14:15:40 | First alert fired | AutosaveSuccessRateLow alert |\n| 14:15:05 |");
	CHECK(has(&r, "timeline-order", 0, 0, "'14:15:05' comes before '14:15:40'"));
	done(&r);
}

/* The fixture's Timeline table, for the tests that write it another way. */
static const char timeline_table_text[] =
	"| Time | Event | Action Taken |\n"
	"|------|-------|--------------|\n"
	"| 09:12 (10:12 CET) | Ingress certificate expires | None yet: no alert on expiry |\n"
	"| 09:27 | CheckoutErrorRateHigh fires | PagerDuty pages the payments on-call |\n"
	"| 09:31 | On-call acknowledges | Opens #inc-checkout-tls and starts triage |\n"
	"| 09:45 | Expired certificate found | openssl s_client shows notAfter 09:12 |\n"
	"| 10:07 | Renewed certificate deployed to EU | Traffic in EU recovers within a minute |\n"
	"| 10:29 | Renewed certificate deployed to US | US error rate starts falling |\n"
	"| 10:47 | Error rate back to normal | Incident declared resolved |\n"
	"| 11:47 | Monitoring window ends | Channel archived, postmortem scheduled |\n";

/* A Timeline kept as a list, where a team has no table: its timed items are the rows. */
static void a_timeline_list_is_read_as_rows(void)
{
	static const struct {
		const char *list;
		const char *rule; /* the one finding, or NULL for none */
		unsigned line, col;
		const char *says;
	} cases[] = {
		{ "- **09:12 (10:12 CET)** - Ingress certificate expires\n"
		  "- **09:27** - CheckoutErrorRateHigh fires\n- **10:47** - Error rate back to normal\n"
		  "- Note: the times are from the gateway logs\n",
		  NULL, 0, 0, NULL },
		{ "- **09:12** - Certificate expires\n- **09:31** - On-call acknowledges\n"
		  "- **08:45** - Expired certificate found\n- **10:47** - Recovered\n",
		  "timeline-order", 48, 3, "'**08:45**' comes before '**09:31**' on line 47" },
		{ "1. 09:12 UTC: certificate expires\n2. 09:27 PST - paged\n3. 10:47: recovered\n",
		  "timeline-order", 47, 4, "'09:27 PST' is in PST but '09:12 UTC' on line 46 is read as UTC" },
		/* an item holding a date alone gives the day of the items below */
		{ "- 09:12 certificate expires\n- **2026-02-11**\n- 00:31 paged\n", NULL, 0, 0, NULL },
		/* words after the time are the event, not a zone */
		{ "* 09:12 certificate expires\n* 09:27 CDN purge - paged\n* 10:47 recovered\n",
		  NULL, 0, 0, NULL },
		/* a separator straight after the time, with no blank before the event */
		{ "- 09:12 |certificate-expired-on-the-eu-and-us-ingress-gateways-so-checkout-failed-for-most-customers-in-both-regions-until-the-renewed-one-was-deployed\n- 10:47 |recovered\n", NULL, 0, 0, NULL },
		{ "- `09:12` certificate expires\n- `09:31` paged\n", "timeline-span", 25, 17,
		  "the Duration ends after the Timeline's last row ('`09:31`')" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		const char *const rules[] = { "timeline-order", "timeline-span", "timeline-time" };
		size_t k, n = 0;
		lint_fixture_changed(&r, "tests/fixtures/complete.md", timeline_table_text,
				     cases[i].list);
		for (k = 0; k < 3; k++)
			n += count(&r, rules[k]);
		if (cases[i].rule ? n != 1 || !has(&r, cases[i].rule, cases[i].line, cases[i].col,
						   cases[i].says)
				  : n != 0)
			unit_fail(__FILE__, __LINE__, cases[i].list, "timeline findings differ");
		done(&r);
	}
}

/* A Date column beside the Time gives each row its day, or the day above it. */
static void a_date_column_gives_the_day(void)
{
	static const struct {
		const char *table;
		int order; /* timeline-order findings */
	} cases[] = {
		{ "| Date | Time (UTC) | Event |\n|---|---|---|\n| 2026-02-10 | 23:12 | expires |\n"
		  "| 2026-02-11 | 00:31 | paged |\n| | 00:47 | recovered |\n", 0 },
		{ "| Day | Time | Event |\n|---|---|---|\n| **2026-02-10** | 23:12 | expires |\n"
		  "| **2026-02-11** | 00:31 | paged |\n", 0 },
		{ "| Day | Time | Event |\n|---|---|---|\n| 2026-02-10 | 23:12 | expires |\n"
		  "| Feb 11, 2026 | 00:31 | paged |\n| 2026-02-10 | 23:50 | out of order |\n", 1 },
		/* a row with a date alone: the rows below are that day's */
		{ "| Time | Event |\n|---|---|\n| 23:12 | expires |\n| **2026-02-11** | |\n"
		  "| 00:31 | paged |\n", 0 },
		/* a column of numbers first: the time column is the one with times */
		{ "| # | Timestamp | Event |\n|---|---|---|\n| 1 | 09:12 | expires |\n| 2 | 09:27 | paged |\n", 0 },
		{ "| # | At | Event |\n|---|---|---|\n| 1 | 09:12 | expires |\n| 2 | 09:02 | paged |\n", 1 },
		/* a Time heading that names its zone is the time column still */
		{ "| Date | Time (PST) | Event |\n|---|---|---|\n| 2026-02-10 | 23:12 | expires |\n"
		  "| 2026-02-11 | 00:31 | paged |\n", 0 },
		/* with no date there, the incident's Date as before */
		{ "| Date | Time | Event |\n|---|---|---|\n| - | 23:12 | expires |\n| - | 00:31 | paged |\n", 1 },
	};
	/*
	 * a time only in a cell past the heading's is no time column: a row
	 * of a table without its delimiter row keeps all its cells
	 */
	{
		struct run r;
		lint_fixture_changed(&r, "tests/fixtures/complete.md", timeline_table_text,
				     "| Event | Note |\n| expires | none | 09:12 |\n");
		CHECK(has(&r, "timeline-time", 0, 0, "'expires' is not a time"));
		done(&r);
	}
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		lint_fixture_changed(&r, "tests/fixtures/complete.md", timeline_table_text,
				     cases[i].table);
		if (count(&r, "timeline-order") != (size_t)cases[i].order ||
		    count(&r, "timeline-time") != 0)
			unit_fail(__FILE__, __LINE__, cases[i].table, "timeline-order differs");
		done(&r);
	}
}

/*
 * A Detailed Timeline without dates, past midnight: back by more than half
 * a day is the next day when the Timeline goes on into it; disorder within
 * a day is still disorder.
 */
static void detailed_entries_go_past_midnight_with_the_timeline(void)
{
	static const char crossing[] =
		"| Time | Event |\n|---|---|\n| 22:40 | expires |\n| 23:12 | paged |\n"
		"| 2026-02-11 00:31 | fixed |\n| 2026-02-11 00:47 | recovered |\n";
	static const char same_day[] =
		"| Time | Event |\n|---|---|\n| 00:31 | fixed |\n| 22:40 | expires |\n| 23:12 | paged |\n";
	const char *const edits[][2] = {
		{ timeline_table_text, crossing },
		{ "**09:12 UTC**", "**22:40 UTC**" },
		{ "**09:45 UTC**", "**23:12 UTC**" },
		{ "**10:07 UTC**", "**00:31 UTC**" },
	};
	struct run r;

	CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", edits, 4));
	CHECK(!count(&r, "timeline-order"));
	done(&r);
	/* the Timeline stays on one day: the entry after 23:12 is out of order */
	{
		const char *const e[][2] = { { timeline_table_text, same_day }, { edits[1][0], edits[1][1] },
					     { edits[2][0], edits[2][1] }, { edits[3][0], edits[3][1] } };
		CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", e, 4));
		CHECK(has(&r, "timeline-order", 0, 0, "'00:31 UTC' comes before '23:12 UTC'"));
		done(&r);
	}
	/* back by minutes on a night that crosses midnight: disorder */
	{
		const char *const e[][2] = { { timeline_table_text, crossing }, { edits[1][0], "**23:30 UTC**" },
					     { edits[2][0], "**23:12 UTC**" }, { edits[3][0], edits[3][1] } };
		CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", e, 4));
		CHECK(has(&r, "timeline-order", 0, 0, "'23:12 UTC' comes before '23:30 UTC'"));
		CHECK(count(&r, "timeline-order") == 1);
		done(&r);
	}
}

/* Action Items kept as a list: nothing of them can be read, which is said once. */
static void action_items_as_a_list_are_named(void)
{
	static const char table[] =
		"| Action | Owner | Due Date | Status |\n"
		"|--------|-------|----------|--------|\n"
		"| Deploy renewed certificate | Priya Raman | 2026-02-10 | \xe2\x9c\x85 Done |\n"
		"| Exempt the renewal job from the egress policy | Tom\xc3\xa1s Ortega | 2026-02-11 | \xe2\x9c\x85 Done |\n"
		"| Export certificate expiry as a metric and alert 14 days ahead | Priya Raman | 2026-02-20 | \xf0\x9f\x94\x84 In Progress |\n"
		"| Page on two consecutive failed CronJob runs | Dana Kim | 2026-02-24 | \xf0\x9f\x93\x8b Planned |\n"
		"| Issue one certificate per region | Tom\xc3\xa1s Ortega | 2026-03-06 | \xf0\x9f\x93\x8b Planned |\n";
	static const char list[] = "are a list, so no owner, due date or status can be read";
	static const char prose[] = "are not in a table, so no owner";
	static const char pandoc[] = "are a pandoc table, which GitHub shows as plain text";
	static const struct {
		const char *list;
		const char *named;
	} cases[] = {
		{ "- [x] Deploy renewed certificate (Priya, 2026-02-10)\n"
		  "- [ ] Alert 14 days before expiry\n  - owner to be found\n", list },
		{ "1. Deploy renewed certificate\n", list },
		{ "- None\n", NULL },
		{ "- N/A.\n", NULL },
		{ "No follow-up was needed: the renewal was the fix.\n", NULL },
		{ "None.\n", NULL },
		/* prose names no owner, due date or status either */
		{ "Tracked in the OPS-42 epic.\n", prose },
		{ "We will alert before certificates expire.\nNo date yet.\n", prose },
		/* pandoc's own table, as 'pandoc -t markdown' writes a Word table back */
		{ "  -----------------------------------------\n"
		  "  Action            Owner             Due Date\n"
		  "  ----------------- ----------------- --------\n"
		  "  Deploy renewed    Priya Raman       2026-02-10\n"
		  "  certificate\n"
		  "  -----------------------------------------\n", pandoc },
		{ "<table>\n<tr><th>Action</th><th>Owner</th></tr>\n"
		  "<tr><td><p>Deploy</p><p>renewed certificate</p></td><td>Priya Raman</td></tr>\n"
		  "</table>\n", "are an HTML table (<table>), which pmgit does not read" },
		{ "<TABLE class=\"x\">\n<tr><td>No owner yet</td></tr>\n</TABLE>\n",
		  "are an HTML table (<table>)" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		unsigned line = lint_fixture_changed(&r, "tests/fixtures/complete.md", table,
						     cases[i].list);
		size_t n = count(&r, "action-owner") + count(&r, "action-due") +
			   count(&r, "action-status");
		if (!line || n != (cases[i].named != NULL) ||
		    (cases[i].named && !has(&r, "action-owner", 0, 1, cases[i].named)))
			unit_fail(__FILE__, __LINE__, cases[i].list, "action findings differ");
		done(&r);
	}
}

/* A Timeline with no rows to read: prose, a zone alone, or a pandoc table */
static void a_timeline_without_rows_is_named(void)
{
	/* each in place of the fixture's Timeline table */
	static const struct {
		const char *with;
		const char *named;
	} cases[] = {
		{ "The certificate expired at 09:12; service was back by 10:47.\n", "is not in a table" },
		{ "", "is not in a table" }, /* "All times in UTC." above it, and nothing else */
		{ "  ------------------------------------------\n"
		  "  Time                Event\n"
		  "  ------------------- ----------------------\n"
		  "  09:12 (10:12 CET)   Ingress certificate\n"
		  "                      expires\n", "is a pandoc table, which GitHub shows as plain text" },
		{ "+-------------------+------------------+\n"
		  "| Time              | Event            |\n"
		  "+===================+==================+\n"
		  "| 09:12 (10:12 CET) | Certificate      |\n"
		  "+-------------------+------------------+\n", "is a pandoc table, which GitHub shows as plain text" },
		/* as pandoc writes a table whose cells hold more than a line */
		{ "<table>\n<thead>\n<tr class=\"header\">\n<th>Time</th>\n</tr>\n</thead>\n"
		  "<tbody>\n<tr>\n<td><p>09:12</p></td>\n</tr>\n</tbody>\n</table>\n",
		  "is an HTML table (<table>), which pmgit does not read, so no time, order or span can be read; write its rows as a table: | Time | Event | Action Taken | (a '|' row for each <tr>" },
		/* a list of timed items is rows */
		{ "- **09:12** - Ingress certificate expires\n", NULL },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t len;
		char *text = unit_fixture("tests/fixtures/complete.md", &len);
		char *a = strstr(text, "| Time | Event"), *b = a ? strstr(a, "\n\n") : NULL;
		struct pm_buf doc = PM_BUF_INIT;
		struct run r;
		if (!a || !b) {
			unit_fail(__FILE__, __LINE__, "the fixture's Timeline table", "not found");
			free(text);
			continue;
		}
		pm_buf_add(&doc, text, (size_t)(a - text));
		pm_buf_adds(&doc, cases[i].with);
		pm_buf_adds(&doc, b + 1);
		free(text);
		r.src = pm_buf_detach(&doc, &len);
		lint_text(&r, NULL, r.src, len, PM_LEVEL_REVIEW);
		if (cases[i].named ? !has(&r, "timeline-time", 42, 1, cases[i].named)
				   : count(&r, "timeline-time") != 0)
			unit_fail(__FILE__, __LINE__, cases[i].with, "timeline findings differ");
		done(&r);
	}
}

static void complete_fixture_has_no_findings_at_review(void)
{
	struct run r;
	size_t i;

	lint_file(&r, "tests/fixtures/complete.md", "postmortems/INC-2026-0042.md",
		  PM_LEVEL_REVIEW);
	for (i = 0; i < r.l.nr; i++)
		unit_fail(__FILE__, __LINE__, pm_rules[r.l.findings[i].rule].name,
			  r.l.findings[i].msg);
	CHECK(r.l.nr == 0);
	done(&r);
}

static void later_levels_are_warnings_earlier_ones_errors(void)
{
	struct run r;

	lint_file(&r, "tests/fixtures/seed-template.md", NULL, PM_LEVEL_DRAFT);
	CHECK(r.l.level == PM_LEVEL_DRAFT);
	CHECK(has(&r, "status", 7, 13, NULL));
	{
		size_t i;
		for (i = 0; i < r.l.nr; i++) {
			const struct pm_finding *f = &r.l.findings[i];
			int draft = pm_rules[f->rule].level == PM_LEVEL_DRAFT;
			CHECK((f->sev == PM_SEV_ERROR) == draft);
		}
	}
	done(&r);
}

static void status_chooses_the_level(void)
{
	static const char doc[] = "# T\n\n**Status**: In Review\n\n---\n";
	struct run r;

	r.src = NULL;
	lint_text(&r, NULL, doc, strlen(doc), -1);
	CHECK(r.l.level == PM_LEVEL_REVIEW);
	CHECK(has(&r, "section-missing", 0, 0, "Executive Summary"));
	done(&r);
}

static void header_fields_in_another_form_are_named_with_the_fix(void)
{
	static const char plain[] = "# T\n\n**Incident ID**: INC-2026-0001\nStatus: Final\n\n---\n";
	static const char table[] = "# T\n\n| **Status** | `In Review` |\n\n---\n";
	static const char bare[] = "# T\n\n**Status**: Draft\nDate:\n\n---\n";
	struct run r;

	r.src = NULL;
	lint_text(&r, NULL, plain, strlen(plain), -1);
	CHECK(has(&r, "header", 4, 1, "write this line as '**Status**: Final'"));
	CHECK(!has(&r, "header", 0, 0, "missing header field '**Status**"));
	done(&r);
	lint_text(&r, NULL, table, strlen(table), -1);
	CHECK(has(&r, "header", 3, 1, "write this line as '**Status**: In Review'"));
	done(&r);
	lint_text(&r, NULL, bare, strlen(bare), -1);
	CHECK(has(&r, "header", 4, 1, "write this line as '**Date**: YYYY-MM-DD'"));
	/* a field nowhere at all is still missing */
	CHECK(has(&r, "header", 0, 0, "missing header field '**Author(s)**"));
	done(&r);
	/* YAML front matter: one finding that says what it is, not one per field */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "# Postmortem:",
			     "---\nlayout: postmortem\ntags: [tls]\n---\n\n# Postmortem:");
	CHECK(has(&r, "header", 1, 1, "lines 1-4 are YAML front matter"));
	CHECK(count(&r, "header") == 1 && count(&r, "title") == 0);
	done(&r);
	/* other names of a field are the field, for the rules that read it too */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Date**: 2026-02-10",
			     "**Incident Date**: 2026-02-20");
	CHECK(count(&r, "header") == 0);
	CHECK(has(&r, "action-due", 190, 0, "is before the incident (2026-02-20)"));
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Incident ID**: INC-2026-0042",
			     "**Incident #**: INC-2026-0042");
	CHECK(count(&r, "header") == 0 && count(&r, "id-format") == 0);
	done(&r);
	/* "Incident" alone says what happened, beside the ID */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Incident ID**: INC-2026-0042",
			     "**Incident**: Checkout TLS outage\n**Incident ID**: INC-2026-0042");
	CHECK(count(&r, "header") == 0 && count(&r, "id-format") == 0);
	done(&r);
}

static void impact_figures_in_another_form_are_named_with_the_fix(void)
{
	/* each edit of the fixture, the rule, its line (0: the edited one) and what it says */
	static const struct {
		const char *from, *to, *rule;
		unsigned line;
		const char *says;
	} cases[] = {
		{ "- **Severity**: P1", "Severity: P1", "severity", 0,
		  "write this line as '- **Severity**: P1'" },
		{ "- **Duration**: 09:12", "Duration: 09:12", "impact", 0,
		  "write this line as '- **Duration**: 09:12 to" },
		/* a dash for the colon, and HTML bold, as exports write them */
		{ "- **Severity**: P1", "- **Severity** \xe2\x80\x93 P1", "severity", 0,
		  "write this line as '- **Severity**: P1'" },
		{ "- **Users Affected**: about", "- <strong>Users Affected</strong>: about", "impact", 0,
		  "write this line as '- **Users Affected**: about 38%" },
		{ "**Date**: 2026-02-10", "<b>Date</b> - 2026-02-10", "header", 0,
		  "write this line as '**Date**: 2026-02-10'" },
		/* the Status wrapped onto the next line, which the signatures would cover (at its colon) */
		{ "**Status**: In Review", "**Status**:\nIn Review", "status", 0,
		  "Status is empty on its line and 'In Review' stands on the next; write '**Status**: In Review' on one line" },
		/* a hyphen within a word is no separator */
		{ "- **Severity**: P1", "- **Severity**-P1", "severity", 21,
		  "no '- **Severity**: P0|P1|P2' line" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		unsigned line = lint_fixture_changed(&r, "tests/fixtures/complete.md", cases[i].from,
						     cases[i].to);
		if (!line || !has(&r, cases[i].rule, cases[i].line ? cases[i].line : line,
				  strcmp(cases[i].rule, "status") ? 1 : 12, cases[i].says))
			unit_fail(__FILE__, __LINE__, cases[i].to, "not named with the fix");
		done(&r);
	}
}

static void a_second_severity_that_differs_is_an_error(void)
{
	struct run r;
	unsigned line = lint_fixture_changed(&r, "tests/fixtures/complete.md", "- **Severity**: P1",
					     "- **Severity**: P2\n- **Severity**: P0");

	/* the slots follow the first; the other could be what a reader takes */
	CHECK(line && has(&r, "severity", line + 1, 17,
			  "another Severity, 'P0', where line"));
	CHECK(r.l.facts.severity && !strcmp(r.l.facts.severity, "P2"));
	done(&r);
	/* in the header too, where many templates put it */
	line = lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Status**: In Review",
				    "**Status**: In Review\n**Severity**: P0");
	CHECK(line && has(&r, "severity", line + 1, 15, "another Severity, 'P0', where line"));
	done(&r);
	line = lint_fixture_changed(&r, "tests/fixtures/complete.md", "- **Severity**: P1",
				    "- **Severity**: P1\n- **Severity**: **p1** (as first said)");
	CHECK(line && count(&r, "severity") == 0);
	done(&r);
}

static void sections_in_another_form_are_named_where_they_are(void)
{
	static const struct {
		const char *from, *to, *want;
	} cases[] = {
		{ "## Timeline\n", "# Timeline\n", "'## Timeline' is written in another form here" },
		{ "## Timeline\n", "**Timeline**\n", "'## Timeline' is written in another form here" },
		{ "## Root Cause\n", "Root Cause:\n", "'## Root Cause' is written in another form here" },
		{ "## Root Cause\n", "Root Cause\n", "required section '## Root Cause' is missing; add it" },
		/* the same section under other words */
		{ "## Root Cause\n", "## Root Cause Analysis\n",
		  "'## Root Cause Analysis' here looks like it under another name; rename it '## Root Cause'" },
		{ "## Impact\n", "## Customer Impact\n", "'## Customer Impact' here looks like it" },
		{ "## Lessons Learned\n", "## Lessons Learnt\n", "'## Lessons Learnt' here looks like it" },
		{ "## Resolution\n", "## Appendix B\n", "'## Resolution' is missing; add it here" },
		/* ... or in fewer: a whole word or words of the name */
		{ "## Executive Summary\n", "## Summary\n",
		  "'## Summary' here looks like it under another name; rename it '## Executive Summary'" },
		{ "## Lessons Learned\n", "## Lessons\n", "'## Lessons' here looks like it" },
		{ "## Contributing Factors\n", "## Factors\n", "'## Factors' here looks like it" },
		{ "## Action Items\n", "## Actions\n", "'## Action Items' is missing; add it here" },
		{ "## Root Cause\n", "## Root\n", "'## Root Cause' is missing; add it here" },
		/* pandoc's attributes, which GitHub shows as text */
		{ "## Impact\n", "## Impact {#impact .unnumbered}\n",
		  "'## Impact' is written with pandoc's heading attributes ('{#impact .unnumbered}'), which GitHub shows as text and pmgit reads as part of the title; delete them: '## Impact'" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		unsigned line = lint_fixture_changed(&r, "tests/fixtures/complete.md",
						     cases[i].from, cases[i].to);
		CHECK(line != 0);
		/* the near misses point at their own line; the plain word does not count */
		CHECK(has(&r, "section-missing",
			  strstr(cases[i].want, "another form") || strstr(cases[i].want, "another name") ||
					  strstr(cases[i].want, "attributes")
				  ? line
				  : 0,
			  1, cases[i].want));
		done(&r);
	}
}

static void numbered_sections_and_icons_are_the_sections(void)
{
	static const char *const ways[] = { "## 3. Timeline\n", "## 3) Timeline\n",
					    "## 3.1. Timeline:\n", "## 3.1 Timeline\n",
					    "## \xf0\x9f\x95\x90 Timeline\n", /* 🕐 */
					    "## \xe2\x8f\xb1\xef\xb8\x8f 3. Timeline\n", /* ⏱️ */
					    "## **Timeline**\n", "## __3. Timeline__:\n", "## *Timeline*\n" };
	size_t i;

	for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		struct run r;
		CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md", "## Timeline\n", ways[i]));
		CHECK(count(&r, "section-missing") == 0);
		done(&r);
	}
	{
		/* the section's own rules still find its table under a numbered heading */
		struct run r;
		static const char from[] =
			"## Timeline\n\nAll times in UTC. Local time (CET) in parentheses "
			"where the responders used it.\n\n"
			"| Time | Event | Action Taken |\n|------|-------|--------------|\n| 09:12";
		static const char to[] =
			"## 3. Timeline\n\nAll times in UTC.\n\n"
			"| Time | Event | Action Taken |\n|------|-------|--------------|\n| 23:12";
		CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md", from, to));
		CHECK(has(&r, "timeline-order", 0, 0, "comes before '23:12"));
		done(&r);
	}
	{
		struct run r;
		lint_fixture_changed(&r, "tests/fixtures/complete.md", "## Timeline\n",
				     "## 2026 Timeline\n");
		CHECK(has(&r, "section-missing", 0, 0, "'## Timeline'"));
		done(&r);
	}
	{
		/* emphasis that does not close is not around the title */
		struct run r;
		lint_fixture_changed(&r, "tests/fixtures/complete.md", "## Timeline\n",
				     "## **Timeline\n");
		CHECK(has(&r, "section-missing", 0, 0, "written in another form"));
		done(&r);
	}
}

static void a_sign_off_heading_must_be_the_one_signatures_stop_at(void)
{
	/* the last ones spell it otherwise: its placeholders are not the fault */
	static const char *const ways[] = { "## 12. Sign-Off\n", "## Sign-off\n", "## **Sign-Off**\n",
					    "## \xe2\x9c\x8d\xef\xb8\x8f Sign-Off\n", /* ✍️ */
					    "## Sign Off\n", "## Signoffs\n", "## 12. Sign-offs:\n",
					    "## Sign-Off \xe2\x9c\x8d\xef\xb8\x8f\n" };
	static const char *const not_it[] = { "## Sign Off Sheet\n", "## Sign\n" };
	size_t i;

	for (i = 0; i < sizeof(ways) / sizeof(ways[0]); i++) {
		struct run r;
		unsigned line = lint_fixture_changed(&r, "tests/fixtures/complete.md",
						     "## Sign-Off\n", ways[i]);
		CHECK(line && has(&r, "signoff-heading", line, 1, "exactly '## Sign-Off'"));
		CHECK(!count(&r, "placeholder"));
		CHECK(!count(&r, "section-missing"));
		done(&r);
	}
	for (i = 0; i < sizeof(not_it) / sizeof(not_it[0]); i++) {
		struct run r;
		CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md", "## Sign-Off\n", not_it[i]));
		CHECK(!count(&r, "signoff-heading"));
		done(&r);
	}
}

/*
 * Headings underlined with '=' or '-' (pandoc writes them so) render as
 * headings but are none to pmgit: each is named with the '#' line to write,
 * not reported missing somewhere else, and no placeholder under an
 * underlined Sign-Off is blamed on the author.
 */
static void underlined_headings_are_named_with_the_fix(void)
{
	static const char *const edits[][2] = {
		{ "# Postmortem: Checkout outage from an expired ingress certificate\n",
		  "Postmortem: Checkout outage from an expired ingress certificate\n=====\n" },
		{ "\n## Impact\n", "\nImpact\n------\n" },
		{ "\n## Timeline\n", "\n   Timeline  \n=\n" },
		{ "\n## Sign-Off\n", "\nSign-Off\n--------\n" },
	};
	static const char *const not_headings[][2] = {
		/* a list item over a rule, a paragraph's second line, a table row */
		{ "\n## Impact\n", "\n- Impact\n------\n" },
		{ "\n## Impact\n", "\nwhat follows is the\nImpact\n------\n" },
		{ "\n## Impact\n", "\n| Impact |\n------\n" },
	};
	struct run r;
	size_t i;

	CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", edits, 4) == 1);
	CHECK(has(&r, "title", 1, 1, "write it '# Postmortem: Checkout outage from an expired ingress certificate' on one line and delete the line under it"));
	CHECK(has(&r, "section-missing", 22, 1, "'## Impact' is written underlined here"));
	CHECK(has(&r, "section-missing", 44, 1, "make this line '## Timeline' and delete the line under it"));
	CHECK(count(&r, "section-missing") == 2);
	CHECK(has(&r, "signoff-heading", 223, 1, "write this heading '## Sign-Off' on one line"));
	CHECK(!count(&r, "placeholder"));
	done(&r);
	/* a no-break space after the '#'s makes no heading either */
	CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md", "\n## Impact\n", "\n##\xc2\xa0Impact\n") == 20);
	CHECK(has(&r, "section-missing", 21, 3, "the space after '##' here is a no-break space"));
	CHECK(count(&r, "section-missing") == 1);
	done(&r);
	for (i = 0; i < sizeof(not_headings) / sizeof(not_headings[0]); i++) {
		CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", &not_headings[i], 1));
		CHECK(!has(&r, "section-missing", 0, 0, "underlined"));
		CHECK(has(&r, "section-missing", 0, 0, "'## Impact'"));
		done(&r);
	}
}

struct field_case {
	const char *value;
	int ok;
};

/*
 * Lints complete.md with the line `from` replaced by `field` and each case's
 * value; a case is ok when it trips `rule` nowhere. The lint of the last
 * case that is not ok is left in *r for the caller to look into.
 */
static int field_cases(struct run *r, const char *from, const char *field,
		       const struct field_case *cases, size_t n, const char *rule)
{
	size_t i;
	int all = 1, kept = 0;

	for (i = 0; i < n; i++) {
		struct pm_buf to = PM_BUF_INIT;
		pm_buf_addf(&to, "%s%s\n", field, cases[i].value);
		if (kept)
			done(r);
		kept = 0;
		if (!lint_fixture_changed(r, "tests/fixtures/complete.md", from, to.ptr))
			all = 0;
		pm_buf_release(&to);
		if ((count(r, rule) == 0) != cases[i].ok)
			all = 0;
		if (cases[i].ok)
			done(r);
		else
			kept = 1;
	}
	return all && kept;
}

static void approximate_and_clock_durations_add_up_within_reason(void)
{
	static const struct field_case cases[] = {
		{ "1:20", 1 }, { "~80 minutes", 1 }, { "about 75 minutes", 1 },
		{ "about 60 minutes", 0 }, { "75 minutes", 0 },
		/* 80 minutes is 1.33h: to a tenth of an hour (6 minutes) rounded or cut */
		{ "1.3h", 1 }, { "1.33 hours", 1 }, { "1.4 hours", 0 }, { "1.2 hours", 0 },
		{ "1.35h", 0 }, { "75 minutes", 0 },
	};
	struct run r;

	CHECK(field_cases(&r, "**Total**: 80 minutes (plus 1 hour of monitoring)\n", "**Total**: ",
			  cases, sizeof(cases) / sizeof(cases[0]), "resolution-time"));
	CHECK(count(&r, "resolution-time") == 1);
	done(&r);
}

static void a_duration_may_come_before_its_times(void)
{
	static const struct field_case cases[] = {
		{ "1h 35m (09:12 to 10:47 UTC)", 1 }, { "95 minutes (09:12\xe2\x80\x93" "10:47 UTC)", 1 },
		{ "~90 minutes (09:12 to 10:47)", 1 }, { "1h (09:12 to 10:47 UTC)", 0 },
		/* the words and arrows people put between the times */
		{ "From 09:12 until 10:47 UTC (1h35m)", 1 }, { "from 09:12 till 10:47 UTC (95 min)", 1 },
		{ "Between 09:12 and 10:47 UTC (1h 35m)", 1 }, { "09:12 -> 10:47 UTC (1h 35m)", 1 },
		{ "09:12 \xe2\x86\x92 10:47 UTC (1h 35m)", 1 }, { "09:12 through 10:47 UTC (1h 35m)", 1 },
		{ "1h 35m (from 09:12 to 10:47 UTC)", 1 }, { "09:12 to 10:47 UTC (1h35)", 1 },
		{ "09:12 \xe2\x86\x92 10:47 UTC (1h 30m)", 0 }, { "09:12 to 10:47 UTC (1h34)", 0 },
		/* an undated time is on the day of the dated one, not the incident's */
		{ "2026-02-11 23:41 to 00:58 UTC (1h 17m)", 1 }, { "23:41 to 2026-02-12 00:58 UTC (1h 17m)", 1 },
		{ "2026-02-12 00:58 to 2026-02-11 23:41 UTC (1h 17m)", 0 },
		/* the local time in parentheses, as the template asks, is no figure */
		{ "09:12 to 10:47 UTC (01:12 to 02:47 PST) (1h 35m)", 1 },
		{ "09:12 to 10:47 UTC (01:12 to 02:47 PST) (1h 30m)", 0 },
		{ "09:12 to 10:47 UTC (01:12 to 02:47 PST)", 1 },
		/* a day marked after the end time */
		{ "23:12 to 00:47 UTC (+1 day) (1h 35m)", 1 }, { "23:12 to 00:47 (+1) UTC (1h 35m)", 1 },
		{ "23:12 to 00:47 UTC (next day) (95 minutes)", 1 },
		{ "09:12 to 10:47 (+1 day) UTC (25h 35m)", 1 }, { "09:12 to 10:47 UTC (+1d) (1h 35m)", 0 },
		/* a figure with decimals is as precise as they are: 95 minutes is 1.583h,
		   1.6h rounded, 1.5h cut */
		{ "09:12 to 10:47 UTC (1.6h)", 1 }, { "09:12 to 10:47 UTC (1.5 hours)", 1 },
		{ "09:12 to 10:47 UTC (1.58 hours)", 1 }, { "09:12 to 10:47 UTC (1.59 hours)", 1 },
		{ "09:12 to 10:47 UTC (1.55 hours)", 0 }, { "09:12 to 10:47 UTC (1.7h)", 0 },
		{ "09:12 to 10:47 UTC (1.4h)", 0 }, { "09:12 to 10:47 UTC (1.61 hours)", 0 },
		{ "1h (09:12 to 10:47 UTC)", 0 },
	};
	struct run r;

	CHECK(field_cases(&r, "- **Duration**: 09:12 to 10:47 UTC (1h 35m)\n", "- **Duration**: ",
			  cases, sizeof(cases) / sizeof(cases[0]), "duration"));
	CHECK(has(&r, "duration", 25, 17, "says 1h but the start and end times are 1h 35m"));
	done(&r);
}

static void dates_in_another_form_are_named_with_the_fix(void)
{
	static const struct {
		const char *date, *says;
	} cases[] = {
		{ "February 10, 2026", "not in the form pmgit reads; write it as 2026-02-10" },
		{ "10 Feb 2026", "write it as 2026-02-10" },
		/* day and month in either order: both readings, no guess */
		{ "10/02/2026", "'10/02/2026' reads as 2026-02-10 or as 2026-10-02 depending on the reader; write it as YYYY-MM-DD" },
		/* a day that cannot be a month tells the order, either way round */
		{ "02/13/2026", "not in the form pmgit reads; write it as 2026-02-13" },
		{ "13.02.2026", "not in the form pmgit reads; write it as 2026-02-13" },
		{ "13/13/2026", "is not a real date; write it as YYYY-MM-DD" },
		/* the day with a time */
		{ "2026-02-10 14:02 UTC", "holds more than the day; write it as 2026-02-10 (times go in the Timeline)" },
	};
	struct pm_buf line = PM_BUF_INIT;
	struct run r;
	size_t k;

	for (k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
		pm_buf_reset(&line);
		pm_buf_addf(&line, "**Date**: %s", cases[k].date);
		lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Date**: 2026-02-10", line.ptr);
		CHECK(has(&r, "date", 4, 11, cases[k].says));
		done(&r);
	}
	pm_buf_release(&line);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| Dana Kim | 03/04/2026 |");
	CHECK(has(&r, "action-due", 0, 0, "write 2026-04-03 or 2026-03-04, whichever it means"));
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| Dana Kim | Feb 24, 2026 |");
	CHECK(has(&r, "action-due", 0, 0, "due date 'Feb 24, 2026' of action"));
	CHECK(has(&r, "action-due", 0, 0, "write 2026-02-24"));
	done(&r);
}

static void an_id_with_more_after_it_is_named_with_the_id_alone(void)
{
	struct run r;

	lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Incident ID**: INC-2026-0042",
			     "**Incident ID**: INC-2026-0042 (PagerDuty #P12345)");
	CHECK(has(&r, "id-format", 3, 18,
		  "'INC-2026-0042 (PagerDuty #P12345)' holds more than the ID; write 'INC-2026-0042' (other IDs and links go under References)"));
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Incident ID**: INC-2026-0042",
			     "**Incident ID**: INC-26-42 (PagerDuty)");
	CHECK(has(&r, "id-format", 3, 18, "does not follow the format 'INC-{year}-{seq:4}'"));
	done(&r);
}

/*
 * Brackets escaped, as Google Docs and other converters export them:
 * "\\[Names\\]" renders "[Names]", the template's placeholder.
 */
static void escaped_placeholders_are_placeholders(void)
{
	struct run r;

	lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Reviewers**: Alice Chen, Bob Okafor",
			     "**Reviewers**: \\[Names\\]");
	CHECK(has(&r, "placeholder", 6, 16, "unfilled placeholder '[Names]'"));
	CHECK(count(&r, "placeholder") == 1);
	done(&r);
	/* escapes inside are read as rendered; a marker in brackets is one finding */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "- **Users Affected**: ",
			     "- **Users Affected**: \\[NUMBER or PERCENTAGE\\], \\[\\?\\?\\] \\[TB\\D\\] ");
	CHECK(has(&r, "placeholder", 24, 23, "'[NUMBER or PERCENTAGE]'"));
	CHECK(has(&r, "placeholder", 24, 49, "'[??]'"));
	CHECK(count(&r, "placeholder") == 2); /* "\\D" renders so: no "TBD" */
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "- **Users Affected**: ",
			     "- **Users Affected**: \\[TBD\\] ");
	CHECK(count(&r, "placeholder") == 1);
	done(&r);
	/* an escaped bracket that is no placeholder, or left open, is text */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "- **Users Affected**: ",
			     "- **Users Affected**: \\[OPS-1234\\] \\[Names ");
	CHECK(count(&r, "placeholder") == 0);
	done(&r);
}

/*
 * A header kept as one paragraph, as pandoc writes it back from a Word
 * file: one finding that says so, not a garbled ID, date and status.
 */
static void a_header_run_together_is_named_once(void)
{
	struct run r;

	CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md",
				   "**Incident ID**: INC-2026-0042\n**Date**: 2026-02-10\n"
				   "**Author(s)**: Priya Raman, Tom\xc3\xa1s Ortega\n"
				   "**Reviewers**: Alice Chen, Bob Okafor\n**Status**: In Review\n",
				   "**Incident ID**: INC-2026-0042 **Date**: 2026-02-10 **Author(s)**: Priya\n"
				   "Raman, Tom\xc3\xa1s Ortega **Reviewers**: Alice Chen, Bob Okafor **Status:** In\n"
				   "Review\n") == 3);
	CHECK(has(&r, "header", 3, 3, "'**Incident ID**:' runs on into '**Date**:' on this line"));
	CHECK(count(&r, "header") == 1);
	CHECK(!count(&r, "id-format") && !count(&r, "date") && !count(&r, "status"));
	done(&r);
	/* bold words in a value are no field */
	CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md", "**Reviewers**: Alice Chen, Bob Okafor",
				   "**Reviewers**: Alice Chen (**lead**), Bob Okafor **Date** TBC"));
	CHECK(!has(&r, "header", 0, 0, "runs on"));
	done(&r);
}

/*
 * "2026\\-02\\-10" renders as the date, a no-break space as a space: read
 * so, and findings keep their columns
 */
static void escaped_values_are_read_as_rendered(void)
{
	static const char *const edits[][2] = {
		{ "**Incident ID**: INC-2026-0042", "**Incident ID**:\xc2\xa0INC\\-2026\\-0042\xc2\xa0" },
		{ "**Date**: 2026-02-10", "**Date**: 2026\\-02\\-10" },
		{ "| Dana Kim | 2026-02-24 |", "| Dana Kim | 2026\\-02\\-24 |" },
		{ "- **Duration**: 09:12 to 10:47 UTC (1h 35m)",
		  "- **Duration**: 09\\:12 to 10\\:47 UTC (1h 30m)" },
	};
	struct run r;

	CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", edits, 4));
	CHECK(!count(&r, "id-format") && !count(&r, "date") && !count(&r, "action-due"));
	CHECK(has(&r, "duration", 25, 38, "says 1h 30m but the start and end times are 1h 35m"));
	CHECK(count(&r, "duration") == 1);
	done(&r);
}

/* Lints the complete fixture with the Root Cause section's body replaced by `body`. */
static void lint_root_cause(struct run *r, const char *body)
{
	size_t len;
	char *text = unit_fixture("tests/fixtures/complete.md", &len);
	const char *from = strstr(text, "## Root Cause\n"), *to = strstr(text, "## Contributing Factors");
	struct pm_buf b = PM_BUF_INIT;

	pm_buf_add(&b, text, (size_t)(from - text) + strlen("## Root Cause\n"));
	pm_buf_addf(&b, "\n%s\n\n", body);
	pm_buf_adds(&b, to);
	free(text);
	r->src = pm_buf_detach(&b, &len);
	lint_text(r, NULL, r->src, len, PM_LEVEL_REVIEW);
}

static void a_section_that_renders_as_nothing_is_empty(void)
{
	static const char *const hidden[] = {
		"[//]: # (The renewal job failed; write it up)",
		"[comment]: <> (TBD)",
		"[//]: # \"TBD\"\n[notes]: https://wiki.example/notes",
		"\xe2\x80\x8b",                /* U+200B */
		"&nbsp;",
		"&#8203;\xc2\xa0\xef\xbb\xbf", /* entity, U+00A0, U+FEFF */
		"<br>",
		"<p></p>\n<br />",
	};
	static const char *const shown[] = {
		"The job failed.\n[//]: # (a paragraph's next line is its text)",
		"[Name]: Priya [note",
		"[//]: # (note) and more",
		"```\n[//]: # (code shows)\n```",
		"- [//]: # (a list item shows its text)",
		"<img src=\"renewal.png\">",
		"\\[//\\]: # (escaped)",
	};
	struct run r;
	size_t i;

	for (i = 0; i < sizeof(hidden) / sizeof(hidden[0]); i++) {
		lint_root_cause(&r, hidden[i]);
		CHECK(has(&r, "section-empty", 73, 1, "shows nothing when rendered"));
		done(&r);
	}
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		lint_root_cause(&r, shown[i]);
		CHECK(!count(&r, "section-empty"));
		done(&r);
	}
	lint_root_cause(&r, "");
	CHECK(has(&r, "section-empty", 73, 1, "'Root Cause' is empty; fill it in"));
	done(&r);
}

static void values_that_render_as_nothing_are_empty(void)
{
	static const char *const edits[][2] = {
		{ "**Author(s)**: Priya Raman, Tomás Ortega", "**Author(s)**: \xe2\x80\x8b" },
		{ "**Reviewers**: Alice Chen, Bob Okafor", "**Reviewers**: &#8203;&nbsp;" },
		{ "**Users Affected**: about 38% of checkout attempts (41,200 sessions)",
		  "**Users Affected**: <br>" },
		{ "| Dana Kim | 2026-02-24 |", "| \xef\xbb\xbf<br/> | 2026-02-24 |" },
		{ "**Severity**: P1", "**Severity**: \xe2\x80\x8bP1<br>" },
	};
	struct run r;

	CHECK(lint_fixture_edited(&r, "tests/fixtures/complete.md", edits, 5));
	CHECK(has(&r, "header", 5, 17, "Author(s) is empty"));
	CHECK(has(&r, "reviewers", 6, 0, "Reviewers is empty"));
	CHECK(has(&r, "impact", 24, 0, "'Users Affected' is empty"));
	CHECK(count(&r, "action-owner") == 1);
	CHECK(!count(&r, "severity"));
	done(&r);
}

static void bare_markers_are_placeholders_too(void)
{
	struct run r;

	lint_fixture_changed(&r, "tests/fixtures/complete.md",
			     "- **Users Affected**: ",
			     "- **Users Affected**: TBD. FIXME: ");
	CHECK(has(&r, "placeholder", 24, 23, "'TBD' marks something not written yet"));
	CHECK(has(&r, "placeholder", 24, 28, "'FIXME' marks"));
	CHECK(count(&r, "placeholder") == 2);
	done(&r);
	/* names, paths, code and bracketed placeholders are not bare markers */
	lint_fixture_changed(&r, "tests/fixtures/complete.md",
			     "- **Users Affected**: ",
			     "- **Users Affected**: TODO.md, `TODO`, /srv/TODO, TBDX, my_TODO, [TBD] ");
	CHECK(count(&r, "placeholder") == 1);
	CHECK(has(&r, "placeholder", 24, 0, "unfilled placeholder '[TBD]'"));
	done(&r);
	/* an action's status "TODO" is a status; elsewhere in its row it is a gap */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| 2026-02-24 | 📋 Planned |",
			     "| 2026-02-24 | TODO |");
	CHECK(count(&r, "placeholder") == 0 && count(&r, "action-status") == 0);
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 | 📋 Planned |",
			     "| TODO | 2026-02-24 | To do |");
	CHECK(count(&r, "placeholder") == 1);
	CHECK(has(&r, "placeholder", 193, 49, "'TODO' marks something not written yet"));
	done(&r);
	/* an owner that names nobody is no owner; a short name is one */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| N/A | 2026-02-24 |");
	CHECK(has(&r, "action-owner", 193, 49, "has no owner ('N/A' names nobody)"));
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| *None* | 2026-02-24 |");
	CHECK(has(&r, "action-owner", 193, 49, "('*None*' names nobody)"));
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| Na | 2026-02-24 |"); /* a surname */
	CHECK(count(&r, "action-owner") == 0);
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| Nadia | 2026-02-24 |");
	CHECK(count(&r, "action-owner") == 0);
	done(&r);
}

static void due_dates_may_be_marked_and_carry_a_remark(void)
{
	struct run r;

	/* the columns go by other names too */
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Action | Owner | Due Date | Status |",
			     "| Action | DRI | Deadline | Status |");
	CHECK(count(&r, "action-due") == 0 && count(&r, "action-owner") == 0);
	done(&r);

	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| Dana Kim | **2026-02-24** (moved from 02-20) |");
	CHECK(count(&r, "action-due") == 0);
	done(&r);
	lint_fixture_changed(&r, "tests/fixtures/complete.md", "| Dana Kim | 2026-02-24 |",
			     "| Dana Kim | 2026-02-24 moved |");
	CHECK(has(&r, "action-due", 0, 0, "is not a date pmgit reads; write YYYY-MM-DD"));
	done(&r);
}

static void rule_names_are_unique_and_explained(void)
{
	size_t i, k;

	for (i = 0; i < PM_RULE__COUNT; i++) {
		CHECK(pm_rules[i].name && *pm_rules[i].name);
		CHECK(pm_rules[i].summary && strlen(pm_rules[i].summary) > 20);
		for (k = i + 1; k < PM_RULE__COUNT; k++)
			CHECK(strcmp(pm_rules[i].name, pm_rules[k].name));
	}
}

static void oversized_document_is_refused_before_parsing(void)
{
	struct run r;
	size_t n = PM_DOC_MAX_BYTES + 1;
	char *big = malloc(n);

	memset(big, 'a', n);
	r.src = big;
	lint_text(&r, NULL, big, n, -1);
	CHECK(r.l.nr == 1 && has(&r, "size", 1, 1, "MiB"));
	done(&r);
}

static void action_items_are_listed_with_state(void)
{
	struct run r;
	struct pm_action_item *items;
	size_t n;

	lint_file(&r, "tests/fixtures/complete.md", NULL, -1);
	n = pm_action_items(&r.l.doc, &items);
	CHECK(n == 5);
	CHECK_STR(items[0].owner, "Priya Raman");
	CHECK(items[0].state == 1 && items[2].state == 0);
	CHECK(items[4].due_days == pm_days_from_civil(2026, 3, 6));
	free(items);
	done(&r);
}

static void action_states_read_as_writers_write_them(void)
{
	CHECK(pm_action_state("\xe2\x9c\x85 Done") == 1);
	CHECK(pm_action_state("**Done**") == 1);
	CHECK(pm_action_state("Completed ") == 1);
	CHECK(pm_action_state("Won\xe2\x80\x99t do") == 2);
	CHECK(pm_action_state("WIP") == 0);
	CHECK(pm_action_state("Backlog") == 0);
	CHECK(pm_action_state("on hold") == 0);
	CHECK(pm_action_state("Someday") == -1);
	CHECK(pm_action_state("") == -1);
	/* as trackers and pull requests name them */
	CHECK(pm_action_state("Won't fix") == 2);
	CHECK(pm_action_state("wontfix") == 2);
	CHECK(pm_action_state("Descoped (see INC-2026-0007)") == 2);
	CHECK(pm_action_state("Merged") == 1);
	CHECK(pm_action_state("Deferred: Q3") == 0);
	CHECK(pm_action_state("In review") == 0);
	/* symbols after the state, and remarks after punctuation */
	CHECK(pm_action_state("DONE \xe2\x9c\x94\xef\xb8\x8f") == 1);
	CHECK(pm_action_state("Done (merged in #123)") == 1);
	CHECK(pm_action_state("Blocked: waiting on the vendor") == 0);
	CHECK(pm_action_state("Closed \xe2\x80\x94 duplicate of INC-2026-0007") == 1);
	/* an instruction is not a state */
	CHECK(pm_action_state("Complete by Friday") == -1);
	CHECK(pm_action_state("Not done") == -1);
	CHECK(pm_action_state("Doneish") == -1);
	/* GitHub's emoji shortcodes, as typed where they render as the emoji */
	CHECK(pm_action_state(":construction: In Progress") == 0);
	CHECK(pm_action_state(":white_check_mark: Done") == 1);
	CHECK(pm_action_state(":x::no_entry: Cancelled") == 2);
	CHECK(pm_action_state("Planned :calendar:") == 0);
	/* a tick alone is done; another symbol alone says nothing */
	CHECK(pm_action_state("\xe2\x9c\x85") == 1);
	CHECK(pm_action_state(" **\xe2\x9c\x94\xef\xb8\x8f** ") == 1);
	CHECK(pm_action_state(":white_check_mark:") == 1);
	CHECK(pm_action_state(":heavy_check_mark:") == 1);
	CHECK(pm_action_state("\xf0\x9f\x94\x84") == -1);
	CHECK(pm_action_state(":construction:") == -1);
	CHECK(pm_action_state(": Done") == 1);
	CHECK(pm_action_state("::") == -1);
}

static void template_examples_are_runs_not_common_phrases(void)
{
	static const char line[] = "- Handshake errors correlate exactly with the notAfter time\n";
	static const struct {
		const char *to;
		int reported;
	} cases[] = {
		/* a short line or two that any incident may say */
		{ "- No new errors in logs\n", 0 },
		{ "- Postmortem scheduled\n- Updated status page\n", 0 },
		/* three example lines in a row, or fewer that say more */
		{ "- Postmortem scheduled\n- Updated status page\n- No new errors in logs\n", 1 },
		{ "- Grafana dashboard clearly showed the issue\n", 1 },
		{ "| 14:00 | Deployment started | v2.1.0 deployed to production |\n"
		  "| 14:15 | First alert fired | AutosaveSuccessRateLow alert |\n", 1 },
		{ "The v2.1.0 deployment included a configuration change to the database "
		  "connection pool settings. A typo in the configuration file set `maxPoolSize: 10` "
		  "instead of `maxPoolSize: 100`. Under normal load, the application requires "
		  "approximately 50-80 concurrent database connections. With only 10 connections "
		  "available, requests began queuing, leading to timeouts and autosave failures.\n", 1 },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		CHECK(lint_fixture_changed(&r, "tests/fixtures/complete.md", line, cases[i].to));
		CHECK(count(&r, "template-example") == (size_t)cases[i].reported);
		done(&r);
	}
}

static void titles_are_read_without_the_word_postmortem(void)
{
	CHECK_STR(pm_title_subject("Postmortem: Checkout outage"), "Checkout outage");
	CHECK_STR(pm_title_subject("post-mortem \xe2\x80\x94 DNS"), "DNS");
	CHECK_STR(pm_title_subject("Post mortem - Disk full"), "Disk full");
	CHECK_STR(pm_title_subject("Postmortem:"), "");
	CHECK_STR(pm_title_subject("Postmortem"), "");
	CHECK_STR(pm_title_subject("Postmortems of Q3"), "Postmortems of Q3");
	CHECK_STR(pm_title_subject("Checkout outage"), "Checkout outage");
}

/* Replaces `from` in the complete fixture; how many findings of `rule` it then has. */
static size_t complete_changed(struct run *r, const char *from, const char *to, const char *rule,
			       unsigned *line)
{
	unsigned l = lint_fixture_changed(r, "tests/fixtures/complete.md", from, to);

	if (line)
		*line = l;
	return l ? count(r, rule) : (size_t)-1;
}

static void the_summary_agrees_with_the_date_and_duration(void)
{
	static const struct {
		const char *from, *to;
		size_t findings;
	} cases[] = {
		/* a day the Date does not bear out, opening a sentence */
		{ "On 10 February 2026", "On 11 March 2025", 1 },
		{ "On 10 February 2026", "On February 3rd, 2025,", 1 },
		{ "On 10 February 2026", "On 2025-02-10", 1 },
		{ "On 10 February 2026 the public checkout API",
		  "In short:\n- On 3 March 2025 the public checkout API", 1 },
		/* the day before or after (local time, midnight), or the Date said too */
		{ "On 10 February 2026", "On 9 February 2026", 0 },
		{ "On 10 February 2026", "On 3 February 2026 a job failed. On February 10th, 2026", 0 },
		/* a date inside a sentence, or opening a later one, tells of something else */
		{ "had been failing silently for three weeks", "last ran on 2026-01-20", 0 },
		{ "On 10 February 2026 the public checkout API",
		  "The public checkout API failed. On 2026-01-20 the renewal job broke, and the API", 0 },
		{ "On 10 February 2026 the public checkout API",
		  "**Summary**: On 2025-02-10 the public checkout API", 1 },
		/* a length the Duration (1h 35m) does not bear out, even across a line break */
		{ "1 hour and 35 minutes", "3 hours", 1 },
		{ "1 hour and 35 minutes", "80 minutes", 1 },
		{ "the public checkout API rejected most TLS handshakes for\n1 hour and 35 minutes because",
		  "the public checkout API failed. For 3 hours, because", 1 },
		{ "1 hour and 35 minutes", "about 75 minutes", 1 },
		/* "for" a span of another order tells of something else; "lasting" does not */
		{ "TLS handshakes for\n1 hour and 35 minutes because",
		  "TLS handshakes because a job had failed for 3 days and", 0 },
		{ "TLS handshakes for\n1 hour and 35 minutes because",
		  "TLS handshakes, paging on-call for 12 minutes, because", 0 },
		{ "TLS handshakes for\n1 hour and 35 minutes", "TLS handshakes lasting 12 minutes", 1 },
		/* rounded as prose rounds, approximately, or a bound */
		{ "1 hour and 35 minutes", "95 minutes", 0 },
		{ "1 hour and 35 minutes", "90 minutes", 0 },
		{ "1 hour and 35 minutes", "about 1.5 hours", 0 },
		{ "1 hour and 35 minutes", "2 hours", 0 },
		{ "1 hour and 35 minutes", "over an hour", 0 },
		{ "1 hour and 35 minutes", "more than 1 hour", 0 },
	};
	struct run r;
	unsigned line;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = complete_changed(&r, cases[i].from, cases[i].to, "summary", &line);
		if (n != cases[i].findings)
			unit_fail(__FILE__, __LINE__, cases[i].to, "summary findings differ");
		done(&r);
	}
	complete_changed(&r, "On 10 February 2026", "On 11 March 2025", "summary", &line);
	CHECK(has(&r, "summary", line, 4,
		  "the summary says '11 March 2025' but the incident Date is 2026-02-10"));
	CHECK(r.l.nr == 1 && r.l.findings[0].sev == PM_SEV_WARNING);
	done(&r);
	complete_changed(&r, "1 hour and 35 minutes", "3 hours", "summary", &line);
	CHECK(has(&r, "summary", line, 1, "says '3 hours' but the Impact Duration (line 25) is 1h 35m"));
	done(&r);
}

static void a_peak_below_normal_is_named(void)
{
	struct run r;
	unsigned line;

	CHECK(complete_changed(&r, "Peak 41%, Normal 0.2%", "Peak 0.1%, Normal 0.2%", "metric-peak",
			       &line) == 1);
	CHECK(has(&r, "metric-peak", line, 24, "Error Rate peaks at 0.1%, below its normal 0.2%"));
	done(&r);
	/* seconds and milliseconds compare */
	CHECK(complete_changed(&r, "Peak 4200ms", "Peak 4.2 s", "metric-peak", NULL) == 0);
	done(&r);
	CHECK(complete_changed(&r, "Peak 4200ms", "Peak 0.1s", "metric-peak", NULL) == 1);
	done(&r);
	/* throughput may peak below normal when traffic falls away */
	CHECK(complete_changed(&r, "- **Error Rate**: Peak 41%, Normal 0.2%",
			       "- **Throughput**: Peak 1200 rps, Normal 3000 rps", "metric-peak", NULL) == 0);
	done(&r);
	/* other units are not compared */
	CHECK(complete_changed(&r, "Peak 4200ms", "Peak 12 rps", "metric-peak", NULL) == 0);
	done(&r);
}

static void the_timeline_covers_the_duration(void)
{
	static const struct {
		const char *to;
		const char *says; /* NULL: no finding */
	} cases[] = {
		/* within the rows (09:12 .. 11:47), or a few minutes off */
		{ "09:12 to 10:47 UTC (1h 35m)", NULL },
		{ "09:08 to 11:50 UTC (2h 42m)", NULL },
		/* from another incident, or outrunning the rows */
		{ "14:00 to 16:15 UTC (2h 15m)", "starts after the Timeline's last row ('11:47')" },
		{ "08:30 to 10:47 UTC (2h 17m)", "starts before the Timeline's first row ('09:12 (10:12 CET)')" },
		{ "09:12 to 12:47 UTC (3h 35m)", "ends after the Timeline's last row ('11:47'); add a row" },
		{ "23:50 to 00:20 UTC (30m)", "starts after the Timeline's last row" },
	};
	struct run r;
	unsigned line;
	size_t i;

	/* without a Date, an undated Duration and dated rows do not compare */
	{
		static const char doc[] = "# T\n\n**Date**: [YYYY-MM-DD]\n\n---\n\n## Impact\n"
					  "- **Duration**: 09:12 to 09:59 UTC (47m)\n\n## Timeline\n\n"
					  "| Time | Event |\n|--|--|\n| 2026-11-20 09:00 | x |\n"
					  "| 2026-11-20 10:00 | y |\n";
		r.src = NULL;
		lint_text(&r, NULL, doc, sizeof(doc) - 1, PM_LEVEL_REVIEW);
		CHECK(count(&r, "timeline-span") == 0);
		done(&r);
	}
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pm_buf to = PM_BUF_INIT;
		pm_buf_addf(&to, "- **Duration**: %s", cases[i].to);
		complete_changed(&r, "- **Duration**: 09:12 to 10:47 UTC (1h 35m)", to.ptr, "timeline-span",
				 &line);
		if (cases[i].says ? !has(&r, "timeline-span", line, 17, cases[i].says)
				  : count(&r, "timeline-span") != 0)
			unit_fail(__FILE__, __LINE__, cases[i].to, "timeline-span differs");
		done(&r);
		pm_buf_release(&to);
	}
	/*
	 * a Timeline that says it is in another zone compares with a Duration
	 * in that zone, or naming none; one in UTC it cannot be converted to
	 */
	{
		static const struct {
			const char *table_zone, *said, *duration;
			int findings;
		} zoned[] = {
			{ "Time (PST)", "All times in UTC.", "09:12 to 10:47 UTC (1h 35m)", 0 },
			{ "Time", "All times in PST.", "09:12 to 10:47 UTC (1h 35m)", 0 },
			{ "Time (PST)", "", "01:12 to 02:47 PST (1h 35m)", 0 },
			{ "Time (PST)", "", "05:12 to 06:47 PST (1h 35m)", 1 },
			{ "Time", "Times are PST.", "05:12 to 06:47 (1h 35m)", 1 },
			{ "Time", "All times in UTC.", "05:12 to 06:47 UTC (1h 35m)", 1 },
		};
		for (i = 0; i < sizeof(zoned) / sizeof(zoned[0]); i++) {
			struct pm_buf doc = PM_BUF_INIT;
			pm_buf_addf(&doc,
				    "# T\n\n**Date**: 2026-02-10\n\n---\n\n## Impact\n- **Duration**: %s\n\n"
				    "## Timeline\n\n%s\n\n| %s | Event |\n|--|--|\n| 01:12 | x |\n| 02:47 | y |\n",
				    zoned[i].duration, zoned[i].said, zoned[i].table_zone);
			r.src = NULL;
			lint_text(&r, NULL, doc.ptr, doc.len, PM_LEVEL_REVIEW);
			if (count(&r, "timeline-span") != (size_t)zoned[i].findings)
				unit_fail(__FILE__, __LINE__, zoned[i].duration, "zoned timeline-span differs");
			done(&r);
			pm_buf_release(&doc);
		}
	}
}

static void a_status_written_otherwise_is_named_with_the_fix(void)
{
	static const struct {
		const char *to, *says;
	} cases[] = {
		{ "In-Review", "; write 'In Review' if that is what it means" },
		{ "Finalized", "; write 'Final' if that is what it means" },
		{ "Awaiting approval", "; write 'In Review' if that is what it means" },
		{ "\xf0\x9f\x9f\xa1 In Review", "; write 'In Review' alone on the line" },
		{ "In Review (waiting on VP)", "; write 'In Review' alone on the line" },
		{ "Draft \xe2\x86\x92 In Review", " names more than one status; write the one it has now alone" },
		{ "Pending", " is not one of Draft, In Review, Final" }, /* and nothing after it */
	};
	struct run r;
	size_t i, k;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *msg = NULL;
		struct pm_buf to = PM_BUF_INIT;
		pm_buf_addf(&to, "**Status**: %s", cases[i].to);
		complete_changed(&r, "**Status**: In Review", to.ptr, "status", NULL);
		for (k = 0; k < r.l.nr; k++)
			if (!strcmp(pm_rules[r.l.findings[k].rule].name, "status"))
				msg = r.l.findings[k].msg;
		if (!msg || !strstr(msg, cases[i].says) ||
		    (!strcmp(cases[i].to, "Pending") && strchr(msg, ';')))
			unit_fail(__FILE__, __LINE__, cases[i].to, msg ? msg : "no status finding");
		done(&r);
		pm_buf_release(&to);
	}
}

/*
 * The hooks judge with errors_only, which leaves out the rules that can
 * only warn at the level judged. That is sound only while no check
 * reports a rule of a level below its own: every fixture, at every
 * level, must give the same errors either way.
 */
static int same_errors(const char *path, int level)
{
	struct pm_lint_input in;
	struct pm_config cfg;
	struct pm_template tpl;
	struct pm_lint all, only;
	size_t len, i, k = 0;
	char *src = unit_fixture(path, &len);
	int same = 1;

	pm_config_defaults(&cfg);
	memset(&tpl, 0, sizeof(tpl));
	pm_template_learn(&tpl, pm_builtin_template, pm_builtin_template_len);
	memset(&in, 0, sizeof(in));
	in.path = "postmortems/INC-2026-0042.md";
	in.src = src;
	in.len = len;
	in.cfg = &cfg;
	in.tpl = &tpl;
	in.now = pm_days_from_civil(2026, 2, 15);
	in.level = level;
	pm_lint_run(&all, &in);
	in.errors_only = 1;
	pm_lint_run(&only, &in);
	for (i = 0; i < all.nr && same; i++) {
		const struct pm_finding *a = &all.findings[i], *o;
		if (a->sev != PM_SEV_ERROR)
			continue;
		o = k < only.nr ? &only.findings[k++] : NULL;
		same = o && o->rule == a->rule && o->line == a->line && o->col == a->col &&
		       !strcmp(o->msg, a->msg);
	}
	same = same && k == only.nr && all.errors == only.errors;
	if (!same)
		fprintf(stderr, "# errors_only differs for %s at level %d\n", path, level);
	pm_lint_release(&all);
	pm_lint_release(&only);
	pm_template_release(&tpl);
	pm_config_release(&cfg);
	free(src);
	return same;
}

static void errors_only_finds_every_error(void)
{
	static const char *const dirs[] = { "tests/fixtures/rules", "tests/fuzz/corpus/fuzz_doc" };
	struct pm_buf path = PM_BUF_INIT;
	size_t d, files = 0;
	int level, same = 1;

	for (level = -1; level <= PM_LEVEL_FINAL; level++) {
		same &= same_errors("tests/fixtures/complete.md", level);
		same &= same_errors("tests/fixtures/seed-template.md", level);
	}
	for (d = 0; d < sizeof(dirs) / sizeof(dirs[0]); d++) {
		DIR *dir = opendir(dirs[d]);
		struct dirent *e;
		CHECK(dir);
		while ((e = readdir(dir))) {
			static const char *const kinds[] = { "trip.md", "pass.md", NULL };
			const char *const *kind;
			if (e->d_name[0] == '.')
				continue;
			for (kind = d ? (const char *const[]){ "", NULL } : kinds; *kind; kind++) {
				pm_buf_reset(&path);
				pm_buf_addf(&path, "%s/%s%s%s", dirs[d], e->d_name, d ? "" : "/", *kind);
				if (access(path.ptr, R_OK))
					continue;
				files++;
				for (level = -1; level <= PM_LEVEL_FINAL; level++)
					same &= same_errors(path.ptr, level);
			}
		}
		closedir(dir);
	}
	pm_buf_release(&path);
	CHECK(files > 60);
	CHECK(same);
}

static int same_list(char *const *a, size_t na, char *const *b, size_t nb)
{
	size_t i;

	for (i = 0; i < na && na == nb; i++)
		if (strcmp(a[i], b[i]))
			return 0;
	return na == nb;
}

/* What the build learned from the built-in template is what learning it gives now. */
static void the_builtin_template_is_learned_at_build_time(void)
{
	struct pm_template built = PM_TEMPLATE_INIT, learned = PM_TEMPLATE_INIT;
	const char *repo_template = "# T\n\n**Ticket**: [JIRA-ID]\n";
	int same;

	pm_template_builtin(&built);
	pm_template_learn(&learned, pm_builtin_template, pm_builtin_template_len);
	same = built.nr_placeholders > 20 && built.nr_examples > 20 && built.nr_signoff_labels > 3 &&
	       same_list(built.placeholders, built.nr_placeholders, learned.placeholders,
			 learned.nr_placeholders) &&
	       same_list(built.examples, built.nr_examples, learned.examples, learned.nr_examples) &&
	       same_list(built.signoff_labels, built.nr_signoff_labels, learned.signoff_labels,
			 learned.nr_signoff_labels);
	/* and a repository's template learned on top reads as before */
	pm_template_learn(&built, repo_template, strlen(repo_template));
	pm_template_learn(&learned, repo_template, strlen(repo_template));
	same = same && pm_template_is_placeholder(&built, "JIRA-ID", 7) &&
	       same_list(built.placeholders, built.nr_placeholders, learned.placeholders,
			 learned.nr_placeholders);
	pm_template_release(&built);
	pm_template_release(&learned);
	CHECK(same);
}

void unit_lint(void)
{
	RUN(the_builtin_template_is_learned_at_build_time);
	RUN(errors_only_finds_every_error);
	RUN(titles_are_read_without_the_word_postmortem);
	RUN(template_examples_are_runs_not_common_phrases);
	RUN(seed_placeholders_are_reported_where_they_are);
	RUN(action_states_read_as_writers_write_them);
	RUN(seed_mojibake_is_found_and_repaired_in_the_message);
	RUN(seed_figures_pass_the_recomputations);
	RUN(one_changed_figure_fails_on_its_line);
	RUN(budget_minutes_rounded_from_the_percentage_are_followed_either_way);
	RUN(an_error_rate_target_is_a_ceiling);
	RUN(slo_targets_in_other_words_and_latencies_are_judged);
	RUN(complete_fixture_has_no_findings_at_review);
	RUN(later_levels_are_warnings_earlier_ones_errors);
	RUN(status_chooses_the_level);
	RUN(header_fields_in_another_form_are_named_with_the_fix);
	RUN(sections_in_another_form_are_named_where_they_are);
	RUN(impact_figures_in_another_form_are_named_with_the_fix);
	RUN(a_second_severity_that_differs_is_an_error);
	RUN(numbered_sections_and_icons_are_the_sections);
	RUN(a_sign_off_heading_must_be_the_one_signatures_stop_at);
	RUN(underlined_headings_are_named_with_the_fix);
	RUN(approximate_and_clock_durations_add_up_within_reason);
	RUN(a_duration_may_come_before_its_times);
	RUN(dates_in_another_form_are_named_with_the_fix);
	RUN(an_id_with_more_after_it_is_named_with_the_id_alone);
	RUN(bare_markers_are_placeholders_too);
	RUN(escaped_placeholders_are_placeholders);
	RUN(escaped_values_are_read_as_rendered);
	RUN(a_section_that_renders_as_nothing_is_empty);
	RUN(values_that_render_as_nothing_are_empty);
	RUN(a_header_run_together_is_named_once);
	RUN(due_dates_may_be_marked_and_carry_a_remark);
	RUN(rule_names_are_unique_and_explained);
	RUN(oversized_document_is_refused_before_parsing);
	RUN(action_items_are_listed_with_state);
	RUN(the_summary_agrees_with_the_date_and_duration);
	RUN(a_peak_below_normal_is_named);
	RUN(the_timeline_covers_the_duration);
	RUN(a_timeline_list_is_read_as_rows);
	RUN(a_date_column_gives_the_day);
	RUN(detailed_entries_go_past_midnight_with_the_timeline);
	RUN(action_items_as_a_list_are_named);
	RUN(a_timeline_without_rows_is_named);
	RUN(a_status_written_otherwise_is_named_with_the_fix);
}
