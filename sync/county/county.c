/* county.c — taking a device's bundle at the county (county.h). The order
 * of checks: sizes, recipient, envelope, sender enrolled, signature (all
 * in sync_bundle_open), sender not revoked; only a bundle that passed
 * these can be kept aside. Then idempotency, epoch and chain position;
 * then the payload decrypted whole; then its events, each checked, in one
 * transaction. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/relief.h"
#include "core/role.h"
#include "core/workflow.h"
#include "store/report.h"
#include "store/settings.h"
#include "sync/county/county.h"
#include "sync/county/limits.h"

/* ---- who may send what ------------------------------------------------------ */

/* The sender's signing key, for an enrolled device, revoked or not: a
 * revoked device is refused once its signature has verified (revoked
 * set), so that nobody learns from the county which devices it revoked
 * without the device's key. A store that cannot be read says nothing
 * about the bundle: store_fault says so, and nothing is kept for it. */
typedef struct {
	ds_store *s;
	bool revoked, store_fault;
} signer;

static ds_status lookup(void *ctx, const unsigned char sender[SYNC_DEVICE_BYTES],
                        unsigned char pk[STORE_SIGN_PK_BYTES], ds_error *err)
{
	signer *g = ctx;
	store_cdev d;
	bool found;
	ds_status st;
	if ((st = store_cdev_get(g->s, sender, &d, &found, err))) {
		g->store_fault = true;
		return st;
	}
	if (!found)
		return ds_fail(err, DS_EPERM, "bundle",
		               N_("the sending device is not enrolled at this county"));
	g->revoked = d.revoked_ms != 0;
	memcpy(pk, d.sign_pk, STORE_SIGN_PK_BYTES);
	return DS_OK;
}

static ds_status revoked(ds_error *err)
{
	return ds_fail(err, DS_EPERM, "bundle",
	               N_("the sending device was revoked; its bundles are refused"));
}

/* Decisions need the role that may make them: the person who made one
 * must be enrolled on the laptop that sends it, with that role (a
 * township's shared laptop has its assistant and its supervisor). Which
 * steps are checked is the action list's (core/workflow.h). */
static int checked_action(const char *kind)
{
	int k = core_event_lookup(kind);
	int a = k < 0 ? -1 : core_action_of_event((core_event_kind)k);
	return a >= 0 && core_action_county_checked((core_action)a) ? a : -1;
}

typedef struct {
	store_cdev dev;
	store_cmember *members; /* the people enrolled on it, read in the take's transaction */
	size_t n_members;
} taking;

/* The record a refusal names (made only for one: every event is asked). */
static const char *at(char *where, size_t len, size_t index)
{
	snprintf(where, len, "record %zu", index + 1);
	return where;
}

/* The role author is enrolled with on the sending laptop, or NULL. */
static const char *enrolled_as(const taking *t, const char *author)
{
	for (size_t k = 0; k < t->n_members; k++)
		if (!strcmp(t->members[k].user, author))
			return t->members[k].role;
	return NULL;
}

/* A relief step from a laptop (core/relief.h): an action that writes the
 * event's kind and leaves the case in a state it can; a decision or a
 * payment the list says the county checks only by someone enrolled on the
 * laptop with a role that may make it, the county's own decisions never. */
static ds_status relief_allowed(const taking *t, const store_event_info *ev, json_t *body,
                                size_t index, ds_error *err)
{
	char where[32];
	int k = core_event_lookup(ev->kind);
	int a = core_relief_action_lookup(json_string_value(json_object_get(body, "action")));
	int s = core_relief_state_lookup(
	        json_string_value(json_object_get(json_object_get(body, "case"), "state")));
	const char *role, *by, *filed, *proposed;
	json_t *kase;
	int r;
	if (a < 0 || k < 0 || core_relief_action_event((core_relief_action)a) != (core_event_kind)k ||
	    s < 0 || !core_relief_action_leaves((core_relief_action)a, (core_relief_state)s))
		return ds_fail(err, DS_EDAMAGED, at(where, sizeof(where), index),
		               N_("a relief step that does not match its event %s"), ev->kind);
	if (!core_relief_action_county_checked((core_relief_action)a))
		return DS_OK;
	if (!(core_relief_action_who((core_relief_action)a) & ~CORE_RELIEF_BY_COUNTY))
		return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
		               N_("%s on a relief case is the county's to decide, never a laptop's"),
		               core_relief_action_id((core_relief_action)a));
	if (!(role = enrolled_as(t, ev->author)))
		return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
		               N_("%s is not enrolled at the county on this laptop, so cannot send %s"),
		               ev->author, ev->kind);
	r = core_role_lookup(role);
	if (r < 0 || !(core_relief_action_who((core_relief_action)a) & CORE_RELIEF_BY(r)))
		return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
		               N_("%s is enrolled on this laptop with the role %s, which cannot send %s"),
		               ev->author, role, ev->kind);
	/* whoever decided is whoever signed the step; four eyes, as the
	 * laptop keeps them (core_relief_act) */
	kase = json_object_get(body, "case");
	by = json_string_value(json_object_get(kase, "decided_by"));
	if (core_event_is(ev->kind, CORE_EVENT_RELIEF_DECIDED) &&
	    (!by || strcmp(by, ev->author)))
		return ds_fail(err, DS_EDAMAGED, at(where, sizeof(where), index),
		               N_("a relief step that does not match its event %s"), ev->kind);
	filed = json_string_value(json_object_get(kase, "filed_by"));
	proposed = json_string_value(json_object_get(kase, "proposed_by"));
	if ((filed && !strcmp(filed, ev->author)) ||
	    (a != CORE_RELIEF_ACT_PAY_FIRST && proposed && !strcmp(proposed, ev->author)))
		return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
		               N_("%s filed or proposed this relief; four eyes: someone else must decide it"),
		               ev->author);
	return DS_OK;
}

