/* console_laptops.c — the console's laptops: every enrolled device with
 * its people and roles, area, when enrolled and revoked, its last contact
 * and the bundles kept aside from it (the loads of `doorstep-county
 * status` and `report laptops`); and, for the admin, enrolling a laptop
 * from its device key file's text, revoking one, and handing a household
 * to another assistant — the same store functions as `doorstep-county
 * enroll`, `revoke` and `reassign`, each logged in the office log. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/report.h"
#include "core/role.h"
#include "store/county.h"
#include "store/report.h"
#include "sync/county/console_int.h"
#include "sync/county/console_pages.h"
#include "sync/county/console_routes.h"
#include "sync/sync.h"

typedef struct {
	store_cdev d;
	store_report_member *mem;
	size_t nm;
	int64_t last, events, aside;
} laptop;

static void laptops_free(laptop *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i].mem);
	free(l);
}

static ds_status laptops_load(ds_store *s, laptop **out, size_t *n, ds_error *err)
{
	store_cdev *devs = NULL;
	store_aside *aside = NULL;
	size_t nd = 0, na = 0;
	laptop *l = NULL;
	ds_status st;
	*out = NULL;
	*n = 0;
	if ((st = store_cdev_list(s, &devs, &nd, err)) ||
	    (st = store_aside_list(s, &aside, &na, err)))
		goto done;
	if (nd && !(l = calloc(nd, sizeof(*l)))) {
		st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < nd; i++) {
		l[i].d = devs[i];
		if ((st = store_report_members(s, devs[i].device, &l[i].mem, &l[i].nm, err)) ||
		    (st = store_report_contact(s, devs[i].device, &l[i].last, err)) ||
		    (st = store_events_of(s, devs[i].device, &l[i].events, err))) {
			laptops_free(l, nd);
			l = NULL;
			goto done;
		}
		for (size_t k = 0; k < na; k++)
			l[i].aside += !memcmp(aside[k].sender, devs[i].device, STORE_DEVICE_BYTES);
	}
	*out = l;
	*n = nd;
done:
	free(devs);
	free(aside);
	return st;
}

static const char *role_words(console_req *q, const char *role)
{
	/* the laptop roles' words, as tui/labels.c has them */
	if (!strcmp(role, "assistant"))
		return _("assistant");
	if (!strcmp(role, "supervisor"))
		return _("supervisor");
	if (!strcmp(role, "reviewer"))
		return _("appeal reviewer");
	return role;
}

static void done_note(console_req *q)
{
	const char *d = console_query(q, "done");
	if (!d)
		return;
	console_html(q, "<p class=\"note\" id=\"done\">%s</p>",
	             !strcmp(d, "revoked")      ? _("The laptop is revoked: its bundles are refused from now on.")
	             : !strcmp(d, "enrolled")   ? _("The laptop is enrolled.")
	             : !strcmp(d, "reassigned") ? _("The household is handed over; it reaches the new assistant's laptop with its next bundle from the county.")
	                                        : _("Nothing changed."));
}