/* Asked of each event, its body read and its hash right, and counted
 * when the event is new to the county: a laptop sends only what the role
 * its author is enrolled with may decide, and new households only in its
 * area. It runs on the take's worker threads while the log is written
 * (store_replica_check), so it reads what was read from the store before
 * the take, never the store. */
static ds_status allowed(void *ctx, const store_event_info *ev, json_t *body,
                         const core_household *created, size_t index,
                         ds_error *err)
{
	const taking *t = ctx;
	char where[32], role[16];
	/* a laptop works in its area: a household elsewhere is not its */
	if (core_event_is(ev->kind, CORE_EVENT_HOUSEHOLD_CREATED)) {
		const char *region =
		        created ? created->region
		                : json_string_value(json_object_get(
		                          json_object_get(body, "household"), "region"));
		if (!region)
			return ds_fail(err, DS_EDAMAGED, at(where, sizeof(where), index),
			               N_("a new household without a region"));
		if (strncmp(region, t->dev.area, strlen(t->dev.area)))
			return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
			               N_("a household in region %s is outside this laptop's area %s"),
			               region, t->dev.area);
	}
	/* a laptop's own settings travel, but only the county sets the
	 * county's */
	if (!strcmp(ev->kind, core_event_id(CORE_EVENT_SETTINGS_SET))) {
		const char *by = json_string_value(json_object_get(body, "by"));
		if (!by || strcmp(by, STORE_SETTINGS_BY_LOCAL))
			return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
			               N_("only the county sets the county's settings"));
	}
	/* a month's roll is the county's to close */
	if (core_event_is(ev->kind, CORE_EVENT_PAYROLL_ISSUED))
		return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
		               N_("only the county issues a month's payment roll"));
	if (core_event_is(ev->kind, CORE_EVENT_RELIEF_FILED) ||
	    core_event_is(ev->kind, CORE_EVENT_RELIEF_PROPOSED) ||
	    core_event_is(ev->kind, CORE_EVENT_RELIEF_DECIDED) ||
	    core_event_is(ev->kind, CORE_EVENT_RELIEF_PAID_FIRST))
		return relief_allowed(t, ev, body, index, err);
	{
		int a = checked_action(ev->kind);
		bool found = false;
		int r;
		if (a < 0)
			return DS_OK;
		for (size_t k = 0; !found && k < t->n_members; k++)
			if (!strcmp(t->members[k].user, ev->author)) {
				snprintf(role, sizeof(role), "%s", t->members[k].role);
				found = true;
			}
		if (!found)
			return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
			               N_("%s is not enrolled at the county on this laptop, so cannot send %s"),
			               ev->author, ev->kind);
		r = core_role_lookup(role);
		if (r < 0 || !(core_action_roles((core_action)a) & (1u << r)))
			return ds_fail(err, DS_EPERM, at(where, sizeof(where), index),
			               N_("%s is enrolled on this laptop with the role %s, which cannot send %s"),
			               ev->author, role, ev->kind);
	}
	return DS_OK;
}

/* ---- keeping aside ------------------------------------------------------------- */

const char *county_aside_over(const store_aside_usage *u, uint64_t len)
{
	if (u->present)
		return NULL; /* the same bytes again take no more room */
	if (u->device_count + 1 > COUNTY_ASIDE_DEVICE_COUNT ||
	    (uint64_t)u->device_bytes + len > COUNTY_ASIDE_DEVICE_BYTES)
		return N_("not kept: the county keeps no more bundles aside for this device");
	if (u->total_count + 1 > COUNTY_ASIDE_TOTAL_COUNT ||
	    (uint64_t)u->total_bytes + len > COUNTY_ASIDE_TOTAL_BYTES)
		return N_("not kept: the county keeps no more bundles aside");
	return NULL;
}

/* Keeps an opened (so authenticated) bundle aside with its reason, within
 * the caps (limits.h), inside the caller's transaction; one kept before
 * (held, and refused now its turn came) has its reason replaced. False
 * when it was not kept; *over then says why (untranslated). */
static ds_status aside_in(ds_store *s, const sync_opened *o,
                          const unsigned char *bytes, size_t len, bool held,
                          const ds_error *why, bool *kept, const char **over,
                          ds_error *err)
{
	store_aside a;
	store_aside_usage u;
	ds_status st;
	*kept = false;
	*over = NULL;
	memset(&a, 0, sizeof(a));
	memcpy(a.hash, o->hash, SYNC_HASH_BYTES);
	memcpy(a.sender, o->env.sender, SYNC_DEVICE_BYTES);
	a.epoch = (int64_t)o->env.epoch;
	a.number = (int64_t)o->env.number;
	a.held = held;
	ds_error_format(why, a.reason, sizeof(a.reason), NULL);
	if ((st = store_aside_usage_of(s, a.sender, a.hash, &u, err)))
		return st;
	if ((*over = county_aside_over(&u, len)))
		return DS_OK;
	if ((st = store_aside_drop(s, a.hash, err)) ||
	    (st = store_aside_put(s, &a, bytes, len, err)))
		return st;
	*kept = true;
	return DS_OK;
}

/* The same in a transaction of its own. */
static bool aside(ds_store *s, const sync_opened *o, const unsigned char *bytes,
                  size_t len, bool held, const ds_error *why, const char **over)
{
	ds_error e2;
	bool kept = false;
	if (store_begin(s, &e2))
		return false;
	if (aside_in(s, o, bytes, len, held, why, &kept, over, &e2) || !kept ||
	    store_commit(s, &e2)) {
		store_rollback(s);
		return false;
	}
	return true;
}

/* A bundle kept aside before (a fault since mended) and now taken: it is
 * no longer aside. Most bundles never were, so look first. */
static void drop_aside(ds_store *s, const unsigned char hash[SYNC_HASH_BYTES])
{
	store_aside *list = NULL;
	size_t n = 0;
	bool there = false;
	ds_error e2;
	if (store_aside_list(s, &list, &n, &e2))
		return;
	for (size_t i = 0; i < n; i++)
		there = there || !memcmp(list[i].hash, hash, SYNC_HASH_BYTES);
	free(list);
	if (!there || store_begin(s, &e2))
		return;
	if (store_aside_drop(s, hash, &e2) || store_commit(s, &e2))
		store_rollback(s);
}

/* A receipt's reason, with what the county kept of it when it kept
 * nothing. */
static void reason_of(sync_receipt *r, const ds_error *why, bool kept,
                      const char *over)
{
	ds_error_format(why, r->reason, sizeof(r->reason), NULL);
	if (!kept) {
		size_t l = strlen(r->reason);
		snprintf(r->reason + l, sizeof(r->reason) - l, "; %s",
		         over ? over : "not kept: the county could not store it");
	}
}

/* ---- taking a bundle --------------------------------------------------------------- */

typedef enum {
	PLACE_NEXT,    /* the one the county waits for from its device */
	PLACE_ALREADY, /* had already: acknowledged again */
	PLACE_SKIPPED, /* had already, refused in its place: said again */
	PLACE_HELD,    /* after a gap */
	PLACE_REFUSED, /* an earlier epoch, another bundle under its number, or not linking on */
} place;

/* Where a bundle stands among what the county has of its device. The
 * return is the store's status; the verdict is *p, and for HELD, SKIPPED
 * and REFUSED *why says why (for HELD, *want is the bundle waited for;
 * for NEXT, *resume the last event of a bundle refused in its place
 * just before, which the next goes on from, or 0). */