void console_page_laptops(console_req *q)
{
	laptop *l = NULL;
	size_t n = 0;
	bool admin_revoke = core_office_may(q->role, CORE_OFFICE_RIGHT_LAPTOP_REVOKE);
	ds_error err;
	ds_status st;
	ds_store *s = console_store_lock(q);
	st = laptops_load(s, &l, &n, &err);
	console_store_unlock(q);
	if (st) {
		console_fail_error(q, console_pages_status(&err), &err);
		return;
	}
	console_begin(q, _("Laptops"));
	done_note(q);
	console_html(q, "<table id=\"laptops\"><tr><th>%s</th><th>%s</th><th>%s</th><th>%s</th>"
	                "<th>%s</th><th>%s</th><th>%s</th><th>%s</th>%r</tr>",
	             _("Laptop"), _("Users"), _("Area"), _("Enrolled"), _("Revoked"),
	             _("Last contact"), _("Events in"), _("Aside"),
	             admin_revoke ? "<th></th>" : "");
	for (size_t i = 0; i < n; i++) {
		char hex[2 * STORE_DEVICE_BYTES + 1], en[32], rv[32], last[32], shortid[9];
		store_hex(hex, l[i].d.device, STORE_DEVICE_BYTES);
		console_time_ms(en, sizeof(en), l[i].d.enrolled_ms);
		console_time_ms(rv, sizeof(rv), l[i].d.revoked_ms);
		console_time_ms(last, sizeof(last), l[i].last);
		snprintf(shortid, sizeof(shortid), "%.8s", hex);
		console_html(q, "<tr data-device=\"%s\" data-revoked=\"%d\"><td><code title=\"%s\">%s</code></td><td>",
		             hex, l[i].d.revoked_ms != 0, hex, shortid);
		for (size_t k = 0; k < l[i].nm; k++)
			console_html(q, "%s<span class=\"user\">%s</span> (%s)", k ? ", " : "",
			             l[i].mem[k].user, role_words(q, l[i].mem[k].role));
		if (!l[i].nm)
			console_html(q, "<span class=\"user\">%s</span> (%s)", l[i].d.user,
			             role_words(q, l[i].d.role));
		console_html(q, "</td><td>%s</td><td>%s</td><td class=\"revoked\">%s</td><td>%s</td>"
		                "<td class=\"n\">%lld</td><td class=\"n\">%lld</td>",
		             l[i].d.area, en, l[i].d.revoked_ms ? rv : "", l[i].last ? last : _("no contact yet"),
		             (long long)l[i].events, (long long)l[i].aside);
		if (admin_revoke) {
			console_html(q, "<td>");
			if (!l[i].d.revoked_ms) {
				console_form_begin(q, "/laptops/revoke");
				console_html(q, "<input type=\"hidden\" name=\"device\" value=\"%s\">"
				                "<button type=\"submit\">%s</button>",
				             hex, _("Revoke"));
				console_form_end(q);
			}
			console_html(q, "</td>");
		}
		console_html(q, "</tr>");
	}
	console_html(q, "</table>");
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_HOUSEHOLD_REASSIGN)) {
		console_html(q, "<h2>%s</h2>", _("Hand a household to another assistant"));
		console_form_begin(q, "/laptops/reassign");
		console_html(q, "<label>%s<br><input name=\"household\" required></label><label>%s<br><select name=\"to\">",
		             _("Household (its ID or the first characters of it)"), _("To"));
		for (size_t i = 0; i < n; i++)
			for (size_t k = 0; k < l[i].nm; k++)
				if (!l[i].d.revoked_ms && !strcmp(l[i].mem[k].role, "assistant"))
					console_html(q, "<option>%s</option>", l[i].mem[k].user);
		console_html(q, "</select></label><button type=\"submit\">%s</button>", _("Hand over"));
		console_form_end(q);
	}
	if (core_office_may(q->role, CORE_OFFICE_RIGHT_LAPTOP_ENROL)) {
		console_html(q, "<h2>%s</h2><p class=\"note\">%s</p>", _("Enrol a laptop"),
		             _("On the laptop, `doorstep device-key --out FILE` writes its public key: paste the file's text here."));
		console_form_begin(q, "/laptops/enrol");
		console_html(q, "<label>%s<br><textarea name=\"key\" rows=\"6\" cols=\"64\" required></textarea></label>"
		                "<label>%s<br><input name=\"user\" required></label>"
		                "<label>%s<br><select name=\"role\">",
		             _("Device key"), _("User"), _("Role"));
		for (int r = 0; r < CORE_ROLE_COUNT; r++)
			console_html(q, "<option value=\"%s\">%s</option>", core_role_id((core_role)r),
			             role_words(q, core_role_id((core_role)r)));
		console_html(q, "</select></label><label>%s<br><input name=\"area\" required inputmode=\"numeric\" pattern=\"[0-9]{2,12}\"></label>"
		                "<button type=\"submit\">%s</button>",
		             _("Area (a region code, e.g. 440106)"), _("Enrol"));
		console_form_end(q);
	}
	console_end(q);
	laptops_free(l, n);
}

/* ---- actions ------------------------------------------------------------------- */

void console_page_laptop_revoke(console_req *q)
{
	const char *hex = console_field(q, "device");
	unsigned char dev[STORE_DEVICE_BYTES];
	char what[STORE_OFFICE_WHAT_MAX];
	store_cdev d;
	bool found = false;
	ds_error err;
	ds_store *s;
	if (!hex || strlen(hex) != 2 * STORE_DEVICE_BYTES ||
	    !store_unhex(dev, STORE_DEVICE_BYTES, hex)) {
		console_fail(q, 400, _("device: not a laptop's device ID"));
		return;
	}
	snprintf(what, sizeof(what), "laptop.revoke %.8s", hex);
	s = console_store_lock(q);
	if (store_cdev_get(s, dev, &d, &found, &err)) {
		console_store_unlock(q);
		console_pages_action_failed(q, what, &err);
		return;
	}
	if (!found) {
		console_store_unlock(q);
		ds_fail(&err, DS_EINPUT, "device", N_("no laptop %s is enrolled here"), hex);
		console_pages_action_failed(q, what, &err);
		return;
	}
	if (store_begin(s, &err) || store_cdev_revoke(s, dev, &err) || store_commit(s, &err)) {
		store_rollback(s);
		console_store_unlock(q);
		console_pages_action_failed(q, what, &err);
		return;
	}
	console_store_unlock(q);
	console_pages_action_done(q, what, "revoked", "/laptops?done=revoked");
}