static ds_status place_of(ds_store *s, const sync_opened *o, place *p,
                          ds_error *why, int64_t *want, int64_t *resume,
                          ds_error *err)
{
	store_incoming have;
	int64_t max_epoch;
	bool found, fe;
	ds_status st;
	char n[24];
	*want = *resume = 0;
	/* idempotency: the same bundle again is answered the same again */
	if ((st = store_inbox_get(s, o->env.sender, (int64_t)o->env.epoch,
	                          (int64_t)o->env.number, &have, &found, err)))
		return st;
	if (found && !memcmp(have.hash, o->hash, SYNC_HASH_BYTES)) {
		*p = have.refused[0] ? PLACE_SKIPPED : PLACE_ALREADY;
		if (have.refused[0])
			ds_fail(why, DS_EPERM, "bundle", "%s", have.refused);
		return DS_OK;
	}
	if ((st = store_inbox_max_epoch(s, o->env.sender, &max_epoch, &fe, err)))
		return st;
	*p = PLACE_REFUSED;
	if (fe && (int64_t)o->env.epoch < max_epoch) {
		ds_fail(why, DS_ESTALE, "bundle",
		        N_("the bundle is from an earlier epoch of the laptop than one already received: a replay, or the laptop was restored from an older copy"));
		return DS_OK;
	}
	if (found) {
		ds_fail(why, DS_ESTALE, "bundle",
		        N_("a different bundle was already received under this number: the laptop was restored from an older copy (it needs doorstep sync new-epoch)"));
		return DS_OK;
	}
	/* its place in the device's sequence */
	if ((st = store_inbox_last(s, o->env.sender, (int64_t)o->env.epoch, &have,
	                           &found, err)))
		return st;
	*want = found ? have.number + 1 : 1;
	if ((int64_t)o->env.number > *want) {
		snprintf(n, sizeof(n), "%lld", (long long)*want);
		ds_fail(why, DS_EGAP, "bundle",
		        N_("held until bundle %s of this device arrives"), n);
		*p = PLACE_HELD;
		return DS_OK;
	}
	if ((int64_t)o->env.number < *want ||
	    (found ? memcmp(o->env.prev, have.hash, SYNC_HASH_BYTES)
	           : !sodium_is_zero(o->env.prev, SYNC_HASH_BYTES))) {
		ds_fail(why, DS_ESTALE, "bundle",
		        N_("the bundle does not follow the one before it from this device"));
		return DS_OK;
	}
	if (found && have.refused[0])
		*resume = have.last;
	*p = PLACE_NEXT;
	return DS_OK;
}

/* Takes one bundle. Only what its sender signed can be kept, and what
 * cannot be attributed is answered and dropped. Its place is looked at
 * twice: first without the write lock, so a bundle had already or
 * refused for good is answered at once and one to apply is decrypted
 * while another import or the server may be writing (what the county has
 * of a device only grows, so those answers stand); then again under the
 * lock, which is what counts. A bundle whose events cannot be taken (a
 * decision by someone not enrolled for it, a household outside the area)
 * is refused in its place: recorded as received and refused, so the
 * laptop's later bundles are not held back by it. A receipt
 * (*have_receipt) only for a verdict about the bundle; the county's own
 * trouble (a store busy too long, a full disk) gives none and keeps
 * nothing. */
static ds_status take_one(ds_store *s, const unsigned char *bytes, size_t len,
                          sync_receipt *r, bool *have_receipt, bool *kept,
                          int64_t *next_number, ds_error *err)
{
	store_device_pub me;
	store_secret *box_sk = NULL;
	sync_opened o;
	store_incoming in;
	store_replica_stats stats;
	sync_payload_reader rd;
	taking t;
	signer g = {s, false, false};
	bool found, decrypted = false;
	const char *over = NULL;
	int64_t want, resume;
	place p;
	ds_error why;
	ds_status st;

	memset(&o, 0, sizeof(o));
	memset(r, 0, sizeof(*r));
	memset(&t, 0, sizeof(t));
	*have_receipt = false;
	*kept = false;
	*next_number = 0;
	if ((st = store_device(s, &me, &box_sk, NULL, err)))
		return st;
	st = sync_bundle_open(&o, bytes, len, me.box_pk, box_sk->p, lookup, &g, err);
	store_secret_free(&box_sk);
	/* nothing that failed so far is kept: its sender is not known */
	if (st)
		goto out;
	if (g.revoked) {
		st = revoked(err);
		goto out;
	}
	memcpy(r->device, o.env.sender, SYNC_DEVICE_BYTES);
	r->epoch = (int64_t)o.env.epoch;
	r->number = (int64_t)o.env.number;
	memcpy(r->hash, o.hash, SYNC_HASH_BYTES);
	if (o.env.kind != SYNC_UP) {
		st = ds_fail(err, DS_EINPUT, "bundle",
		             N_("this is a bundle from the county, not to it"));
		goto refuse;
	}
	if ((st = store_cdev_get(s, o.env.sender, &t.dev, &found, err)) ||
	    (st = place_of(s, &o, &p, &why, &want, &resume, err)))
		goto out;
	if (p == PLACE_ALREADY || p == PLACE_SKIPPED || p == PLACE_REFUSED)
		goto placed;
	/* all of it decrypted and checked before anything is applied */
	if (p == PLACE_NEXT) {
		if ((st = sync_bundle_open_payload(&o, bytes, len, err)))
			goto refuse;
		decrypted = true;
	}
	if ((st = store_begin(s, err)))
		goto out;
	if ((st = place_of(s, &o, &p, &why, &want, &resume, err))) {
		store_rollback(s);
		goto out;
	}
	if (p == PLACE_ALREADY || p == PLACE_SKIPPED || p == PLACE_REFUSED) {
		store_rollback(s);
		goto placed;
	}
	if (p == PLACE_HELD) {
		/* kept under the same lock that saw the gap: the bundle that
		 * fills it, taken by another program, finds this one after */
		char n[24];
		if ((st = aside_in(s, &o, bytes, len, true, &why, kept, &over, err)) ||
		    (*kept && (st = store_commit(s, err)))) {
			store_rollback(s);
			goto out;
		}
		if (!*kept)
			store_rollback(s);
		/* not kept: the laptop sends it again after bundle n */
		snprintf(n, sizeof(n), "%lld", (long long)want);
		snprintf(r->reason, sizeof(r->reason), "waiting for bundle %s%s%s", n,
		         *kept ? "" : "; ",
		         *kept ? "" : over ? over : "not kept: the county could not store it");
		r->outcome = SYNC_HELD;
		*have_receipt = true;
		goto out;
	}
	/* the bundle it waited for came while this one waited for the lock */
	if (!decrypted && (st = sync_bundle_open_payload(&o, bytes, len, err))) {
		store_rollback(s);
		goto refuse;
	}
	memset(&in, 0, sizeof(in));
	in.number = (int64_t)o.env.number;
	in.first = (int64_t)o.env.first;
	in.last = (int64_t)o.env.last;
	memcpy(in.hash, o.hash, SYNC_HASH_BYTES);
	/* the records read one at a time, each taken and let go before the
	 * next: a bad one anywhere refuses the whole bundle; one kept aside
	 * before (held, or a fault since mended) is no longer, in the same
	 * transaction */
	sync_payload_reader_init(&rd, o.payload, o.plen);
	if ((st = store_county_cache(s, err)) ||
	    (st = store_cmember_list(s, o.env.sender, &t.members, &t.n_members, err))) {
		store_rollback(s);
		goto out;
	}
	if ((st = store_replica_take_after(s, sync_payload_next, &rd, resume, allowed,
	                                   &t, &stats, err)) ||
	    (st = store_inbox_add(s, o.env.sender, (int64_t)o.env.epoch, &in, err)) ||
	    (st = store_aside_drop(s, o.hash, err)) ||
	    (st = store_commit(s, err))) {
		store_rollback(s);
		if (st != DS_ESYSTEM)
			goto skip;
		goto out;
	}
	r->outcome = SYNC_APPLIED;
	r->events = stats.added;
	*have_receipt = true;
	*next_number = (int64_t)o.env.number + 1;
	goto out;
skip:
	/* refused in its place: received and refused, its events not taken,
	 * kept aside for the county office with the reason; the laptop's
	 * next bundle goes on after it */
	why = *err;
	ds_error_format(&why, in.refused, sizeof(in.refused), NULL);
	if ((st = store_begin(s, err)))
		goto out;
	{
		ds_error now;
		if ((st = place_of(s, &o, &p, &now, &want, &resume, err)) ||
		    p != PLACE_NEXT) {
			/* taken or placed by another program meanwhile: say that */
			store_rollback(s);
			if (st)
				goto out;
			why = now;
			goto placed;
		}
	}
	if ((st = store_inbox_add(s, o.env.sender, (int64_t)o.env.epoch, &in, err)) ||
	    (st = aside_in(s, &o, bytes, len, false, &why, kept, &over, err)) ||
	    (st = store_commit(s, err))) {
		store_rollback(s);
		goto out;
	}
	*err = why;
	st = why.status;
	r->outcome = SYNC_SKIPPED;
	reason_of(r, &why, *kept, over);
	*have_receipt = true;
	*next_number = (int64_t)o.env.number + 1;
	goto out;
placed:
	if (p == PLACE_ALREADY) {
		r->outcome = SYNC_ALREADY;
		*have_receipt = true;
		drop_aside(s, o.hash);
		st = DS_OK;
		goto out;
	}
	*err = why;
	st = why.status;
	if (p == PLACE_SKIPPED) {
		r->outcome = SYNC_SKIPPED;
		ds_error_format(&why, r->reason, sizeof(r->reason), NULL);
		*have_receipt = true;
		goto out;
	}
refuse:
	/* authenticated, so kept aside with its reason (within the caps);
	 * nothing else changes. Not for the county's own trouble */
	if (st != DS_ESYSTEM && !g.store_fault) {
		*kept = aside(s, &o, bytes, len, false, err, &over);
		r->outcome = SYNC_REFUSED;
		reason_of(r, err, *kept, over);
		*have_receipt = true;
	}
out:
	free(t.members);
	sync_opened_free(&o);
	return st;
}