void console_page_reassign(console_req *q)
{
	const char *hh = console_field(q, "household"), *to = console_field(q, "to");
	char id[STORE_ID_BUF], what[STORE_OFFICE_WHAT_MAX], back[96];
	bool already = false, enrolled = false;
	ds_error err;
	ds_store *s;
	if (!hh || !*hh) {
		console_fail(q, 400, _("household: is needed"));
		return;
	}
	if (!to || !*to || strlen(to) >= STORE_USER_MAX) {
		console_fail(q, 400, _("to: name the assistant"));
		return;
	}
	/* until it is known an assistant's, the name typed is not logged:
	 * it may be anything (an ID number) */
	snprintf(what, sizeof(what), "household.reassign to ?");
	s = console_store_lock(q);
	/* as `doorstep-county reassign` checks: an assistant's laptop */
	if (store_household_resolve(s, hh, id, &err) ||
	    store_cdev_assistant(s, to, &enrolled, &err)) {
		console_store_unlock(q);
		console_pages_action_failed(q, what, &err);
		return;
	}
	if (!enrolled) {
		console_store_unlock(q);
		ds_fail(&err, DS_EINPUT, "to", N_("%s has no laptop enrolled here as an assistant"), to);
		console_pages_action_failed(q, what, &err);
		return;
	}
	if (store_begin(s, &err) || store_household_reassign(s, id, to, &already, &err) ||
	    store_commit(s, &err)) {
		store_rollback(s);
		console_store_unlock(q);
		console_pages_action_failed(q, what, &err);
		return;
	}
	console_store_unlock(q);
	snprintf(what, sizeof(what), "household.reassign %s to %s", id, to);
	snprintf(back, sizeof(back), "/laptops?done=%s", already ? "already" : "reassigned");
	console_pages_action_done(q, what, already ? "already" : "reassigned", back);
}

void console_page_laptop_enrol(console_req *q)
{
	const char *key = console_field(q, "key"), *user = console_field(q, "user"),
	           *role = console_field(q, "role"), *area = console_field(q, "area");
	char what[STORE_OFFICE_WHAT_MAX], hex[2 * STORE_DEVICE_BYTES + 1], *text;
	store_device_pub dp;
	store_cdev d;
	bool already = false;
	size_t k = 0;
	ds_error err;
	ds_store *s;
	/* the checks of `doorstep-county enroll`, naming the form's fields */
	if (!key || !*key || !user || !*user || !role || !area || !*area) {
		console_fail(q, 400, _("Give the device key, the user, the role and the area."));
		return;
	}
	if (core_role_lookup(role) < 0) {
		console_fail(q, 400, _("role: must be assistant, supervisor or reviewer"));
		return;
	}
	if (strlen(area) < 2 || strlen(area) > 12 || strspn(area, "0123456789") != strlen(area)) {
		console_fail(q, 400, _("area: must be a region code of digits (e.g. 440106)"));
		return;
	}
	if (strlen(user) >= STORE_USER_MAX) {
		console_fail(q, 400, _("user: is too long"));
		return;
	}
	/* a browser sends a text area's lines ended by CR LF */
	if (!(text = malloc(strlen(key) + 1))) {
		console_fail(q, 500, _("out of memory"));
		return;
	}
	for (const char *p = key; *p; p++)
		if (*p != '\r')
			text[k++] = *p;
	text[k] = '\0';
	snprintf(what, sizeof(what), "laptop.enrol %s", user);
	if (sync_devkey_parse(text, "key", &dp, &err)) {
		free(text);
		console_pages_action_failed(q, what, &err);
		return;
	}
	free(text);
	memset(&d, 0, sizeof(d));
	memcpy(d.device, dp.device, sizeof(d.device));
	snprintf(d.user, sizeof(d.user), "%s", user);
	snprintf(d.role, sizeof(d.role), "%s", role);
	snprintf(d.area, sizeof(d.area), "%s", area);
	memcpy(d.sign_pk, dp.sign_pk, sizeof(d.sign_pk));
	memcpy(d.box_pk, dp.box_pk, sizeof(d.box_pk));
	store_hex(hex, d.device, STORE_DEVICE_BYTES);
	snprintf(what, sizeof(what), "laptop.enrol %.8s %s %s", hex, user, role);
	s = console_store_lock(q);
	if (store_begin(s, &err) || store_cdev_put(s, &d, &already, &err) || store_commit(s, &err)) {
		store_rollback(s);
		console_store_unlock(q);
		console_pages_action_failed(q, what, &err);
		return;
	}
	console_store_unlock(q);
	console_pages_action_done(q, what, already ? "already" : "enrolled",
	                          already ? "/laptops?done=already" : "/laptops?done=enrolled");
}