ds_status county_take(ds_store *s, const unsigned char *bytes, size_t len,
                      sync_receipt *r, bool *have_receipt, bool *kept,
                      ds_error *err)
{
	int64_t next;
	bool k;
	ds_status st = take_one(s, bytes, len, r, have_receipt, kept ? kept : &k,
	                        &next, err);
	/* bundles that waited for this one go in now, in order; each stays
	 * aside until it is taken (the take drops it), so a take that fails
	 * for the county's own trouble leaves it held, not lost */
	while (next) {
		unsigned char *held = NULL;
		size_t hlen = 0;
		bool found, hr;
		sync_receipt hrec;
		ds_error herr;
		if (store_aside_held(s, r->device, r->epoch, next, &held, &hlen, &found,
		                     &herr) || !found)
			break;
		/* next is 0 after it unless it was taken or refused in its place */
		take_one(s, held, hlen, &hrec, &hr, &k, &next, &herr);
		free(held);
	}
	return st;
}

ds_status county_head(ds_store *s, const unsigned char *head, size_t len,
                      uint64_t total, unsigned char sender[SYNC_DEVICE_BYTES],
                      uint64_t *length, ds_error *err)
{
	store_device_pub me;
	store_secret *box_sk = NULL;
	sync_envelope env;
	signer g = {s, false, false};
	ds_status st;
	*length = 0;
	if ((st = store_device(s, &me, &box_sk, NULL, err)))
		return st;
	st = sync_bundle_open_head(&env, length, head, len, total, me.box_pk,
	                           box_sk->p, lookup, &g, err);
	store_secret_free(&box_sk);
	if (!st && g.revoked)
		st = revoked(err);
	if (!st)
		memcpy(sender, env.sender, SYNC_DEVICE_BYTES);
	return st;
}

ds_status county_down_allowed(ds_store *s, const sync_downreq *q, ds_error *err)
{
	store_cdev d;
	bool found;
	ds_status st;
	ds_error why;
	if ((st = store_cdev_get(s, q->device, &d, &found, err)))
		return st;
	/* unknown, revoked and forged are one answer: the asker learns
	 * nothing of who is enrolled or revoked */
	if (!found || d.revoked_ms || sync_downreq_verify(q, d.sign_pk, &why))
		return ds_fail(err, DS_EPERM, "request", N_("not permitted"));
	return DS_OK;
}

/* ---- downlink ---------------------------------------------------------------------- */

typedef struct {
	const unsigned char *device;          /* the device it is for */
	const unsigned char *county;          /* the county's own device id */
	char (*mine)[STORE_ID_BUF];           /* households it has events about */
	size_t n_mine;
	char (*area)[STORE_ID_BUF];           /* for a supervisor: submitted in its area */
	size_t n_area;
	char (*moved)[STORE_ID_BUF];          /* moved to its user since its last bundle */
	size_t n_moved;
	int64_t before;                       /* ...whose history up to here it lacks */
} entitled;

static int by_id(const void *a, const void *b)
{
	return strcmp(a, b);
}

static bool in(char (*list)[STORE_ID_BUF], size_t n, const char *id)
{
	return n && bsearch(id, list, n, STORE_ID_BUF, by_id);
}

static bool want(void *ctx, const store_event_info *ev)
{
	entitled *e = ctx;
	if (!memcmp(ev->device, e->device, SYNC_DEVICE_BYTES))
		return false; /* it has its own */
	/* the keys that sign what it gets */
	if (!strcmp(ev->kind, core_event_id(CORE_EVENT_USER_ADDED)) ||
	    !strcmp(ev->kind, core_event_id(CORE_EVENT_USER_KEY_REPLACED)))
		return true;
	/* policy and settings from the county */
	if (!strcmp(ev->kind, core_event_id(CORE_EVENT_POLICY_IMPORTED)) ||
	    !strcmp(ev->kind, core_event_id(CORE_EVENT_SETTINGS_SET)))
		return !memcmp(ev->device, e->county, SYNC_DEVICE_BYTES);
	return in(e->mine, e->n_mine, ev->entity) || in(e->area, e->n_area, ev->entity);
}

/* The history of households moved to the device's user since its last
 * bundle: every event on them it did not get then, so it can work on
 * them (the households themselves, their visits and cases). */
static bool want_history(void *ctx, const store_event_info *ev)
{
	entitled *e = ctx;
	return memcmp(ev->device, e->device, SYNC_DEVICE_BYTES) &&
	       ev->seq <= e->before && in(e->moved, e->n_moved, ev->entity);
}

/* Adds list (n of them) to *ids (*n_ids); frees list. The caller sorts
 * once it has added all. */
static ds_status add_ids(char (**ids)[STORE_ID_BUF], size_t *n_ids,
                         char (*list)[STORE_ID_BUF], size_t n, ds_error *err)
{
	char (*nl)[STORE_ID_BUF];
	if (!n) {
		free(list);
		return DS_OK;
	}
	if (!(nl = realloc(*ids, (*n_ids + n) * sizeof(*nl)))) {
		free(list);
		return ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
	}
	*ids = nl;
	memcpy(*ids + *n_ids, list, n * sizeof(*list));
	*n_ids += n;
	free(list);
	return DS_OK;
}

/* Households with a case submitted, an appeal filed or a relief case
 * filed by a device of the area: what a supervisor's desk sees (a relief
 * case is decided, or paid first, by a supervisor). Those that came to it since its
 * last bundle (e->before, 0: none yet) come with their history, as a
 * household moved to an assistant does: a case submitted today about a
 * household added months ago needs the household. */
static ds_status area_cases(ds_store *s, const store_cdev *d, entitled *e,
                            ds_error *err)
{
	store_cdev *devs = NULL;
	size_t nd = 0;
	ds_status st;
	if ((st = store_cdev_list(s, &devs, &nd, err)))
		return st;
	for (size_t i = 0; !st && i < nd; i++) {
		static const core_event_kind kinds[] = {CORE_EVENT_CASE_SUBMITTED,
		                                        CORE_EVENT_APPEAL_FILED,
		                                        CORE_EVENT_RELIEF_FILED};
		if (strcmp(devs[i].area, d->area))
			continue;
		for (size_t k = 0; !st && k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			char (*l)[STORE_ID_BUF] = NULL;
			size_t n = 0;
			if (!(st = store_entities(s, devs[i].device,
			                          core_event_id(kinds[k]), &l, &n, err)))
				st = add_ids(&e->area, &e->n_area, l, n, err);
			if (st || !e->before)
				continue;
			if (!(st = store_entities_new(s, devs[i].device,
			                              core_event_id(kinds[k]), e->before,
			                              &l, &n, err)))
				st = add_ids(&e->moved, &e->n_moved, l, n, err);
		}
	}
	free(devs);
	if (!st && e->n_area)
		qsort(e->area, e->n_area, STORE_ID_BUF, by_id);
	if (!st && e->n_moved)
		qsort(e->moved, e->n_moved, STORE_ID_BUF, by_id);
	return st;
}

/* What a device may be sent (e, its device and county set by the
 * caller): the households it has events about or was handed, those moved
 * to it since its last bundle (last, NULL before the first) and, on a
 * supervisor's or reviewer's desk, the cases submitted in its area. */
static ds_status entitle(ds_store *s, const store_cdev *d,
                         const store_down *last, entitled *e, ds_error *err)
{
	const unsigned char *device = d->device;
	ds_status st;
	if ((st = store_entities(s, device, NULL, &e->mine, &e->n_mine, err)))
		return st;
	/* households the county moved to its user are its too */
	{
		char (*l)[STORE_ID_BUF] = NULL;
		size_t n = 0;
		if ((st = store_assigned(s, d->user, 0, &l, &n, err)) ||
		    (st = add_ids(&e->mine, &e->n_mine, l, n, err)))
			return st;
		if (e->n_mine)
			qsort(e->mine, e->n_mine, STORE_ID_BUF, by_id);
	}
	if (last && (st = store_assigned(s, d->user, last->last_seq, &e->moved,
	                                 &e->n_moved, err)))
		return st;
	e->before = last ? last->last_seq : 0;
	/* a supervisor's or reviewer's desk: anyone enrolled on this laptop
	 * with either role (a township's shared laptop) */
	{
		bool sup = false, rev = false;
		if ((st = store_cmember_any(s, device, "supervisor", &sup, err)) ||
		    (st = store_cmember_any(s, device, "reviewer", &rev, err)))
			return st;
		if ((sup || rev || !strcmp(d->role, "supervisor") ||
		     !strcmp(d->role, "reviewer")) &&
		    (st = area_cases(s, d, e, err)))
			return st;
	}
	return DS_OK;
}

ds_status county_down(ds_store *s, const unsigned char *device, int64_t number,
                      unsigned char **bytes, size_t *len, ds_error *err)
{
	store_cdev d;
	store_down last, made;
	store_device_pub me;
	store_secret *sign_sk = NULL;
	entitled e;
	sync_envelope env;
	json_t *records = NULL;
	unsigned char *payload = NULL;
	size_t plen = 0;
	int64_t upto = 0;
	bool found;
	ds_status st;

	*bytes = NULL;
	*len = 0;
	memset(&e, 0, sizeof(e));
	if ((st = store_cdev_get(s, device, &d, &found, err)))
		return st;
	if (!found)
		return ds_fail(err, DS_EPERM, "device",
		               N_("the device is not enrolled at this county"));
	if (d.revoked_ms)
		return ds_fail(err, DS_EPERM, "device",
		               N_("the device (%s's) was revoked"), d.user);
	if ((st = store_down_last(s, device, &last, &found, err)))
		return st;
	if (found && number <= last.number) {
		if ((st = store_down_get(s, device, number, bytes, len, &found, err)))
			return st;
		return found ? DS_OK
		             : ds_fail(err, DS_EINPUT, "number", N_("no such bundle"));
	}
	if (number != (found ? last.number + 1 : 1)) {
		char n[24];
		snprintf(n, sizeof(n), "%lld", (long long)(found ? last.number + 1 : 1));
		return ds_fail(err, DS_EINPUT, "number",
		               N_("the next bundle for this device is number %s"), n);
	}
	if ((st = store_device(s, &me, NULL, &sign_sk, err)))
		return st;
	e.device = device;
	e.county = me.device;
	if ((st = entitle(s, &d, found ? &last : NULL, &e, err)))
		goto out;
	if ((st = store_replica_since(s, found ? last.last_seq : 0, want, &e, 5000,
	                              &records, &upto, err)))
		goto out;
	if (e.n_moved) {
		json_t *hist = NULL;
		int64_t hl;
		if ((st = store_replica_since(s, 0, want_history, &e, 0, &hist, &hl, err)))
			goto out;
		/* the history first, so a household arrives before its visits */
		if (json_array_extend(hist, records)) {
			json_decref(hist);
			st = ds_fail(err, DS_ESYSTEM, "", N_("out of memory"));
			goto out;
		}
		json_decref(records);
		records = hist;
	}
	if (!json_array_size(records))
		goto out; /* nothing new */
	memset(&env, 0, sizeof(env));
	env.kind = SYNC_DOWN;
	memcpy(env.sender, me.device, SYNC_DEVICE_BYTES);
	env.epoch = (uint64_t)me.epoch;
	env.number = (uint64_t)number;
	env.first = (uint64_t)(found ? last.last_seq : 0) + 1;
	env.last = (uint64_t)upto;
	env.count = (uint32_t)json_array_size(records);
	if (found)
		memcpy(env.prev, last.hash, SYNC_HASH_BYTES);
	memset(&made, 0, sizeof(made));
	made.number = number;
	made.last_seq = upto;
	if ((st = sync_payload_encode(records, &payload, &plen, err)) ||
	    (st = sync_bundle_seal(bytes, len, made.hash, &env, payload, plen,
	                           d.box_pk, sign_sk->p)))
		goto out;
	if ((st = store_begin(s, err)))
		goto out;
	if ((st = store_down_add(s, device, &made, *bytes, *len, err)) ||
	    (st = store_commit(s, err)))
		store_rollback(s);
out:
	if (st) {
		free(*bytes);
		*bytes = NULL;
		*len = 0;
	}
	if (payload) {
		store_wipe(payload, plen);
		free(payload);
	}
	json_decref(records);
	free(e.mine);
	free(e.area);
	free(e.moved);
	store_secret_free(&sign_sk);
	return st;
}

ds_status county_waiting(ds_store *s, const unsigned char *device,
                         int64_t *count, ds_error *err)
{
	store_cdev d;
	store_down last;
	store_device_pub me;
	entitled e;
	int64_t hist = 0;
	bool found;
	ds_status st;
	*count = 0;
	memset(&e, 0, sizeof(e));
	if ((st = store_cdev_get(s, device, &d, &found, err)) || !found ||
	    (st = store_down_last(s, device, &last, &found, err)) ||
	    (st = store_device(s, &me, NULL, NULL, err)))
		return st;
	e.device = d.device;
	e.county = me.device;
	if (!(st = entitle(s, &d, found ? &last : NULL, &e, err)) &&
	    !(st = store_report_count_since(s, e.before, want, &e, count, err)) &&
	    e.n_moved &&
	    !(st = store_report_count_since(s, 0, want_history, &e, &hist, err)))
		*count += hist;
	free(e.mine);
	free(e.area);
	free(e.moved);
	return st;
}

ds_status county_receipt_text(ds_store *s, const sync_receipt *r, char **text,
                              size_t *len, ds_error *err)
{
	store_device_pub me;
	store_secret *sign_sk = NULL;
	ds_status st = store_device(s, &me, NULL, &sign_sk, err);
	if (st)
		return st;
	st = sync_receipt_make(r, sign_sk->p, text, len, err);
	store_secret_free(&sign_sk);
	return st;
}
